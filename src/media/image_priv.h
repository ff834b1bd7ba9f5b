/* image_priv: what the parts of media/image share (not a public API). */
#ifndef WA_MEDIA_IMAGE_PRIV_H
#define WA_MEDIA_IMAGE_PRIV_H
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* 8-bit RGB, rows packed (stride w * 3). */
struct image_px {
	unsigned char *rgb;
	unsigned w, h;
};

/* The residents' messages shared by the decoders (in image.c, where
 * xgettext finds them). */
extern const char *const image_msg_not_photo;
extern const char *const image_msg_pixels;
extern const char *const image_msg_damaged;
extern const char *const image_msg_internal;

/* ERR_OK when w x h is within IMAGE_MAX_PIXELS and IMAGE_MAX_SIDE. */
enum err image_check_size(unsigned long w, unsigned long h, const char **msg);
/* Allocates px->rgb for w x h (NULL on out of memory). */
unsigned char *image_px_alloc(struct image_px *px, unsigned w, unsigned h);

/* The size with the longest side at most side, never larger (image.c). */
void image_scale_size(unsigned w, unsigned h, unsigned side, unsigned *dw,
		      unsigned *dh);

/* image_jpeg.c.  target: the longest side wanted afterwards, so that the
 * decoder may use libjpeg's DCT scaling (1/2, 1/4, 1/8) and never go
 * below it.  *orientation: the EXIF orientation (1..8, 1 if none). */
enum err image_jpeg_decode(const void *data, size_t len, unsigned target,
			   struct image_px *px, int *orientation,
			   const char **msg);
enum err image_jpeg_encode(const struct image_px *px, int quality,
			   struct buf *out);
/* The EXIF orientation in an APP1 "Exif\0\0" body (1 when absent/bad). */
int image_exif_orientation(const unsigned char *p, size_t len);

/* image_png.c, image_webp.c */
enum err image_png_decode(const void *data, size_t len, struct image_px *px,
			  const char **msg);
/* target: as for JPEG; libwebp scales while decoding (area averaging in
 * its rescaler) straight to image_scale_size(w, h, target). */
enum err image_webp_decode(const void *data, size_t len, unsigned target,
			   struct image_px *px, const char **msg);

#endif
