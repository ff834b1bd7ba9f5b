/* make_fixtures: writes the test images of tests/data/images/ with the
 * same libraries the server decodes with (no ImageMagick, no PIL).
 *   cc -O2 -o /tmp/mf make_fixtures.c $(pkg-config --cflags --libs libjpeg libpng libwebp) -lm
 *   /tmp/mf DIR            the small fixtures
 *   /tmp/mf -photo FILE W H Q   a photo-like JPEG (gradient, shapes, noise)
 * SPDX-License-Identifier: EUPL-1.2 */
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <webp/encode.h>

static unsigned rnd_state = 12345;
static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 16;
}

/* A photo-like picture: sky gradient, a "house", noise. */
static unsigned char *picture(unsigned w, unsigned h, unsigned ch)
{
	unsigned char *p = malloc((size_t)w * h * ch);
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			unsigned char *q = p + ((size_t)y * w + x) * ch;
			int n = (int)(rnd() % 24) - 12;
			int r = 80 + 120 * x / w, g = 120 + 100 * y / h, b = 200 - 120 * y / h;
			if (x > w / 4 && x < w / 2 && y > h / 2)
				r = 170, g = 60, b = 40;
			r += n + (int)(20 * sin(x / 7.0));
			g += n;
			b += n;
			q[0] = (unsigned char)(r < 0 ? 0 : r > 255 ? 255 : r);
			if (ch >= 3) {
				q[1] = (unsigned char)(g < 0 ? 0 : g > 255 ? 255 : g);
				q[2] = (unsigned char)(b < 0 ? 0 : b > 255 ? 255 : b);
			}
			if (ch == 4)
				q[3] = (unsigned char)(255 * x / w);
		}
	return p;
}

/* EXIF: IFD0 with Orientation=6 and a GPS IFD pointer; the GPS IFD with
 * latitude 52;22;12.34 N and longitude 4;53;42.1 E (Amsterdam). */
static size_t exif_app1(unsigned char *b)
{
	unsigned char t[256] = {0};
	size_t n = 0;
#define U16(v) (t[n++] = (unsigned char)((v) & 255), t[n++] = (unsigned char)((v) >> 8))
#define U32(v) (U16((v) & 0xffff), U16((unsigned)(v) >> 16))
	memcpy(t, "II*\0", 4); n = 4; U32(8);
	U16(2);                                      /* IFD0: 2 entries */
	U16(0x0112); U16(3); U32(1); U16(6); U16(0); /* Orientation 6 */
	U16(0x8825); U16(4); U32(1); U32(38);        /* GPS IFD at 38 */
	U32(0);
	/* GPS IFD at 38: 4 entries, then rationals at 38+2+48+4 = 92 */
	U16(4);
	U16(1); U16(2); U32(2); memcpy(t + n, "N\0\0\0", 4); n += 4;
	U16(2); U16(5); U32(3); U32(92);
	U16(3); U16(2); U32(2); memcpy(t + n, "E\0\0\0", 4); n += 4;
	U16(4); U16(5); U32(3); U32(116);
	U32(0);
	U32(52); U32(1); U32(22); U32(1); U32(1234); U32(100);
	U32(4); U32(1); U32(53); U32(1); U32(421); U32(10);
	memcpy(b, "Exif\0\0", 6);
	memcpy(b + 6, t, n);
	return n + 6;
}

static void jpeg_file(const char *path, unsigned w, unsigned h, int q,
		      int progressive, int comps, int exif)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	FILE *f = fopen(path, "wb");
	unsigned char *p = picture(w, h, comps == 1 ? 1 : comps);

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = w;
	c.image_height = h;
	c.input_components = comps;
	c.in_color_space = comps == 1 ? JCS_GRAYSCALE : comps == 4 ? JCS_CMYK : JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, q, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	if (exif) {
		unsigned char b[300];
		size_t n = exif_app1(b);
		const char *xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS 52.37 4.89</x:xmpmeta>";
		jpeg_write_marker(&c, JPEG_APP0 + 1, b, (unsigned)n);
		jpeg_write_marker(&c, JPEG_APP0 + 1, (const JOCTET *)xmp, 68);
		jpeg_write_marker(&c, JPEG_COM, (const JOCTET *)"thuis: Dorpsstraat 1", 20);
	}
	for (unsigned y = 0; y < h; y++) {
		JSAMPROW row = p + (size_t)y * w * (unsigned)comps;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);
	free(p);
}

