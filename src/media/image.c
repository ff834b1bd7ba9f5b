/* image: see image.h.  The decoders live in image_jpeg.c, image_png.c and
 * image_webp.c; here: recognising the bytes, the limits, scaling,
 * orientation and the two encodes. */
#include "image.h"

#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "image_priv.h"

const char *const image_msg_not_photo =
	N_("Dit bestand is geen foto (JPEG, PNG of WebP).");
const char *const image_msg_pixels =
	N_("De foto is te groot: hoogstens 50 megapixel.");
const char *const image_msg_damaged = N_("De foto is beschadigd of onvolledig.");
const char *const image_msg_internal =
	N_("De foto kon niet worden verwerkt. Probeer het later opnieuw.");

/* Neither output can come near this; it only bounds a buf. */
#define IMAGE_OUT_MAX ((size_t)16 << 20)

enum image_type image_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;

	if (!p)
		return IMAGE_NONE;
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return IMAGE_JPEG;
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return IMAGE_PNG;
	if (len >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	return IMAGE_NONE;
}

enum err image_check_size(unsigned long w, unsigned long h, const char **msg)
{
	if (w == 0 || h == 0) {
		*msg = image_msg_damaged;
		return ERR_INVALID;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    (uint64_t)w * h > IMAGE_MAX_PIXELS) {
		*msg = image_msg_pixels;
		return ERR_TOO_LARGE;
	}
	return ERR_OK;
}

unsigned char *image_px_alloc(struct image_px *px, unsigned w, unsigned h)
{
	px->w = w;
	px->h = h;
	px->rgb = malloc((size_t)w * h * 3);
	return px->rgb;
}

/* ---- scaling: area averaging, separable ---- */

/* The source span [a, b) that output i of n covers in a side of m, and
 * 1/(b - a) in 24-bit fixed point. */
struct span {
	unsigned a, b;
	uint32_t inv;
};

static struct span *scale_spans(unsigned n, unsigned m)
{
	struct span *s = malloc((size_t)n * sizeof(*s));
	unsigned i;

	for (i = 0; s && i < n; i++) {
		s[i].a = (unsigned)((uint64_t)i * m / n);
		s[i].b = (unsigned)(((uint64_t)(i + 1) * m + n - 1) / n);
		if (s[i].b <= s[i].a)
			s[i].b = s[i].a + 1;
		s[i].inv = (uint32_t)(((1u << 24) + (s[i].b - s[i].a) / 2) /
				      (s[i].b - s[i].a));
	}
	return s;
}

static unsigned char scale_mean(uint32_t sum, uint32_t inv)
{
	uint64_t v = ((uint64_t)sum * inv + (1u << 23)) >> 24;

	return (unsigned char)(v > 255 ? 255 : v);
}

static void scale_rows(const struct image_px *src, struct image_px *dst,
		       const struct span *sp)
{
	unsigned y, x, sx;

	for (y = 0; y < src->h; y++) {
		const unsigned char *in = src->rgb + (size_t)y * src->w * 3;
		unsigned char *out = dst->rgb + (size_t)y * dst->w * 3;

		for (x = 0; x < dst->w; x++, out += 3) {
			uint32_t r = 0, g = 0, b = 0;

			for (sx = sp[x].a; sx < sp[x].b; sx++) {
				r += in[sx * 3];
				g += in[sx * 3 + 1];
				b += in[sx * 3 + 2];
			}
			out[0] = scale_mean(r, sp[x].inv);
			out[1] = scale_mean(g, sp[x].inv);
			out[2] = scale_mean(b, sp[x].inv);
		}
	}
}

static void scale_cols(const struct image_px *src, struct image_px *dst,
		       const struct span *sp, uint32_t *sum)
{
	unsigned y, sy;
	size_t i, row = (size_t)dst->w * 3;

	for (y = 0; y < dst->h; y++) {
		unsigned char *out = dst->rgb + y * row;

		memset(sum, 0, row * sizeof(*sum));
		for (sy = sp[y].a; sy < sp[y].b; sy++) {
			const unsigned char *in = src->rgb + sy * row;

			for (i = 0; i < row; i++)
				sum[i] += in[i];
		}
		for (i = 0; i < row; i++)
			out[i] = scale_mean(sum[i], sp[y].inv);
	}
}

void image_scale_size(unsigned w, unsigned h, unsigned side, unsigned *dw,
		       unsigned *dh)
{
	unsigned long longest = w > h ? w : h;

	*dw = w;
	*dh = h;
	if (longest <= side)
		return;
	*dw = (unsigned)(((uint64_t)w * side + longest / 2) / longest);
	*dh = (unsigned)(((uint64_t)h * side + longest / 2) / longest);
	if (*dw == 0)
		*dw = 1;
	if (*dh == 0)
		*dh = 1;
}

/* dst: src scaled so that its longest side is at most side; src is
 * consumed (freed or moved into dst).  ERR_INTERNAL on out of memory. */
