/* bench_argon2: the baseline for log-in latency.  N bare argon2id
 * verifications (libsodium, INTERACTIVE limits) on two threads, as the
 * server's semaphore allows two at once.
 *
 *   bench_argon2 N  ->  argon2.verify n=N per_s=... mean_ms=... */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char hash[crypto_pwhash_STRBYTES];
static const char pw[] = "bench-wachtwoord-lang-genoeg";

static void *verify_n(void *arg)
{
	long n = *(long *)arg;

	for (long i = 0; i < n; i++)
		if (crypto_pwhash_str_verify(hash, pw, strlen(pw)) != 0)
			abort();
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 200, half, rest;
	struct timespec t0, t1;
	pthread_t a, b;
	double s;

	if (n < 2 || n > 100000) {
		fprintf(stderr, "usage: bench_argon2 [N, 2-100000]\n");
		return 2;
	}
	half = n / 2;
	rest = n - half;

	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&a, NULL, verify_n, &half);
	pthread_create(&b, NULL, verify_n, &rest);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("argon2.verify n=%ld threads=2 per_s=%.1f mean_ms=%.0f\n", n, n / s,
	       s * 1000.0 * 2 / n);
	return 0;
}
