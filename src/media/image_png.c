/* image_png: PNG in through libpng's simplified API (png_image), which
 * keeps its own setjmp per png_image (no global state) and converts grey,
 * palette, 16-bit and alpha to 8-bit RGB composed on our background. */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "image.h"
#include "image_priv.h"

enum err image_png_decode(const void *data, size_t len, struct image_px *px,
			  const char **msg)
{
	png_image img;
	png_color white = {255, 255, 255};
	enum err e;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		*msg = image_msg_damaged;
		return ERR_INVALID;
	}
	e = image_check_size(img.width, img.height, msg);
	if (e != ERR_OK) {
		png_image_free(&img);
		return e;
	}
	img.format = PNG_FORMAT_RGB;
	if (!image_px_alloc(px, img.width, img.height)) {
		png_image_free(&img);
		*msg = image_msg_internal;
		return ERR_INTERNAL;
	}
	if (!png_image_finish_read(&img, &white, px->rgb, 0, NULL)) {
		png_image_free(&img);
		free(px->rgb);
		px->rgb = NULL;
		*msg = image_msg_damaged;
		return ERR_INVALID;
	}
	return ERR_OK;
}
