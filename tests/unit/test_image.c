/* test_image: the photo path (media/image.c) on real files made with the
 * real libraries (tests/data/images/README.md): every accepted kind comes
 * out as two baseline JPEGs without metadata, decoded again here with
 * libjpeg; EXIF orientation is applied and GPS is gone; bombs, truncated
 * files, polyglots and other types are refused with their message.
 * Run from the top of the tree (the fixtures are read from
 * tests/data/images/, or $IMAGE_FIXTURES). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>
#include <webp/encode.h>

#include "media/image.h"

static unsigned char *fixture(const char *name, size_t *len)
{
	const char *dir = getenv("IMAGE_FIXTURES");
	char path[512];
	FILE *f;
	unsigned char *p;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data/images",
		 name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	p = malloc((size_t)n);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* ---- checking an output JPEG ---- */

static const unsigned char *find(const struct buf *b, const void *s, size_t n)
{
	return memmem(b->data, b->len, s, n);
}

/* Markers before SOS are only APP0 (JFIF), DQT, SOF0, DHT; it ends in EOI. */
static void check_markers(const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)b->data;
	size_t i = 2;

	assert_true(b->len > 4);
	assert_true(p[0] == 0xff && p[1] == 0xd8);
	assert_true(p[b->len - 2] == 0xff && p[b->len - 1] == 0xd9);
	for (;;) {
		unsigned m;

		assert_true(i + 4 <= b->len);
		assert_int_equal(p[i], 0xff);
		m = p[i + 1];
		assert_true(m == 0xe0 || m == 0xdb || m == 0xc0 || m == 0xc4 ||
			    m == 0xda);
		if (m == 0xe0)
			assert_memory_equal(p + i + 4, "JFIF\0", 5);
		if (m == 0xda)
			break;
		i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
	}
}

struct decoded {
	unsigned w, h;
	unsigned char *rgb;
};

static struct decoded decode_jpeg(const struct buf *b)
{
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr e;
	struct decoded out;

	d.err = jpeg_std_error(&e);
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, (const unsigned char *)b->data, b->len);
	jpeg_save_markers(&d, JPEG_COM, 0xffff);
	for (int m = 1; m < 16; m++)
		jpeg_save_markers(&d, JPEG_APP0 + m, 0xffff);
	assert_int_equal(jpeg_read_header(&d, TRUE), JPEG_HEADER_OK);
	assert_null(d.marker_list); /* no APP1..15, no COM */
	assert_false(d.progressive_mode);
	assert_int_equal(d.num_components, 3);
	d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&d);
	out.w = d.output_width;
	out.h = d.output_height;
	out.rgb = malloc((size_t)out.w * out.h * 3);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = out.rgb + (size_t)d.output_scanline * out.w * 3;

		jpeg_read_scanlines(&d, &row, 1);
	}
	jpeg_finish_decompress(&d);
	assert_int_equal(e.num_warnings, 0);
	jpeg_destroy_decompress(&d);
	return out;
}

static void check_output(const struct buf *b, unsigned w, unsigned h)
{
	struct decoded d;

	check_markers(b);
	assert_null(find(b, "Exif", 4));
	assert_null(find(b, "GPS", 3));
	assert_null(find(b, "xmpmeta", 7));
	assert_null(find(b, "Dorpsstraat", 11));
	assert_null(find(b, "ICC_PROFILE", 11));
	d = decode_jpeg(b);
	assert_int_equal(d.w, w);
	assert_int_equal(d.h, h);
	free(d.rgb);
}

static void check_ok(const void *data, size_t len, enum image_type t,
		     unsigned w, unsigned h, unsigned tw, unsigned th)
{
	struct image_result r;
	const char *msg = NULL;

	assert_int_equal(image_sniff(data, len), t);
	assert_int_equal(image_process(data, len, &r, &msg), ERR_OK);
	assert_int_equal(r.source, t);
	assert_int_equal(r.width, w);
	assert_int_equal(r.height, h);
	assert_int_equal(r.thumb_width, tw);
	assert_int_equal(r.thumb_height, th);
	check_output(&r.display, w, h);
	check_output(&r.thumb, tw, th);
	image_result_release(&r);
	assert_null(r.display.data);
}

static void check_file(const char *name, enum image_type t, unsigned w,
		       unsigned h)
{
	size_t len;
	unsigned char *p = fixture(name, &len);

	check_ok(p, len, t, w, h, w, h);
	free(p);
}

