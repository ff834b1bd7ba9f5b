/* vips_image: the same work as image_process done by libvips, for the
 * comparison in bench/image.sh only (the project does not link libvips):
 * vips_thumbnail_buffer to 1600 (shrink-on-load for JPEG and WebP),
 * jpegsave Q 82 without metadata, a 320 thumbnail of that, jpegsave Q 75.
 *
 *   vips_image RUNS FILE...      VIPS_CONCURRENCY sets its thread pool
 * SPDX-License-Identifier: EUPL-1.2 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <vips/vips.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int once(void *p, size_t len)
{
	VipsImage *seq = NULL, *disp = NULL, *th = NULL;
	void *o1 = NULL, *o2 = NULL;
	size_t l1, l2;
	/* the thumbnail is read sequentially: into memory once, for both */
	int bad = vips_thumbnail_buffer(p, len, &seq, 1600, "size",
					VIPS_SIZE_DOWN, NULL) ||
		  !(disp = vips_image_copy_memory(seq)) ||
		  vips_jpegsave_buffer(disp, &o1, &l1, "Q", 82, "strip", TRUE,
				       NULL) ||
		  vips_thumbnail_image(disp, &th, 320, NULL) ||
		  vips_jpegsave_buffer(th, &o2, &l2, "Q", 75, "strip", TRUE,
				       NULL);

	g_free(o1);
	g_free(o2);
	if (th)
		g_object_unref(th);
	if (disp)
		g_object_unref(disp);
	if (seq)
		g_object_unref(seq);
	return bad;
}

int main(int argc, char **argv)
{
	char *end = NULL;
	long runs = argc > 1 ? strtol(argv[1], &end, 10) : 0;

	if (VIPS_INIT(argv[0]) || runs < 1 || runs > 10000 || *end)
		return 2;
	vips_cache_set_max(0);
	for (int i = 2; i < argc; i++) {
		gchar *p;
		gsize len;
		double *v = calloc((size_t)runs, sizeof(double));

		if (!g_file_get_contents(argv[i], &p, &len, NULL))
			return 1;
		if (once(p, len)) {
			fprintf(stderr, "vips: %s\n", vips_error_buffer());
			return 1;
		}
		for (int r = 0; r < runs; r++) {
			double t0 = now_ms();

			once(p, len);
			v[r] = now_ms() - t0;
		}
		qsort(v, (size_t)runs, sizeof(*v), cmp);
		printf("%s\n  libvips %d threads p50 %7.1f ms  p99 %7.1f ms\n",
		       argv[i], vips_concurrency_get(), v[(runs - 1) / 2],
		       v[(int)(0.99 * (runs - 1) + 0.5)]);
		g_free(p);
		free(v);
	}
	vips_shutdown();
	return 0;
}
