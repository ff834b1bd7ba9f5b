/* bench_open311: Open311's GET requests (issue 15) over a generated city
 * (bench_kwgen: 1M signals, 100k kwesties), through the real server,
 * against our own JSON list endpoint in the same run (bench/open311.sh).
 *
 * Over one keep-alive loopback connection each, alternating request by
 * request so both see the same load and caches:
 *   - GET /open311/v2/requests.json: the default window (the last 90
 *     days, at most 1,000 requests, newest first, docs/open311.md);
 *   - GET /open311/v2/requests.xml: the same in XML;
 *   - GET /api/v1/areas/GM0363/agenda: our own JSON list of the city's
 *     kwesties (the agenda API), the baseline the issue names;
 *   - GET /open311/v2/requests.json?page_size=25: a page of about the
 *     agenda's size, so the two compare per answer as well as per item.
 * After one warm-up request of each.  Prints one line:
 *   open311 requests=N json_p50_ms=.. json_p99_ms=.. xml_p50_ms=..
 *     xml_p99_ms=.. own_p50_ms=.. own_p99_ms=.. page25_p50_ms=..
 *     page25_p99_ms=.. ratio_p99=.. (json/own) ratio25_p99=.. (page25/own)
 *     json_bytes=.. xml_bytes=.. own_bytes=.. page25_bytes=..
 *
 *   bench_open311 PORT [REQUESTS]   (1000)
 * SPDX-License-Identifier: EUPL-1.2 */
#include "base/util.h"

#define BENCH_NAME "bench_open311"
#include "bench_client.h"

int main(int argc, char **argv)
{
	static const char *const paths[4] = {"/open311/v2/requests.json",
					     "/open311/v2/requests.xml",
					     "/api/v1/areas/GM0363/agenda",
					     "/open311/v2/requests.json?page_size=25"};
	struct client c[4] = {{.fd = -1}, {.fd = -1}, {.fd = -1}, {.fd = -1}};
	int port = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 0;
	size_t nreq = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
	double *t[4];
	size_t bytes[4] = {0, 0, 0, 0};

	if (port < 1 || port > 65535 || !nreq) {
		fprintf(stderr, "usage: bench_open311 PORT [REQUESTS]\n");
		return 2;
	}
	for (int k = 0; k < 4; k++) {
		c[k].port = port;
		t[k] = calloc(nreq, sizeof(double));
		if (!t[k])
			die("memory", "timings");
		client_get(&c[k], paths[k], NULL, &bytes[k]); /* warm-up */
	}
	for (size_t i = 0; i < nreq; i++)
		for (int k = 0; k < 4; k++)
			t[k][i] = client_get(&c[k], paths[k], NULL, &bytes[k]);
	printf("open311 requests=%zu json_p50_ms=%.2f json_p99_ms=%.2f"
	       " xml_p50_ms=%.2f xml_p99_ms=%.2f own_p50_ms=%.2f own_p99_ms=%.2f",
	       nreq, quantile(t[0], nreq, 0.5), quantile(t[0], nreq, 0.99),
	       quantile(t[1], nreq, 0.5), quantile(t[1], nreq, 0.99), quantile(t[2], nreq, 0.5),
	       quantile(t[2], nreq, 0.99));
	printf(" page25_p50_ms=%.2f page25_p99_ms=%.2f", quantile(t[3], nreq, 0.5),
	       quantile(t[3], nreq, 0.99));
	printf(" ratio_p99=%.3f ratio25_p99=%.3f json_bytes=%zu xml_bytes=%zu"
	       " own_bytes=%zu page25_bytes=%zu\n",
	       quantile(t[0], nreq, 0.99) / quantile(t[2], nreq, 0.99),
	       quantile(t[3], nreq, 0.99) / quantile(t[2], nreq, 0.99), bytes[0], bytes[1],
	       bytes[2], bytes[3]);
	for (int k = 0; k < 4; k++) {
		client_close(&c[k]);
		free(t[k]);
	}
	return 0;
}