static enum err scale_down(struct image_px *src, unsigned side,
			   struct image_px *dst)
{
	struct image_px mid = {0};
	struct span *xs = NULL, *ys = NULL;
	uint32_t *sum = NULL;
	unsigned dw, dh;
	enum err e = ERR_INTERNAL;

	image_scale_size(src->w, src->h, side, &dw, &dh);
	if (dw == src->w && dh == src->h) {
		*dst = *src;
		src->rgb = NULL;
		return ERR_OK;
	}
	dst->rgb = NULL;
	xs = scale_spans(dw, src->w);
	ys = scale_spans(dh, src->h);
	sum = malloc((size_t)dw * 3 * sizeof(*sum));
	if (xs && ys && sum && image_px_alloc(&mid, dw, src->h) &&
	    image_px_alloc(dst, dw, dh)) {
		scale_rows(src, &mid, xs);
		scale_cols(&mid, dst, ys, sum);
		free(src->rgb);
		src->rgb = NULL;
		e = ERR_OK;
	} else {
		free(dst->rgb);
		dst->rgb = NULL;
	}
	free(xs);
	free(ys);
	free(sum);
	free(mid.rgb);
	return e;
}

/* ---- orientation (EXIF 1..8) ---- */

static void orient_source(int o, unsigned w, unsigned h, unsigned x,
			  unsigned y, unsigned *sx, unsigned *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - x; *sy = y; break;
	case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;
	case 4: *sx = x; *sy = h - 1 - y; break;
	case 5: *sx = y; *sy = x; break;
	case 6: *sx = y; *sy = h - 1 - x; break;
	case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;
	case 8: *sx = w - 1 - y; *sy = x; break;
	default: *sx = x; *sy = y; break;
	}
}

static enum err orient(struct image_px *px, int o)
{
	struct image_px out;
	unsigned x, y, sx, sy;

	if (o < 2 || o > 8)
		return ERR_OK;
	if (!image_px_alloc(&out, o >= 5 ? px->h : px->w,
			    o >= 5 ? px->w : px->h))
		return ERR_INTERNAL;
	for (y = 0; y < out.h; y++)
		for (x = 0; x < out.w; x++) {
			orient_source(o, px->w, px->h, x, y, &sx, &sy);
			memcpy(out.rgb + ((size_t)y * out.w + x) * 3,
			       px->rgb + ((size_t)sy * px->w + sx) * 3, 3);
		}
	free(px->rgb);
	*px = out;
	return ERR_OK;
}

/* ---- the whole path ---- */

static enum err decode(const void *data, size_t len, enum image_type t,
		       struct image_px *px, int *o, const char **msg)
{
	*o = 1;
	switch (t) {
	case IMAGE_JPEG:
		return image_jpeg_decode(data, len, IMAGE_DISPLAY_SIDE, px, o,
					 msg);
	case IMAGE_PNG:
		return image_png_decode(data, len, px, msg);
	case IMAGE_WEBP:
		return image_webp_decode(data, len, IMAGE_DISPLAY_SIDE, px,
					 msg);
	default:
		*msg = image_msg_not_photo;
		return ERR_UNSUPPORTED;
	}
}

/* From decoded pixels to the two JPEGs; px is consumed. */
static enum err finish(struct image_px *px, int o, struct image_result *out)
{
	struct image_px display = {0}, thumb = {0};
	enum err e;

	e = scale_down(px, IMAGE_DISPLAY_SIDE, &display);
	if (e == ERR_OK)
		e = orient(&display, o);
	if (e == ERR_OK)
		e = image_jpeg_encode(&display, 82, &out->display);
	if (e == ERR_OK) {
		out->width = display.w;
		out->height = display.h;
		e = scale_down(&display, IMAGE_THUMB_SIDE, &thumb);
	}
	if (e == ERR_OK)
		e = image_jpeg_encode(&thumb, 75, &out->thumb);
	out->thumb_width = thumb.w;
	out->thumb_height = thumb.h;
	free(display.rgb);
	free(thumb.rgb);
	return e;
}

static void result_init(struct image_result *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->display, IMAGE_OUT_MAX);
	buf_init(&r->thumb, IMAGE_OUT_MAX);
}

enum err image_process(const void *data, size_t len, struct image_result *out,
		       const char **msg)
{
	struct image_px px = {0};
	enum image_type t;
	enum err e;
	int o;

	result_init(out);
	if (len > IMAGE_MAX_BYTES) {
		*msg = N_("De foto is te groot: hoogstens 10 MB.");
		return ERR_TOO_LARGE;
	}
	t = image_sniff(data, len);
	e = decode(data, len, t, &px, &o, msg);
	if (e == ERR_OK) {
		e = finish(&px, o, out);
		if (e != ERR_OK)
			*msg = image_msg_internal;
	}
	free(px.rgb);
	if (e != ERR_OK) {
		image_result_release(out);
		return e;
	}
	out->source = t;
	return ERR_OK;
}

void image_result_release(struct image_result *r)
{
	buf_release(&r->display);
	buf_release(&r->thumb);
	r->source = IMAGE_NONE;
	r->width = r->height = r->thumb_width = r->thumb_height = 0;
}