static void check_refused(const void *data, size_t len, enum err want,
			  const char *want_msg)
{
	struct image_result r;
	const char *msg = NULL;

	assert_int_equal(image_process(data, len, &r, &msg), want);
	assert_non_null(msg);
	if (want_msg)
		assert_string_equal(msg, want_msg);
	assert_int_equal(r.display.len, 0);
	assert_int_equal(r.thumb.len, 0);
	assert_int_equal(r.source, IMAGE_NONE);
	image_result_release(&r);
}

#define NOT_PHOTO "Dit bestand is geen foto (JPEG, PNG of WebP)."
#define DAMAGED "De foto is beschadigd of onvolledig."
#define PIXELS "De foto is te groot: hoogstens 50 megapixel."

/* ---- generating a big photo in memory ---- */

static struct buf make_jpeg(unsigned w, unsigned h, int q)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *mem = NULL, *row = malloc((size_t)w * 3);
	unsigned long size = 0;
	struct buf b;
	unsigned s = 1;

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &size);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, q, TRUE);
	jpeg_start_compress(&c, TRUE);
	for (unsigned y = 0; y < h; y++) {
		for (unsigned x = 0; x < w * 3; x++) {
			s = s * 1103515245u + 12345u;
			row[x] = (unsigned char)((x / 3 * 200 / w) + (s >> 28));
		}
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	buf_init(&b, 0);
	buf_add(&b, mem, size);
	free(mem);
	free(row);
	return b;
}

/* ---- the tests ---- */

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(image_sniff("\xff\xd8\xff\xe0", 4), IMAGE_JPEG);
	assert_int_equal(image_sniff("\xff\xd8", 2), IMAGE_NONE);
	assert_int_equal(image_sniff("\x89PNG\r\n\x1a\n", 8), IMAGE_PNG);
	assert_int_equal(image_sniff("\x89PNG\r\n\x1a", 7), IMAGE_NONE);
	assert_int_equal(image_sniff("RIFF\0\0\0\0WEBP", 12), IMAGE_WEBP);
	assert_int_equal(image_sniff("RIFF\0\0\0\0WAVE", 12), IMAGE_NONE);
	assert_int_equal(image_sniff("GIF89a", 6), IMAGE_NONE);
	assert_int_equal(image_sniff(NULL, 0), IMAGE_NONE);
}

static void test_jpeg_kinds(void **state)
{
	(void)state;
	check_file("rgb.jpg", IMAGE_JPEG, 64, 48);
	check_file("progressive.jpg", IMAGE_JPEG, 64, 48);
	check_file("grey.jpg", IMAGE_JPEG, 40, 30);
	check_file("cmyk.jpg", IMAGE_JPEG, 40, 30);
	check_file("tiny.jpg", IMAGE_JPEG, 1, 1);
}

static void test_png_kinds(void **state)
{
	(void)state;
	check_file("rgb.png", IMAGE_PNG, 64, 48);
	check_file("rgba.png", IMAGE_PNG, 64, 48);
	check_file("grey.png", IMAGE_PNG, 64, 48);
	check_file("palette.png", IMAGE_PNG, 64, 48);
	check_file("rgb16.png", IMAGE_PNG, 64, 48);
	check_file("tiny.png", IMAGE_PNG, 1, 1);
}

static void test_webp_kinds(void **state)
{
	(void)state;
	check_file("lossy.webp", IMAGE_WEBP, 64, 48);
	check_file("lossless.webp", IMAGE_WEBP, 64, 48);
}

/* rgba.png's alpha runs from 0 (left) to 255: the left edge is white. */
static void test_alpha_on_white(void **state)
{
	size_t len;
	unsigned char *p = fixture("rgba.png", &len);
	struct image_result r;
	const char *msg;
	struct decoded d;

	(void)state;
	assert_int_equal(image_process(p, len, &r, &msg), ERR_OK);
	d = decode_jpeg(&r.display);
	for (int c = 0; c < 3; c++)
		assert_true(d.rgb[(10 * d.w + 0) * 3 + c] > 235);
	free(d.rgb);
	image_result_release(&r);
	free(p);
}

/* Orientation 6 (rotate 90 clockwise to show): 64x48 becomes 48x64, and
 * the red house (source x 16..32, y 24..48) lands at x 0..23, y 16..32. */
static void test_exif_orientation_gps(void **state)
{
	size_t len;
	unsigned char *p = fixture("exif_gps_o6.jpg", &len);
	struct image_result r;
	const char *msg;
	struct decoded d;
	const unsigned char *px;

	(void)state;
	assert_non_null(memmem(p, len, "Exif", 4)); /* the input has them */
	assert_non_null(memmem(p, len, "Dorpsstraat", 11));
	check_ok(p, len, IMAGE_JPEG, 48, 64, 48, 64);
	assert_int_equal(image_process(p, len, &r, &msg), ERR_OK);
	d = decode_jpeg(&r.display);
	px = d.rgb + (24 * d.w + 10) * 3;
	assert_true(px[0] > 130 && px[1] < 110 && px[2] < 100);
	px = d.rgb + (24 * d.w + 40) * 3; /* sky, not house */
	assert_true(px[2] > 100);
	free(d.rgb);
	image_result_release(&r);
	free(p);
}

