/* image_webp: WebP in through libwebp (lossy and lossless; an animation is
 * refused), decoded into our own buffer, scaled while decoding when it is
 * bigger than the display size (so memory stays bounded by the header's
 * size and usually far below it), alpha flattened on white. */
#include <stdlib.h>
#include <webp/decode.h>

#include "i18n/i18n.h"
#include "image.h"
#include "image_priv.h"

static void webp_flatten(const unsigned char *rgba, struct image_px *px)
{
	size_t i, n = (size_t)px->w * px->h;
	unsigned char *out = px->rgb;

	for (i = 0; i < n; i++, rgba += 4, out += 3) {
		unsigned a = rgba[3];
		int c;

		for (c = 0; c < 3; c++)
			out[c] = (unsigned char)((rgba[c] * a +
						  255 * (255 - a) + 127) /
						 255);
	}
}

/* Decodes into px (already sized): RGB, or RGBA flattened on white. */
static enum err webp_decode_into(const void *data, size_t len, int alpha,
				 unsigned w, unsigned h, struct image_px *px)
{
	WebPDecoderConfig cfg;
	size_t size = (size_t)px->w * px->h * (alpha ? 4 : 3);
	unsigned char *out = alpha ? malloc(size) : px->rgb;
	enum err e = ERR_OK;

	if (!out || !WebPInitDecoderConfig(&cfg)) {
		free(alpha ? out : NULL);
		return ERR_INTERNAL;
	}
	if (px->w != w || px->h != h) {
		cfg.options.use_scaling = 1;
		cfg.options.scaled_width = (int)px->w;
		cfg.options.scaled_height = (int)px->h;
	}
	cfg.output.colorspace = alpha ? MODE_RGBA : MODE_RGB;
	cfg.output.is_external_memory = 1;
	cfg.output.u.RGBA.rgba = out;
	cfg.output.u.RGBA.stride = (int)px->w * (alpha ? 4 : 3);
	cfg.output.u.RGBA.size = size;
	if (WebPDecode(data, len, &cfg) != VP8_STATUS_OK)
		e = ERR_INVALID;
	else if (alpha)
		webp_flatten(out, px);
	WebPFreeDecBuffer(&cfg.output);
	if (alpha)
		free(out);
	return e;
}

enum err image_webp_decode(const void *data, size_t len, unsigned target,
			   struct image_px *px, const char **msg)
{
	WebPBitstreamFeatures f;
	unsigned dw, dh;
	enum err e;

	if (WebPGetFeatures(data, len, &f) != VP8_STATUS_OK ||
	    f.width <= 0 || f.height <= 0) {
		*msg = image_msg_damaged;
		return ERR_INVALID;
	}
	if (f.has_animation) {
		*msg = N_("Bewegende WebP-afbeeldingen kunnen niet; stuur een foto.");
		return ERR_UNSUPPORTED;
	}
	e = image_check_size((unsigned long)f.width, (unsigned long)f.height,
			     msg);
	if (e != ERR_OK)
		return e;
	image_scale_size((unsigned)f.width, (unsigned)f.height, target, &dw,
			 &dh);
	if (!image_px_alloc(px, dw, dh)) {
		*msg = image_msg_internal;
		return ERR_INTERNAL;
	}
	e = webp_decode_into(data, len, f.has_alpha, (unsigned)f.width,
			     (unsigned)f.height, px);
	if (e != ERR_OK) {
		free(px->rgb);
		px->rgb = NULL;
		*msg = e == ERR_INVALID ? image_msg_damaged : image_msg_internal;
	}
	return e;
}
