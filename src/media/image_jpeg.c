/* image_jpeg: JPEG in and out through libjpeg(-turbo); see image.h.
 *
 * libjpeg reports errors through a callback that must not return: each
 * call has its own error manager and jmp_buf (no global state).  Every
 * warning is an error here: "premature end of data" would otherwise be
 * padded with grey, and "corrupt data" decoded as garbage.  State that
 * must survive the longjmp lives in a heap context, never in locals. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "i18n/i18n.h"
#include "image.h"
#include "image_priv.h"

/* A progressive JPEG may carry thousands of tiny scans, each a pass over
 * the whole coefficient buffer (a known CPU bomb); real files have ~10. */
#define JPEG_MAX_SCANS 100

struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
};

static void jerr_exit(j_common_ptr c)
{
	struct jerr *e = (struct jerr *)c->err;

	longjmp(e->jump, 1);
}

static void jerr_emit(j_common_ptr c, int level)
{
	if (level < 0)
		jerr_exit(c);
}

static void jerr_quiet(j_common_ptr c)
{
	(void)c;
}

static void jerr_setup(struct jerr *e)
{
	jpeg_std_error(&e->pub);
	e->pub.error_exit = jerr_exit;
	e->pub.emit_message = jerr_emit;
	e->pub.output_message = jerr_quiet;
}

/* ---- EXIF orientation ---- */

static unsigned exif_u16(const unsigned char *p, int le)
{
	return le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}