static void test_large_photo(void **state)
{
	struct buf b = make_jpeg(4000, 3000, 85);
	struct timespec t0, t1;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check_ok(b.data, b.len, IMAGE_JPEG, 1600, 1200, 320, 240);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	buf_release(&b);
	b = make_jpeg(1200, 2000, 80); /* portrait, DCT scaling not usable */
	check_ok(b.data, b.len, IMAGE_JPEG, 960, 1600, 192, 320);
	buf_release(&b);
	b = make_jpeg(1601, 9, 80); /* very flat: the short side stays >= 1 */
	check_ok(b.data, b.len, IMAGE_JPEG, 1600, 9, 320, 2);
	buf_release(&b);
	(void)t1;
}

/* A WebP above the display size is scaled by libwebp while decoding. */
static void test_large_webp(void **state)
{
	unsigned w = 2400, h = 1000;
	unsigned char *px = malloc((size_t)w * h * 4), *enc = NULL;
	size_t i, n;

	(void)state;
	for (i = 0; i < (size_t)w * h * 4; i++)
		px[i] = (unsigned char)(i % 4 == 3 ? 255 : (i * 7) % 251);
	n = WebPEncodeRGB(px, (int)w, (int)h, (int)w * 3, 80, &enc);
	assert_true(n > 0);
	check_ok(enc, n, IMAGE_WEBP, 1600, 667, 320, 133);
	check_refused(enc, n / 2, ERR_INVALID, DAMAGED);
	WebPFree(enc);
	n = WebPEncodeLosslessRGBA(px, (int)w, (int)h, (int)w * 4, &enc);
	assert_true(n > 0);
	check_ok(enc, n, IMAGE_WEBP, 1600, 667, 320, 133);
	check_refused(enc, n - 10, ERR_INVALID, DAMAGED);
	WebPFree(enc);
	free(px);
}

