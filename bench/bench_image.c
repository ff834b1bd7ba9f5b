/* bench_image: the photo path (media/image.c) against the bare decoder in
 * the same run (bench/image.sh; bench/RESULTS.md, "issue 17: photos").
 *
 *   bench_image RUNS FILE...
 *
 * For each file: the bare decode with its library to 8-bit RGB at full
 * size (for a JPEG also with libjpeg's DCT scaling 1/2, 1/4, 1/8), then
 * image_process (decode, orientation, scaling, two encodes); p50 and p99
 * in ms over RUNS runs, and the ratio of the p50s, image_process / bare
 * full decode.  Runs alternate between the two so that load hits both. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>
#include <webp/decode.h>

#include "media/image.h"

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

static double pct(double *v, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);

	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[i];
}

static void bare_jpeg(const unsigned char *p, size_t len, unsigned denom)
{
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr e;
	unsigned char *rgb;

	d.err = jpeg_std_error(&e);
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, p, len);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_RGB;
	d.scale_num = 1;
	d.scale_denom = denom;
	jpeg_start_decompress(&d);
	rgb = malloc((size_t)d.output_width * d.output_height * 3);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = rgb + (size_t)d.output_scanline * d.output_width * 3;

		jpeg_read_scanlines(&d, &row, 1);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	free(rgb);
}

static void bare_png(const unsigned char *p, size_t len)
{
	png_image img;
	unsigned char *rgb;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	png_image_begin_read_from_memory(&img, p, len);
	img.format = PNG_FORMAT_RGB;
	rgb = malloc(PNG_IMAGE_SIZE(img));
	png_image_finish_read(&img, NULL, rgb, 0, NULL);
	free(rgb);
}

static void bare_webp(const unsigned char *p, size_t len)
{
	int w, h;

	WebPFree(WebPDecodeRGB(p, len, &w, &h));
}

static void bare(enum image_type t, const unsigned char *p, size_t len,
		 unsigned denom)
{
	if (t == IMAGE_JPEG)
		bare_jpeg(p, len, denom);
	else if (t == IMAGE_PNG)
		bare_png(p, len);
	else
		bare_webp(p, len);
}

static void process(const unsigned char *p, size_t len)
{
	struct image_result r;
	const char *msg;

	if (image_process(p, len, &r, &msg) != ERR_OK) {
		fprintf(stderr, "bench_image: refused: %s\n", msg);
		exit(1);
	}
	image_result_release(&r);
}

static void one(const char *path, int runs)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;
	enum image_type t;
	double *b = calloc((size_t)runs, sizeof(double));
	double *q = calloc((size_t)runs, sizeof(double));
	double bp50, qp50;
	unsigned denom;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0) {
		fprintf(stderr, "bench_image: %s: cannot read\n", path);
		exit(1);
	}
	rewind(f);
	p = malloc((size_t)n);
	if (fread(p, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	fclose(f);
	t = image_sniff(p, (size_t)n);
	process(p, (size_t)n); /* warm up */
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();

		bare(t, p, (size_t)n, 1);
		b[i] = now_ms() - t0;
		t0 = now_ms();
		process(p, (size_t)n);
		q[i] = now_ms() - t0;
	}
	bp50 = pct(b, runs, 0.5);
	qp50 = pct(q, runs, 0.5);
	printf("%s (%ld bytes)\n", path, n);
	printf("  bare decode 1/1   p50 %7.1f ms  p99 %7.1f ms\n", bp50,
	       pct(b, runs, 0.99));
	for (denom = 2; t == IMAGE_JPEG && denom <= 8; denom *= 2) {
		for (int i = 0; i < runs; i++) {
			double t0 = now_ms();

			bare(t, p, (size_t)n, denom);
			b[i] = now_ms() - t0;
		}
		printf("  bare decode 1/%u   p50 %7.1f ms  p99 %7.1f ms\n",
		       denom, pct(b, runs, 0.5), pct(b, runs, 0.99));
	}
	printf("  image_process     p50 %7.1f ms  p99 %7.1f ms  "
	       "ratio %.2f x bare 1/1\n",
	       qp50, pct(q, runs, 0.99), qp50 / bp50);
	free(p);
	free(b);
	free(q);
}

int main(int argc, char **argv)
{
	char *end = NULL;
	int runs;

	if (argc < 3 || (runs = (int)strtol(argv[1], &end, 10)) < 1 || *end) {
		fprintf(stderr, "usage: bench_image RUNS FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		one(argv[i], runs);
	return 0;
}