static unsigned long exif_u32(const unsigned char *p, int le)
{
	return le ? (unsigned long)p[0] | (unsigned long)p[1] << 8 |
			    (unsigned long)p[2] << 16 |
			    (unsigned long)p[3] << 24
		  : (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
			    (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

int image_exif_orientation(const unsigned char *p, size_t len)
{
	const unsigned char *t;
	size_t tlen, ifd, n, i;
	int le;

	if (len < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0)
		return 1;
	t = p + 6;
	tlen = len - 6;
	if (memcmp(t, "II*\0", 4) == 0)
		le = 1;
	else if (memcmp(t, "MM\0*", 4) == 0)
		le = 0;
	else
		return 1;
	ifd = exif_u32(t + 4, le);
	if (ifd < 8 || ifd > tlen - 2)
		return 1;
	n = exif_u16(t + ifd, le);
	for (i = 0; i < n; i++) {
		size_t at = ifd + 2 + i * 12;
		unsigned v;

		if (at > tlen - 12)
			return 1;
		if (exif_u16(t + at, le) != 0x0112)
			continue;
		if (exif_u16(t + at + 2, le) != 3) /* SHORT */
			return 1;
		v = exif_u16(t + at + 8, le);
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
	return 1;
}

/* ---- decoding ---- */

struct jdec {
	struct jpeg_decompress_struct d;
	struct jerr err;
	struct jpeg_progress_mgr progress;
	unsigned char *row; /* one CMYK row */
	struct image_px px;
};

static void jdec_progress(j_common_ptr c)
{
	j_decompress_ptr d = (j_decompress_ptr)c;

	if (d->input_scan_number > JPEG_MAX_SCANS)
		jerr_exit(c);
}

/* The largest of 1, 2, 4, 8 that keeps the longest side >= target. */
static unsigned jdec_denom(unsigned long w, unsigned long h, unsigned target)
{
	unsigned long side = w > h ? w : h;
	unsigned denom = 8;

	while (denom > 1 && (side + denom - 1) / denom < target)
		denom /= 2;
	return denom;
}

static int jdec_orientation(j_decompress_ptr d)
{
	jpeg_saved_marker_ptr m;

	for (m = d->marker_list; m; m = m->next)
		if (m->marker == JPEG_APP0 + 1 &&
		    m->data_length >= 6 && memcmp(m->data, "Exif\0\0", 6) == 0)
			return image_exif_orientation(m->data,
						      m->data_length);
	return 1;
}

/* Adobe's CMYK JPEGs are stored inverted (0 = full ink). */
static void jdec_cmyk_row(const unsigned char *in, unsigned char *out,
			  unsigned w, int inverted)
{
	unsigned x;

	for (x = 0; x < w; x++, in += 4, out += 3) {
		unsigned c = in[0], m = in[1], y = in[2], k = in[3];

		if (!inverted) {
			c = 255 - c;
			m = 255 - m;
			y = 255 - y;
			k = 255 - k;
		}
		out[0] = (unsigned char)((c * k + 127) / 255);
		out[1] = (unsigned char)((m * k + 127) / 255);
		out[2] = (unsigned char)((y * k + 127) / 255);
	}
}

static void jdec_rows(struct jdec *j)
{
	j_decompress_ptr d = &j->d;
	int cmyk = d->out_color_space == JCS_CMYK;

	while (d->output_scanline < d->output_height) {
		unsigned char *dst =
			j->px.rgb + (size_t)d->output_scanline * j->px.w * 3;
		JSAMPROW row = cmyk ? j->row : dst;

		if (jpeg_read_scanlines(d, &row, 1) != 1)
			jerr_exit((j_common_ptr)d);
		if (cmyk)
			jdec_cmyk_row(j->row, dst, j->px.w,
				      d->saw_Adobe_marker);
	}
}

/* Runs under the jmp_buf; ERR_OK or a failure decided before decoding. */
static enum err jdec_run(struct jdec *j, const void *data, size_t len,
			 unsigned target, int *orientation, const char **msg)
{
	j_decompress_ptr d = &j->d;
	enum err e;

	jpeg_mem_src(d, data, (unsigned long)len);
	jpeg_save_markers(d, JPEG_APP0 + 1, 0xffff);
	jpeg_read_header(d, TRUE);
	e = image_check_size(d->image_width, d->image_height, msg);
	if (e != ERR_OK)
		return e;
	*orientation = jdec_orientation(d);
	d->out_color_space = d->jpeg_color_space == JCS_CMYK ||
					     d->jpeg_color_space == JCS_YCCK
				     ? JCS_CMYK
				     : JCS_RGB;
	d->scale_num = 1;
	d->scale_denom = jdec_denom(d->image_width, d->image_height, target);
	jpeg_start_decompress(d);
	if (d->out_color_space == JCS_CMYK &&
	    !(j->row = malloc((size_t)d->output_width * 4)))
		goto oom;
	if (!image_px_alloc(&j->px, d->output_width, d->output_height))
		goto oom;
	jdec_rows(j);
	jpeg_finish_decompress(d);
	return ERR_OK;
oom:
	*msg = image_msg_internal;
	return ERR_INTERNAL;
}

enum err image_jpeg_decode(const void *data, size_t len, unsigned target,
			   struct image_px *px, int *orientation,
			   const char **msg)
{
	struct jdec *j = calloc(1, sizeof(*j));
	enum err e;

	if (!j) {
		*msg = image_msg_internal;
		return ERR_INTERNAL;
	}
	j->d.err = &j->err.pub;
	jerr_setup(&j->err);
	j->progress.progress_monitor = jdec_progress;
	if (setjmp(j->err.jump)) {
		*msg = image_msg_damaged;
		e = ERR_INVALID;
	} else {
		jpeg_create_decompress(&j->d);
		j->d.progress = &j->progress;
		e = jdec_run(j, data, len, target, orientation, msg);
	}
	jpeg_destroy_decompress(&j->d);
	free(j->row);
	if (e == ERR_OK)
		*px = j->px;
	else
		free(j->px.rgb);
	free(j);
	return e;
}

/* ---- encoding ---- */

struct jenc {
	struct jpeg_compress_struct c;
	struct jerr err;
	unsigned char *mem;
	unsigned long size;
};

static void jenc_run(struct jenc *j, const struct image_px *px, int quality)
{
	j_compress_ptr c = &j->c;
	unsigned y;

	jpeg_mem_dest(c, &j->mem, &j->size);
	c->image_width = px->w;
	c->image_height = px->h;
	c->input_components = 3;
	c->in_color_space = JCS_RGB;
	jpeg_set_defaults(c);
	jpeg_set_quality(c, quality, TRUE);
	c->optimize_coding = TRUE; /* still baseline: only the tables */
	c->write_JFIF_header = TRUE;
	jpeg_start_compress(c, TRUE);
	for (y = 0; y < px->h; y++) {
		JSAMPROW row = px->rgb + (size_t)y * px->w * 3;

		jpeg_write_scanlines(c, &row, 1);
	}
	jpeg_finish_compress(c);
}

enum err image_jpeg_encode(const struct image_px *px, int quality,
			   struct buf *out)
{
	struct jenc *j = calloc(1, sizeof(*j));
	enum err e;

	if (!j)
		return ERR_INTERNAL;
	j->c.err = &j->err.pub;
	jerr_setup(&j->err);
	if (setjmp(j->err.jump)) {
		e = ERR_INTERNAL;
	} else {
		jpeg_create_compress(&j->c);
		jenc_run(j, px, quality);
		buf_add(out, j->mem, j->size);
		e = out->overflow ? ERR_INTERNAL : ERR_OK;
	}
	jpeg_destroy_compress(&j->c);
	free(j->mem);
	free(j);
	return e;
}