/* The bomb's header says 50,000 x 50,000: refused before any pixel. */
static void test_bomb(void **state)
{
	size_t len;
	unsigned char *p = fixture("bomb.png", &len);
	struct timespec t0, t1;
	double ms;

	(void)state;
	assert_true(len < 8192);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check_refused(p, len, ERR_TOO_LARGE, PIXELS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_true(ms < 100);
	free(p);
}

/* SOF0 of rgb.jpg patched to claim other sizes. */
static void test_jpeg_header_limits(void **state)
{
	size_t len, i;
	unsigned char *p = fixture("rgb.jpg", &len);

	(void)state;
	for (i = 2; i + 9 < len && !(p[i] == 0xff && p[i + 1] == 0xc0); i++)
		;
	assert_true(i + 9 < len);
	p[i + 5] = 10000 >> 8, p[i + 6] = 10000 & 255; /* height */
	p[i + 7] = 6000 >> 8, p[i + 8] = 6000 & 255;   /* width: 60 MP */
	check_refused(p, len, ERR_TOO_LARGE, PIXELS);
	p[i + 5] = 0, p[i + 6] = 10;		      /* 10 high */
	p[i + 7] = 16385 >> 8, p[i + 8] = 16385 & 255; /* too wide */
	check_refused(p, len, ERR_TOO_LARGE, PIXELS);
	free(p);
}

static void check_truncated(const char *name, size_t keep)
{
	size_t len;
	unsigned char *p = fixture(name, &len);

	assert_true(keep < len);
	check_refused(p, keep, ERR_INVALID, DAMAGED);
	free(p);
}

static void test_truncated(void **state)
{
	size_t len;
	unsigned char *p = fixture("rgb.jpg", &len);

	(void)state;
	free(p);
	check_truncated("rgb.jpg", len / 2);
	check_truncated("rgb.jpg", len - 2); /* no EOI only */
	check_truncated("progressive.jpg", 900);
	check_truncated("rgb.jpg", 20);	/* inside the header */
	check_truncated("rgb.png", 3000);
	check_truncated("rgb.png", 40);
	check_truncated("lossy.webp", 400);
	check_truncated("lossless.webp", 1500);
	check_truncated("lossy.webp", 20);
}

static void test_polyglots(void **state)
{
	size_t len;
	unsigned char *p = fixture("rgb.jpg", &len);
	struct buf b;
	const char html[] = "<html><script>alert(1)</script></html>";
	const char zip[] = "PK\3\4\24\0\0\0\10\0payload.html<script>";
	struct image_result r;
	const char *msg;

	(void)state;
	/* a JPEG header, then HTML: not a picture */
	buf_init(&b, 0);
	buf_add(&b, p, 200);
	buf_add(&b, html, sizeof(html) - 1);
	check_refused(b.data, b.len, ERR_INVALID, DAMAGED);
	/* a whole JPEG with a ZIP after it: the picture is kept, the rest
	 * is not written out */
	buf_reset(&b);
	buf_add(&b, p, len);
	buf_add(&b, zip, sizeof(zip) - 1);
	assert_int_equal(image_process(b.data, b.len, &r, &msg), ERR_OK);
	assert_null(find(&r.display, "PK\3\4", 4));
	assert_null(find(&r.display, "script", 6));
	check_output(&r.display, 64, 48);
	image_result_release(&r);
	/* HTML first, then a JPEG: not one of ours by its magic */
	buf_reset(&b);
	buf_add(&b, html, sizeof(html) - 1);
	buf_add(&b, p, len);
	check_refused(b.data, b.len, ERR_UNSUPPORTED, NOT_PHOTO);
	buf_release(&b);
	free(p);
}

static void test_other_types(void **state)
{
	static const char *const others[] = {
		"GIF89a\1\0\1\0\200\0\0\0\0\0\377\377\377!\371\4\1\0\0\0\0,"
		"\0\0\0\0\1\0\1\0\0\2\2D\1\0;",
		"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
		"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
		"<script>alert(1)</script></svg>",
		"BM\66\0\0\0\0\0\0\0\66\0\0\0",
		"RIFF\4\0\0\0WAVEfmt ",
	};
	unsigned char rnd[4096];
	unsigned s = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		check_refused(others[i], strlen(others[i]), ERR_UNSUPPORTED,
			      NOT_PHOTO);
	check_refused("", 0, ERR_UNSUPPORTED, NOT_PHOTO);
	check_refused(NULL, 0, ERR_UNSUPPORTED, NOT_PHOTO);
	for (i = 0; i < sizeof(rnd); i++) {
		s = s * 1103515245u + 12345u;
		rnd[i] = (unsigned char)(s >> 24);
	}
	check_refused(rnd, sizeof(rnd), ERR_UNSUPPORTED, NOT_PHOTO);
	/* random bytes behind each magic */
	memcpy(rnd, "\xff\xd8\xff\xe0", 4);
	check_refused(rnd, sizeof(rnd), ERR_INVALID, DAMAGED);
	memcpy(rnd, "\x89PNG\r\n\x1a\n", 8);
	check_refused(rnd, sizeof(rnd), ERR_INVALID, DAMAGED);
	memcpy(rnd, "RIFF\0\0\0\0WEBP", 12);
	check_refused(rnd, sizeof(rnd), ERR_INVALID, DAMAGED);
}

static void test_too_many_bytes(void **state)
{
	size_t len;
	unsigned char *p = fixture("rgb.jpg", &len);
	unsigned char *big = calloc(1, IMAGE_MAX_BYTES + 1);

	(void)state;
	memcpy(big, p, len);
	check_refused(big, IMAGE_MAX_BYTES + 1, ERR_TOO_LARGE,
		      "De foto is te groot: hoogstens 10 MB.");
	check_ok(big, IMAGE_MAX_BYTES, IMAGE_JPEG, 64, 48, 64, 48);
	free(big);
	free(p);
}

/* No global state: two threads at once, each checking its own result. */
static void *worker(void *arg)
{
	const char *name = arg;

	for (int i = 0; i < 20; i++) {
		if (name[0] == 'e')
			check_file(name, IMAGE_JPEG, 48, 64);
		else
			check_file(name, IMAGE_PNG, 64, 48);
		check_truncated("rgb.jpg", 700);
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t a, b;

	(void)state;
	assert_int_equal(pthread_create(&a, NULL, worker, "exif_gps_o6.jpg"), 0);
	assert_int_equal(pthread_create(&b, NULL, worker, "rgb16.png"), 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_jpeg_kinds),
		cmocka_unit_test(test_png_kinds),
		cmocka_unit_test(test_webp_kinds),
		cmocka_unit_test(test_alpha_on_white),
		cmocka_unit_test(test_exif_orientation_gps),
		cmocka_unit_test(test_large_photo),
		cmocka_unit_test(test_large_webp),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_jpeg_header_limits),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_polyglots),
		cmocka_unit_test(test_other_types),
		cmocka_unit_test(test_too_many_bytes),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
