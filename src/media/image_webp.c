/* image_webp: WebP in through libwebp (lossy and lossless; an animation is
 * refused), decoded into our own buffer so that memory stays bounded by
 * the header's size, alpha flattened on white. */
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

static enum err webp_rgba(const void *data, size_t len, struct image_px *px)
{
	size_t size = (size_t)px->w * px->h * 4;
	unsigned char *rgba = malloc(size);
	enum err e = ERR_OK;

	if (!rgba)
		return ERR_INTERNAL;
	if (!WebPDecodeRGBAInto(data, len, rgba, size, (int)px->w * 4))
		e = ERR_INVALID;
	else
		webp_flatten(rgba, px);
	free(rgba);
	return e;
}

enum err image_webp_decode(const void *data, size_t len, struct image_px *px,
			   const char **msg)
{
	WebPBitstreamFeatures f;
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
	if (!image_px_alloc(px, (unsigned)f.width, (unsigned)f.height)) {
		*msg = image_msg_internal;
		return ERR_INTERNAL;
	}
	if (f.has_alpha)
		e = webp_rgba(data, len, px);
	else if (!WebPDecodeRGBInto(data, len, px->rgb,
				    (size_t)px->w * px->h * 3, (int)px->w * 3))
		e = ERR_INVALID;
	if (e != ERR_OK) {
		free(px->rgb);
		px->rgb = NULL;
		*msg = e == ERR_INVALID ? image_msg_damaged : image_msg_internal;
	}
	return e;
}