static void png_file(const char *path, unsigned w, unsigned h, int type, int depth)
{
	FILE *f = fopen(path, "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	int ch = type == PNG_COLOR_TYPE_RGB ? 3 : type == PNG_COLOR_TYPE_RGBA ? 4 : 1;
	unsigned char *p = picture(w, h, (unsigned)ch);
	size_t rowbytes = (size_t)w * (unsigned)ch * (unsigned)depth / 8;
	unsigned char *row = calloc(1, rowbytes + 8);

	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, depth, type, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (type == PNG_COLOR_TYPE_PALETTE) {
		png_color pal[16];
		for (int i = 0; i < 16; i++)
			pal[i].red = (png_byte)(i * 16), pal[i].green = (png_byte)(255 - i * 16), pal[i].blue = 128;
		png_set_PLTE(png, info, pal, 16);
	}
	png_write_info(png, info);
	for (unsigned y = 0; y < h; y++) {
		for (size_t i = 0; i < (size_t)w * (unsigned)ch; i++) {
			unsigned v = p[(size_t)y * w * (unsigned)ch + i];
			if (type == PNG_COLOR_TYPE_PALETTE)
				row[i] = (unsigned char)(v % 16);
			else if (depth == 16)
				row[2 * i] = (unsigned char)v, row[2 * i + 1] = (unsigned char)(v ^ 0x5a);
			else
				row[i] = (unsigned char)v;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	free(p);
	free(row);
}

/* 50,000 x 50,000, 1-bit grey, all zero: 312 MB of rows in a small file. */
static void png_bomb(const char *path)
{
	FILE *f = fopen(path, "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	unsigned char *row = calloc(1, 50000 / 8 + 1);

	png_set_user_limits(png, 100000, 100000);
	png_init_io(png, f);
	png_set_compression_level(png, 9);
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_set_IHDR(png, info, 50000, 50000, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (unsigned y = 0; y < 50000; y++)
		png_write_row(png, row);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	free(row);
}

static void webp_file(const char *path, unsigned w, unsigned h, int lossless)
{
	unsigned char *p = picture(w, h, lossless ? 4 : 3), *out = NULL;
	size_t n = lossless ? WebPEncodeLosslessRGBA(p, (int)w, (int)h, (int)w * 4, &out)
			    : WebPEncodeRGB(p, (int)w, (int)h, (int)w * 3, 80, &out);
	FILE *f = fopen(path, "wb");
	fwrite(out, 1, n, f);
	fclose(f);
	WebPFree(out);
	free(p);
}

static unsigned num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0 || v > 20000) {
		fprintf(stderr, "make_fixtures: bad number %s\n", s);
		exit(2);
	}
	return (unsigned)v;
}

int main(int argc, char **argv)
{
	char path[4096];
#define P(name) (snprintf(path, sizeof(path), "%s/%s", argv[1], name), path)
	if (argc == 6 && strcmp(argv[1], "-photo") == 0) {
		jpeg_file(argv[2], num(argv[3]), num(argv[4]), (int)num(argv[5]), 0, 3, 0);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "-photo-png") == 0) {
		png_file(argv[2], num(argv[3]), num(argv[4]), PNG_COLOR_TYPE_RGB, 8);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "-photo-webp") == 0) {
		webp_file(argv[2], num(argv[3]), num(argv[4]), 0);
		return 0;
	}
	if (argc != 2)
		return 2;
	jpeg_file(P("rgb.jpg"), 64, 48, 85, 0, 3, 0);
	jpeg_file(P("progressive.jpg"), 64, 48, 85, 1, 3, 0);
	jpeg_file(P("grey.jpg"), 40, 30, 85, 0, 1, 0);
	jpeg_file(P("cmyk.jpg"), 40, 30, 85, 0, 4, 0);
	jpeg_file(P("exif_gps_o6.jpg"), 64, 48, 85, 0, 3, 1);
	jpeg_file(P("tiny.jpg"), 1, 1, 85, 0, 3, 0);
	png_file(P("rgb.png"), 64, 48, PNG_COLOR_TYPE_RGB, 8);
	png_file(P("rgba.png"), 64, 48, PNG_COLOR_TYPE_RGBA, 8);
	png_file(P("grey.png"), 64, 48, PNG_COLOR_TYPE_GRAY, 8);
	png_file(P("palette.png"), 64, 48, PNG_COLOR_TYPE_PALETTE, 4);
	png_file(P("rgb16.png"), 64, 48, PNG_COLOR_TYPE_RGB, 16);
	png_file(P("tiny.png"), 1, 1, PNG_COLOR_TYPE_RGB, 8);
	png_bomb(P("bomb.png"));
	webp_file(P("lossy.webp"), 64, 48, 0);
	webp_file(P("lossless.webp"), 64, 48, 1);
	return 0;
}
