/* fuzz_image: image_process (media/image.c) on arbitrary bytes: the
 * sniffer, libjpeg-turbo, libpng and libwebp behind our limits, the
 * scaler, the orientation and the two encodes.
 *
 * Properties: no crash, overread or leak; a refusal comes with a message
 * and empty outputs; an acceptance gives two JPEGs (SOI ... EOI) within
 * the display and thumbnail sides, of the kind the magic said. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "media/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_jpeg(const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)b->data;

	assert(b->len > 4);
	assert(p[0] == 0xff && p[1] == 0xd8);
	assert(p[b->len - 2] == 0xff && p[b->len - 1] == 0xd9);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_result r;
	const char *msg = NULL;
	enum err e = image_process(data, size, &r, &msg);

	if (e != ERR_OK) {
		assert(msg != NULL);
		assert(r.display.len == 0 && r.thumb.len == 0);
	} else {
		assert(r.source == image_sniff(data, size));
		assert(r.source != IMAGE_NONE);
		assert(r.width >= 1 && r.width <= IMAGE_DISPLAY_SIDE);
		assert(r.height >= 1 && r.height <= IMAGE_DISPLAY_SIDE);
		assert(r.thumb_width >= 1 && r.thumb_width <= IMAGE_THUMB_SIDE);
		assert(r.thumb_height >= 1 && r.thumb_height <= IMAGE_THUMB_SIDE);
		check_jpeg(&r.display);
		check_jpeg(&r.thumb);
	}
	image_result_release(&r);
	return 0;
}
