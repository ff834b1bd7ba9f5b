/* image: the decode and re-encode path for residents' photos (issue 17;
 * docs/photos.md, "Decoding").
 *
 * Bytes from outside are recognised by their magic (never by name or
 * content type), decoded with libjpeg-turbo, libpng or libwebp, and
 * written out again as two baseline JPEGs without any metadata: the
 * re-encode is what strips EXIF, GPS, XMP, ICC and comments, and what
 * drops whatever a polyglot carries after the image.
 *
 * Limits: IMAGE_MAX_BYTES of input, IMAGE_MAX_PIXELS and IMAGE_MAX_SIDE
 * checked from the header before any pixel is decoded, so memory is
 * bounded by the pixel limit (at most 3 bytes per pixel of the decoded
 * size plus the two outputs).  Thread-safe: no global state. */
#ifndef WA_MEDIA_IMAGE_H
#define WA_MEDIA_IMAGE_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define IMAGE_MAX_BYTES ((size_t)10 << 20) /* one photo's bytes */
/* width*height, checked from the header before any pixel is decoded */
#define IMAGE_MAX_PIXELS ((uint64_t)50 * 1000 * 1000)
#define IMAGE_MAX_SIDE 16384
#define IMAGE_DISPLAY_SIDE 1600 /* longest side of the display version */
#define IMAGE_THUMB_SIDE 320	/* longest side of the thumbnail */

enum image_type { IMAGE_NONE = 0, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP };

struct image_result {
	enum image_type source;	 /* what the bytes turned out to be */
	unsigned width, height;	 /* display version, after orientation */
	unsigned thumb_width, thumb_height;
	struct buf display;	 /* baseline JPEG, no metadata at all */
	struct buf thumb;	 /* baseline JPEG, no metadata at all */
};

/* By magic bytes only (not by name or content type). */
enum image_type image_sniff(const void *data, size_t len);

/* Decodes data (JPEG, PNG or WebP, recognised by its bytes), applies the
 * EXIF orientation of a JPEG, flattens alpha on white, converts to 8-bit
 * RGB (grey, palette, 16-bit PNG and CMYK/YCCK JPEG are converted; an
 * animated WebP is refused), scales down by area averaging so the longest
 * side is at most IMAGE_DISPLAY_SIDE (never up), and the thumbnail to
 * IMAGE_THUMB_SIDE, and encodes both as baseline JPEG (quality 82 and 75)
 * with no metadata.
 *
 * Returns ERR_OK with *out filled (release it with image_result_release),
 * or ERR_INVALID (damaged, truncated), ERR_TOO_LARGE (bytes, pixels or
 * side), ERR_UNSUPPORTED (not a JPEG, PNG or WebP; animated WebP) with
 * *msg a Dutch sentence marked N_() for the resident, or ERR_INTERNAL
 * (out of memory, an encoder failure).  On failure *out is empty (safe to
 * release).  A truncated or corrupt JPEG (any libjpeg warning) is
 * refused, not padded with grey. */
enum err image_process(const void *data, size_t len, struct image_result *out,
		       const char **msg);
void image_result_release(struct image_result *r);

#endif
