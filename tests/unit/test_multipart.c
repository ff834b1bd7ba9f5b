/* test_multipart: multipart/form-data parsing (http/multipart.c): the
 * bodies Chromium, Firefox and curl -F send, the corners of RFC 2046
 * (preamble, epilogue, transport padding, parts without data), and hostile
 * input: bad boundaries, too many parts, truncated bodies, oversized or
 * broken header blocks.  Every body is parsed from a heap copy of exactly
 * its length (no NUL after it), so ASan catches any read past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "http/multipart.h"

#define MAX_COPIES 64

struct fx {
	struct arena a;
	char *copies[MAX_COPIES];
	size_t ncopies;
	struct multipart m;
	const char *msg;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	arena_init(&f->a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (size_t i = 0; i < f->ncopies; i++)
		free(f->copies[i]);
	arena_clear(&f->a);
	free(f);
	return 0;
}

/* Parse n bytes of body from an exact-size heap copy, kept until teardown
 * (the parts point into it).  Sets f->msg to a marker first, so a test
 * sees whether the parser wrote it. */
static enum err parse_n(struct fx *f, const char *ct, const char *body,
			size_t n)
{
	char *copy = xmalloc(n ? n : 1);

	assert_true(f->ncopies < MAX_COPIES);
	if (n)
		memcpy(copy, body, n);
	f->copies[f->ncopies++] = copy;
	f->msg = "unset";
	return multipart_parse(&f->a, ct, body ? copy : NULL, n, &f->m, &f->msg);
}

#define PARSE(f, ct, lit) parse_n(f, ct, lit, sizeof(lit) - 1)

static enum err parse_buf(struct fx *f, const char *ct, struct buf *b)
{
	enum err e;

	assert_false(b->overflow);
	e = parse_n(f, ct, b->data, b->len);
	buf_release(b);
	return e;
}

/* An error: the status, a message (when want is non-NULL, that one), and
 * nothing left in the result. */
static void assert_fails(struct fx *f, enum err got, enum err want_err,
			 const char *want)
{
	assert_int_equal(got, want_err);
	assert_non_null(f->msg);
	assert_string_not_equal(f->msg, "unset");
	assert_true(strlen(f->msg) > 10);
	if (want)
		assert_string_equal(f->msg, want);
	assert_int_equal(f->m.nparts, 0);
}

static void assert_data(const struct multipart_part *p, const char *want,
			size_t n)
{
	assert_int_equal(p->len, n);
	assert_memory_equal(p->data, want, n);
}

#define ASSERT_DATA(p, lit) assert_data(p, lit, sizeof(lit) - 1)

static const char *const MSG_CUT =
	"Het multipart-bericht is afgebroken: de afsluitende grens ontbreekt.";
static const char *const MSG_LF =
	"Het multipart-bericht gebruikt LF als regeleinde; gebruik CRLF.";
static const char *const MSG_NO_BLANK =
	"Na de kopregels van een deel van het multipart-bericht ontbreekt de lege regel.";

/* ---- what browsers and curl send ---- */

#define JPEG "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\r\n--\r\n\x00\xff\xd9"

/* Chromium 120 (and Safari: WebKit's boundary): a text field, a photo, a
 * second file input left empty, a submit button's value. */
static void test_chromium(void **state)
{
	struct fx *f = *state;
	struct form form;
	const char *msg;
	const struct multipart_part *p = f->m.parts;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=----WebKitFormBoundaryx7FgXwV1zDjbKzQs",
			       "------WebKitFormBoundaryx7FgXwV1zDjbKzQs\r\n"
			       "Content-Disposition: form-data; name=\"text\"\r\n"
			       "\r\n"
			       "Losse stoeptegel voor nummer 12.\r\nStruikelgevaar!\r\n"
			       "------WebKitFormBoundaryx7FgXwV1zDjbKzQs\r\n"
			       "Content-Disposition: form-data; name=\"photo\"; filename=\"IMG_0412.jpg\"\r\n"
			       "Content-Type: image/jpeg\r\n"
			       "\r\n" JPEG "\r\n"
			       "------WebKitFormBoundaryx7FgXwV1zDjbKzQs\r\n"
			       "Content-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n"
			       "Content-Type: application/octet-stream\r\n"
			       "\r\n"
			       "\r\n"
			       "------WebKitFormBoundaryx7FgXwV1zDjbKzQs\r\n"
			       "Content-Disposition: form-data; name=\"verstuur\"\r\n"
			       "\r\n"
			       "Melden\r\n"
			       "------WebKitFormBoundaryx7FgXwV1zDjbKzQs--\r\n"),
			 ERR_OK);
	assert_null(f->msg);
	assert_int_equal(f->m.nparts, 4);
	assert_string_equal(p[0].name, "text");
	assert_null(p[0].filename);
	assert_null(p[0].content_type);
	ASSERT_DATA(&p[0], "Losse stoeptegel voor nummer 12.\r\nStruikelgevaar!");
	assert_string_equal(p[1].name, "photo");
	assert_string_equal(p[1].filename, "IMG_0412.jpg");
	assert_string_equal(p[1].content_type, "image/jpeg");
	ASSERT_DATA(&p[1], JPEG);
	/* the empty file input: "no photo" */
	assert_string_equal(p[2].name, "photo");
	assert_string_equal(p[2].filename, "");
	assert_string_equal(p[2].content_type, "application/octet-stream");
	assert_int_equal(p[2].len, 0);
	assert_int_equal(multipart_count_files(&f->m, "photo"), 2);
	assert_int_equal(multipart_count_files(&f->m, "text"), 0);
	assert_int_equal(multipart_count_files(&f->m, "foto"), 0);

	assert_int_equal(multipart_form(&f->a, &f->m, &form, &msg), ERR_OK);
	assert_null(msg);
	assert_int_equal(form.n, 2);
	assert_string_equal(form.fields[0].key, "text");
	assert_string_equal(form_get(&form, "text"),
			    "Losse stoeptegel voor nummer 12.\r\nStruikelgevaar!");
	assert_string_equal(form_get(&form, "verstuur"), "Melden");
	assert_null(form_get(&form, "photo"));
}

/* Firefox (up to 120: 27 dashes and digits) with three file inputs of
 * which one is filled, and a UTF-8 text and filename as sent: raw bytes. */
static void test_firefox(void **state)
{
	struct fx *f = *state;
	struct form form;
	const char *msg;
	const struct multipart_part *p = f->m.parts;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=---------------------------41184676334000214733263845",
			       "-----------------------------41184676334000214733263845\r\n"
			       "Content-Disposition: form-data; name=\"text\"\r\n"
			       "\r\n"
			       "Gevaarlijke kruising bij caf\xc3\xa9 \xe2\x80\x98t Hoekje\r\n"
			       "-----------------------------41184676334000214733263845\r\n"
			       "Content-Disposition: form-data; name=\"photo1\"; filename=\"Stra\xc3\x9f" "e caf\xc3\xa9 \xe2\x82\xac 1.png\"\r\n"
			       "Content-Type: image/png\r\n"
			       "\r\n"
			       "\x89PNG\r\n\x1a\n\r\n"
			       "-----------------------------41184676334000214733263845\r\n"
			       "Content-Disposition: form-data; name=\"photo2\"; filename=\"\"\r\n"
			       "Content-Type: application/octet-stream\r\n"
			       "\r\n"
			       "\r\n"
			       "-----------------------------41184676334000214733263845\r\n"
			       "Content-Disposition: form-data; name=\"photo3\"; filename=\"\"\r\n"
			       "Content-Type: application/octet-stream\r\n"
			       "\r\n"
			       "\r\n"
			       "-----------------------------41184676334000214733263845--\r\n"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 4);
	assert_string_equal(p[1].filename, "Stra\xc3\x9f" "e caf\xc3\xa9 \xe2\x82\xac 1.png");
	assert_string_equal(p[1].content_type, "image/png");
	ASSERT_DATA(&p[1], "\x89PNG\r\n\x1a\n");
	for (int i = 2; i <= 3; i++) {
		assert_string_equal(p[i].filename, "");
		assert_int_equal(p[i].len, 0);
	}
	assert_int_equal(multipart_form(&f->a, &f->m, &form, &msg), ERR_OK);
	assert_int_equal(form.n, 1);
	assert_string_equal(form_get(&form, "text"),
			    "Gevaarlijke kruising bij caf\xc3\xa9 \xe2\x80\x98t Hoekje");
}

/* curl -F 'text=Kapotte lantaarn' -F 'photo=@lamp.jpg;type=image/jpeg'
 * (curl 7.88, Debian 12): 24 dashes and 16 hex digits. */
static void test_curl(void **state)
{
	struct fx *f = *state;
	const struct multipart_part *p = f->m.parts;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=------------------------7e5b8a3d2c1f4e90",
			       "--------------------------7e5b8a3d2c1f4e90\r\n"
			       "Content-Disposition: form-data; name=\"text\"\r\n"
			       "\r\n"
			       "Kapotte lantaarn\r\n"
			       "--------------------------7e5b8a3d2c1f4e90\r\n"
			       "Content-Disposition: form-data; name=\"photo\"; filename=\"lamp.jpg\"\r\n"
			       "Content-Type: image/jpeg\r\n"
			       "\r\n" JPEG "\r\n"
			       "--------------------------7e5b8a3d2c1f4e90--\r\n"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 2);
	ASSERT_DATA(&p[0], "Kapotte lantaarn");
	assert_string_equal(p[1].filename, "lamp.jpg");
	ASSERT_DATA(&p[1], JPEG);
}

/* ---- the boundary in the Content-Type header ---- */

static void test_boundary_accepted(void **state)
{
	struct fx *f = *state;
	const char *msg = "unset";
	char b70[71], ct[128];

	assert_string_equal(multipart_boundary(&f->a, "multipart/form-data; boundary=abc", &msg), "abc");
	assert_null(msg);
	assert_string_equal(multipart_boundary(&f->a, "Multipart/Form-Data;BOUNDARY=\"a b'()+_,-./:=?\"", &msg),
			    "a b'()+_,-./:=?");
	assert_string_equal(multipart_boundary(&f->a, "  multipart/form-data ; charset=utf-8;  Boundary = xyz ; x=\"y\" ", &msg),
			    "xyz");
	/* a boundary inside another parameter's quotes is not the boundary */
	assert_string_equal(multipart_boundary(&f->a, "multipart/form-data; x=\"; boundary=evil\"; boundary=good", &msg),
			    "good");
	/* an escaped quote is unquoted, then refused as a boundary byte */
	assert_null(multipart_boundary(&f->a, "multipart/form-data; boundary=\"q\\\"\"", &msg));
	assert_string_equal(msg, "De grens (boundary=) in de Content-Type-kop bevat tekens die RFC 2046 niet toestaat.");
	memset(b70, 'x', 70);
	b70[70] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b70);
	assert_string_equal(multipart_boundary(&f->a, ct, &msg), b70);
}

static void boundary_refused(struct fx *f, const char *ct, const char *want)
{
	const char *msg = NULL;

	assert_null(multipart_boundary(&f->a, ct, &msg));
	assert_non_null(msg);
	if (want)
		assert_string_equal(msg, want);
	/* multipart_parse says the same, and does not look at the body */
	assert_int_not_equal(PARSE(f, ct, "--abc\r\n"), ERR_OK);
	assert_string_equal(f->msg, msg);
}

static void test_boundary_refused(void **state)
{
	struct fx *f = *state;
	char b71[72], ct[128];

	boundary_refused(f, "multipart/form-data", "De Content-Type-kop noemt geen grens (boundary=).");
	boundary_refused(f, "multipart/form-data; charset=utf-8", NULL);
	boundary_refused(f, "multipart/form-data; x=\"boundary=abc\"", "De Content-Type-kop noemt geen grens (boundary=).");
	boundary_refused(f, "multipart/form-data; boundary=", "De grens (boundary=) in de Content-Type-kop is leeg.");
	boundary_refused(f, "multipart/form-data; boundary=\"\"", "De grens (boundary=) in de Content-Type-kop is leeg.");
	memset(b71, 'x', 71);
	b71[71] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b71);
	boundary_refused(f, ct, "De grens (boundary=) in de Content-Type-kop is langer dan 70 tekens.");
	boundary_refused(f, "multipart/form-data; boundary=a@b", "De grens (boundary=) in de Content-Type-kop bevat tekens die RFC 2046 niet toestaat.");
	boundary_refused(f, "multipart/form-data; boundary=\"ab \"", NULL); /* ends in a space */
	boundary_refused(f, "multipart/form-data; boundary=\"a\x01" "b\"", NULL);
	boundary_refused(f, "multipart/form-data; boundary=\"caf\xc3\xa9\"", NULL);
	boundary_refused(f, "multipart/form-data; boundary=a; boundary=b", "De Content-Type-kop noemt de grens (boundary=) twee keer.");
	boundary_refused(f, "multipart/form-data; boundary=\"abc", "De Content-Type-kop van het bericht is ongeldig.");
	boundary_refused(f, "multipart/form-data boundary=abc", NULL);
	boundary_refused(f, "multipart/form-data; =abc", NULL);
}

static void test_not_multipart(void **state)
{
	struct fx *f = *state;

	assert_fails(f, PARSE(f, "application/x-www-form-urlencoded", "a=b"),
		     ERR_UNSUPPORTED, "Het bericht moet het type multipart/form-data hebben.");
	assert_fails(f, PARSE(f, "multipart/mixed; boundary=abc", "--abc--"),
		     ERR_UNSUPPORTED, NULL);
	assert_fails(f, PARSE(f, "multipart/form-datax; boundary=abc", "--abc--"),
		     ERR_UNSUPPORTED, NULL);
	assert_fails(f, PARSE(f, "", "--abc--"), ERR_UNSUPPORTED, NULL);
	assert_fails(f, PARSE(f, NULL, "--abc--"), ERR_UNSUPPORTED, NULL);
}

/* ---- names and filenames ---- */

static void test_names(void **state)
{
	struct fx *f = *state;
	const struct multipart_part *p = f->m.parts;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b\r\n"
			       /* WHATWG: a quote in a name is sent as %22: kept */
			       "Content-Disposition: form-data; name=\"a%22b\"\r\n\r\n1\r\n"
			       /* older clients: backslash escapes */
			       "--b\r\n"
			       "Content-Disposition: form-data; name=\"a\\\"b\\\\\"\r\n\r\n\r\n"
			       "--b\r\n"
			       "content-disposition: FORM-DATA; NAME=plain; x-other=\"name=x\"\r\n\r\n2\r\n"
			       "--b\r\n"
			       "Content-Disposition: form-data; filename=\"C:\\Users\\Anna\\foto.jpg\"; name=\"p\"\r\n\r\n\r\n"
			       "--b\r\n"
			       "Content-Disposition: form-data; name=\"p\"; filename=\"../../etc/passwd\"\r\n\r\n\r\n"
			       "--b\r\n"
			       "Content-Disposition: form-data; name=\"p\"; filename=\"map/\"\r\n\r\n\r\n"
			       "--b\r\n"
			       "Content-Disposition: form-data; name=\"p\"; filename=a.jpg; filename*=UTF-8''b.jpg\r\n\r\n\r\n"
			       "--b--"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 7);
	assert_string_equal(p[0].name, "a%22b");
	assert_string_equal(p[1].name, "a\"b\\");
	assert_string_equal(p[2].name, "plain");
	assert_null(p[2].filename);
	assert_string_equal(p[3].name, "p");
	assert_string_equal(p[3].filename, "foto.jpg");
	assert_string_equal(p[4].filename, "passwd");
	assert_string_equal(p[5].filename, "");
	assert_string_equal(p[6].filename, "a.jpg"); /* filename* ignored */
	assert_int_equal(multipart_count_files(&f->m, "p"), 4);
}

static void test_name_limits(void **state)
{
	struct fx *f = *state;
	struct buf b;
	char name[FORM_MAX_KEY + 2];

	memset(name, 'n', sizeof(name) - 1);
	name[FORM_MAX_KEY] = '\0'; /* 64 bytes: fine */
	buf_init(&b, BUF_DEFAULT_MAX);
	buf_addf(&b, "--b\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nx\r\n--b--", name);
	assert_int_equal(parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_OK);
	assert_string_equal(f->m.parts[0].name, name);
	name[FORM_MAX_KEY] = 'n'; /* 65 */
	name[FORM_MAX_KEY + 1] = '\0';
	buf_init(&b, BUF_DEFAULT_MAX);
	buf_addf(&b, "--b\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nx\r\n--b--", name);
	assert_fails(f, parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_INVALID,
		     "Een veldnaam in het multipart-bericht is langer dan 64 bytes.");
}

static void test_no_name(void **state)
{
	struct fx *f = *state;
	const char *want = "Een deel van het multipart-bericht heeft geen veldnaam (name=).";

	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, want);
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data; filename=\"a.jpg\"\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, want);
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, want);
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data; name=\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, want);
	/* no Content-Disposition at all, or not form-data */
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "Een deel van het multipart-bericht heeft geen kopregel 'Content-Disposition: form-data'.");
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "Een deel van het multipart-bericht heeft geen kopregel 'Content-Disposition: form-data'.");
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "De kopregel Content-Disposition van een deel moet met form-data beginnen.");
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "De kopregel Content-Disposition van een deel is ongeldig.");
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data name=\"x\"\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, NULL);
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data; name=\"x\"; name=\"y\"\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "De kopregel Content-Disposition van een deel noemt name= of filename= twee keer.");
	assert_fails(f, PARSE(f, "multipart/form-data; boundary=b",
			      "--b\r\nContent-Disposition: form-data; name=x\r\n"
			      "Content-Disposition: form-data; name=y\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "Een deel van het multipart-bericht heeft de kopregel Content-Disposition of Content-Type twee keer.");
}

/* ---- the data ---- */

/* CR LF, "--", pieces of the boundary, the boundary without its CRLF or
 * followed by other bytes, NULs: all data. */
static void test_binary_data(void **state)
{
	struct fx *f = *state;
	static const char data[] =
		"\r\n--\r\n----\r\n--Xy\r\n--XyZw\r\n--XyZ-\r\n--XyZ--x\r\n--XyZ \tz\r\n"
		"-XyZ\r\n\r--XyZ\r\n\0--XyZ--\r\n\n--XyZ\r\n--XyZ-x\r\n\r\r\n-\x00\xff\r";
	struct buf b;

	buf_init(&b, BUF_DEFAULT_MAX);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x.bin\"\r\n\r\n");
	buf_add(&b, data, sizeof(data) - 1);
	buf_adds(&b, "\r\n--XyZ--\r\n");
	assert_int_equal(parse_buf(f, "multipart/form-data; boundary=XyZ", &b), ERR_OK);
	assert_int_equal(f->m.nparts, 1);
	assert_data(&f->m.parts[0], data, sizeof(data) - 1);
}

/* RFC 2046: a preamble before the first delimiter and an epilogue after
 * the last are ignored, even when they hold the boundary. */
static void test_preamble_epilogue(void **state)
{
	struct fx *f = *state;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "This is a preamble.\r\n--bb is not it\r\n--b\r\n"
			       "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
			       "--b--\r\nAn epilogue: --b\r\nContent-Disposition: form-data; name=\"z\"\r\n\r\n"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 1);
	ASSERT_DATA(&f->m.parts[0], "1");
	/* an empty preamble line: the body starts with CRLF */
	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 1);
	/* "--b" followed by other bytes at the very start is preamble too */
	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--bx\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 1);
}

/* Transport padding: spaces and tabs after a boundary, before its CRLF. */
static void test_padding(void **state)
{
	struct fx *f = *state;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b \t \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
			       "--b\t\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
			       "--b--  "),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 2);
	ASSERT_DATA(&f->m.parts[0], "1");
	ASSERT_DATA(&f->m.parts[1], "2");
}

/* RFC 2046: a part's data is optional; its header block's last CRLF may
 * then be the delimiter's.  And a part with an empty value. */
static void test_part_without_data(void **state)
{
	struct fx *f = *state;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--b\r\n"
			       "Content-Disposition: form-data; name=\"b\"\r\n\r\n\r\n--b--"),
			 ERR_OK);
	assert_int_equal(f->m.nparts, 2);
	assert_int_equal(f->m.parts[0].len, 0);
	assert_int_equal(f->m.parts[1].len, 0);
}

/* Headers: case, white space, other headers ignored (also
 * Content-Transfer-Encoding, deprecated by RFC 7578: the data stays as
 * sent), Content-Type lower-cased without its parameters. */
static void test_headers(void **state)
{
	struct fx *f = *state;
	const struct multipart_part *p = f->m.parts;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b\r\n"
			       "CONTENT-TYPE:Image/JPEG ; name=\"x.jpg\"  \r\n"
			       "Content-Transfer-Encoding: base64\r\n"
			       "X-Anything: \x01\x7f\xc3\xa9 :;\"\r\n"
			       "content-disposition:form-data;name=\"photo\";filename=\"a.jpg\"\t\r\n"
			       "\r\n/9j/4AAQ\r\n"
			       "--b\r\n"
			       "Content-Disposition: form-data; name=\"t\"\r\n"
			       "Content-Type: text/plain; charset=UTF-8\r\n"
			       "\r\nhoi\r\n--b--"),
			 ERR_OK);
	assert_string_equal(p[0].content_type, "image/jpeg");
	assert_string_equal(p[0].filename, "a.jpg");
	ASSERT_DATA(&p[0], "/9j/4AAQ");
	assert_string_equal(p[1].content_type, "text/plain");
	assert_null(p[1].filename);
}

static void test_header_lines_refused(void **state)
{
	struct fx *f = *state;
	const char *bad = "Een kopregel van een deel van het multipart-bericht heeft niet de vorm 'Naam: waarde'.";
	const char *ct = "multipart/form-data; boundary=b";

	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition form-data; name=a\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, bad);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition : form-data; name=a\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, bad);
	assert_fails(f, PARSE(f, ct, "--b\r\n: form-data; name=a\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, bad);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "Een kopregel van een deel van het multipart-bericht loopt door op de volgende regel; dat mag niet.");
	/* a bare CR or LF inside the header block */
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\rX: y\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, bad);
	assert_fails(f, PARSE(f, ct, "--b\r\nX: y\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, bad);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "Een kopregel van een deel van het multipart-bericht bevat een NUL-byte.");
	assert_fails(f, PARSE(f, ct, "--b\r\nX-Other: \0\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "Een kopregel van een deel van het multipart-bericht bevat een NUL-byte.");
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: image\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, "De kopregel Content-Type van een deel is geen mediatype van de vorm type/subtype.");
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: image/\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, NULL);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a/b/c\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, NULL);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: image/jpeg x\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, NULL);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type:\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, NULL);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a/b\r\ncontent-type: a/b\r\n\r\nx\r\n--b--"),
		     ERR_INVALID, NULL);
}

/* ---- the header block's limit and its blank line ---- */

/* A part whose header block (its lines with their CRLFs, not the blank
 * line) is exactly total bytes. */
static void header_block(struct buf *b, size_t total)
{
	static const char cd[] = "Content-Disposition: form-data; name=\"a\"\r\n";
	size_t pad = total - (sizeof(cd) - 1) - strlen("X-P: \r\n");

	buf_init(b, BUF_DEFAULT_MAX);
	buf_adds(b, "--b\r\n");
	buf_adds(b, cd);
	buf_adds(b, "X-P: ");
	for (size_t i = 0; i < pad; i++)
		buf_addc(b, 'p');
	buf_adds(b, "\r\n\r\nx\r\n--b--\r\n");
}

static void test_header_limit(void **state)
{
	struct fx *f = *state;
	struct buf b;

	/* a block of exactly MULTIPART_MAX_HEADER bytes passes, one more
	 * fails */
	header_block(&b, MULTIPART_MAX_HEADER);
	assert_int_equal((const char *)memmem(b.data, b.len, "\r\n\r\n", 4) + 2 - (b.data + 5),
			 MULTIPART_MAX_HEADER);
	assert_int_equal(parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_OK);
	ASSERT_DATA(&f->m.parts[0], "x");
	header_block(&b, MULTIPART_MAX_HEADER + 1);
	assert_fails(f, parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_INVALID,
		     "De kopregels van een deel van het multipart-bericht zijn samen langer dan 2048 bytes.");
}

static void test_blank_line_missing(void **state)
{
	struct fx *f = *state;
	const char *ct = "multipart/form-data; boundary=b";

	/* straight into the next part */
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\n--b\r\n"
				     "Content-Disposition: form-data; name=b\r\n\r\n2\r\n--b--"),
		     ERR_INVALID, MSG_NO_BLANK);
	/* straight into the closing delimiter */
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=a\r\n--b--\r\n"),
		     ERR_INVALID, MSG_NO_BLANK);
	/* a part that is only a delimiter */
	assert_fails(f, PARSE(f, ct, "--b\r\n--b--\r\n"), ERR_INVALID, MSG_NO_BLANK);
}

/* ---- truncated bodies ---- */

static void test_truncated(void **state)
{
	struct fx *f = *state;
	const char *ct = "multipart/form-data; boundary=b";
	static const char full[] =
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--";
	const char *cut_header = "Het multipart-bericht is afgebroken in de kopregels van een deel.";

	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"),
		     ERR_INVALID, MSG_CUT);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b"),
		     ERR_INVALID, MSG_CUT);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b  "),
		     ERR_INVALID, MSG_CUT);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b-"),
		     ERR_INVALID, MSG_CUT);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b\r"),
		     ERR_INVALID, MSG_CUT);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; na"),
		     ERR_INVALID, cut_header);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n"),
		     ERR_INVALID, cut_header);
	assert_fails(f, PARSE(f, ct, "--b\r\n"), ERR_INVALID, cut_header);
	assert_fails(f, PARSE(f, ct, "--b"), ERR_INVALID, MSG_CUT);
	/* every strict prefix of a good body fails */
	for (size_t n = 0; n < sizeof(full) - 1; n++) {
		assert_int_not_equal(parse_n(f, ct, full, n), ERR_OK);
		assert_non_null(f->msg);
		assert_int_equal(f->m.nparts, 0);
		f->ncopies--;
		free(f->copies[f->ncopies]);
	}
	assert_int_equal(PARSE(f, ct, full), ERR_OK);
}

static void test_start(void **state)
{
	struct fx *f = *state;
	const char *ct = "multipart/form-data; boundary=b";

	assert_fails(f, parse_n(f, ct, NULL, 0), ERR_INVALID, "Het multipart-bericht is leeg.");
	assert_fails(f, PARSE(f, ct, ""), ERR_INVALID, "Het multipart-bericht is leeg.");
	assert_fails(f, PARSE(f, ct, "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"),
		     ERR_INVALID, "Het multipart-bericht begint niet met de grens uit de Content-Type-kop.");
	assert_fails(f, PARSE(f, ct, "--c\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--c--"),
		     ERR_INVALID, "Het multipart-bericht begint niet met de grens uit de Content-Type-kop.");
	/* only the closing delimiter: no parts, fine */
	assert_int_equal(PARSE(f, ct, "--b--"), ERR_OK);
	assert_int_equal(f->m.nparts, 0);
	assert_null(f->msg);
	assert_int_equal(PARSE(f, ct, "--b--\r\n"), ERR_OK);
	assert_int_equal(f->m.nparts, 0);
}

/* LF-only line endings are refused with their own message (browsers and
 * curl send CRLF; a hand-written client that does not is told so). */
static void test_lf_only(void **state)
{
	struct fx *f = *state;
	const char *ct = "multipart/form-data; boundary=b";

	assert_fails(f, PARSE(f, ct, "--b\nContent-Disposition: form-data; name=\"a\"\n\n1\n--b--\n"),
		     ERR_INVALID, MSG_LF);
	assert_fails(f, PARSE(f, ct, "preamble\n--b\nContent-Disposition: form-data; name=\"a\"\n\n1\n--b--\n"),
		     ERR_INVALID, MSG_LF);
	assert_fails(f, PARSE(f, ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b\n"
				     "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--b--"),
		     ERR_INVALID, MSG_LF);
}

/* ---- counts and sizes ---- */

static void add_text_parts(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_addf(b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv%d\r\n", i, i);
}

static void test_part_limit(void **state)
{
	struct fx *f = *state;
	struct buf b;

	buf_init(&b, BUF_DEFAULT_MAX);
	add_text_parts(&b, MULTIPART_MAX_PARTS);
	buf_adds(&b, "--b--\r\n");
	assert_int_equal(parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_OK);
	assert_int_equal(f->m.nparts, MULTIPART_MAX_PARTS);
	buf_init(&b, BUF_DEFAULT_MAX);
	add_text_parts(&b, MULTIPART_MAX_PARTS + 1);
	buf_adds(&b, "--b--\r\n");
	assert_fails(f, parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_TOO_LARGE,
		     "Het multipart-bericht heeft meer dan 16 delen.");
}

/* Twenty photos of 200 kB each: refused at the seventeenth part.  (The
 * boundary is WebKit's, long enough that the bytes never hold it.) */
#define WK "----WebKitFormBoundaryQ2mX8aWf0ZkT3nLd"
static void test_twenty_photos(void **state)
{
	struct fx *f = *state;
	struct buf b;
	size_t sz = 200 << 10;
	char *photo = xmalloc(sz);

	for (size_t i = 0; i < sz; i++)
		photo[i] = (char)(i * 7919 % 251);
	buf_init(&b, BUF_DEFAULT_MAX);
	buf_adds(&b, "--" WK "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nTwintig foto's\r\n");
	for (int i = 0; i < 20; i++) {
		buf_addf(&b, "--" WK "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"%02d.jpg\"\r\n"
			     "Content-Type: image/jpeg\r\n\r\n", i);
		buf_add(&b, photo, sz);
		buf_adds(&b, "\r\n");
	}
	buf_adds(&b, "--" WK "--\r\n");
	free(photo);
	assert_fails(f, parse_buf(f, "multipart/form-data; boundary=" WK, &b), ERR_TOO_LARGE,
		     "Het multipart-bericht heeft meer dan 16 delen.");
}

static void test_field_limit(void **state)
{
	struct fx *f = *state;
	struct buf b;
	struct form form;
	const char *msg;

	for (size_t extra = 0; extra <= 1; extra++) {
		buf_init(&b, BUF_DEFAULT_MAX);
		buf_adds(&b, "--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n");
		for (size_t i = 0; i < MULTIPART_MAX_FIELD + extra; i++)
			buf_addc(&b, 'a');
		buf_adds(&b, "\r\n--b--\r\n");
		if (!extra) {
			assert_int_equal(parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_OK);
			assert_int_equal(f->m.parts[0].len, MULTIPART_MAX_FIELD);
			assert_int_equal(multipart_form(&f->a, &f->m, &form, &msg), ERR_OK);
			assert_int_equal(strlen(form_get(&form, "text")), MULTIPART_MAX_FIELD);
		} else {
			assert_fails(f, parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_TOO_LARGE,
				     "Een tekstveld in het multipart-bericht is langer dan 64 KiB.");
		}
	}
	/* a file part has no such limit (the route's body limit holds) */
	buf_init(&b, BUF_DEFAULT_MAX);
	buf_adds(&b, "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a\"\r\n\r\n");
	for (size_t i = 0; i < 3 * MULTIPART_MAX_FIELD; i++)
		buf_addc(&b, '-');
	buf_adds(&b, "\r\n--b--\r\n");
	assert_int_equal(parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_OK);
	assert_int_equal(f->m.parts[0].len, 3 * MULTIPART_MAX_FIELD);
}

/* A photo part holding a multipart/mixed body of its own, whose boundary
 * starts with ours: opaque data. */
static void test_nested(void **state)
{
	struct fx *f = *state;
	static const char inner[] =
		"--bb\r\nContent-Type: text/plain\r\n\r\nbinnen\r\n"
		"--bb\r\nContent-Type: image/gif\r\n\r\nGIF89a\r\n--bb--";
	struct buf b;

	buf_init(&b, BUF_DEFAULT_MAX);
	buf_adds(&b, "--b\r\nContent-Disposition: form-data; name=\"files\"\r\n"
		     "Content-Type: multipart/mixed; boundary=bb\r\n\r\n");
	buf_add(&b, inner, sizeof(inner) - 1);
	buf_adds(&b, "\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--b--\r\n");
	assert_int_equal(parse_buf(f, "multipart/form-data; boundary=b", &b), ERR_OK);
	assert_int_equal(f->m.nparts, 2);
	assert_string_equal(f->m.parts[0].content_type, "multipart/mixed");
	assert_data(&f->m.parts[0], inner, sizeof(inner) - 1);
	ASSERT_DATA(&f->m.parts[1], "y");
}

/* Duplicate names are kept, in order; form_get finds the first. */
static void test_duplicates(void **state)
{
	struct fx *f = *state;
	struct form form;
	const char *msg;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b\r\nContent-Disposition: form-data; name=\"cat\"\r\n\r\nstraat\r\n"
			       "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"1.jpg\"\r\n\r\n1\r\n"
			       "--b\r\nContent-Disposition: form-data; name=\"cat\"\r\n\r\nafval\r\n"
			       "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"2.jpg\"\r\n\r\n2\r\n"
			       "--b--"),
			 ERR_OK);
	assert_int_equal(multipart_form(&f->a, &f->m, &form, &msg), ERR_OK);
	assert_int_equal(form.n, 2);
	assert_string_equal(form.fields[0].value, "straat");
	assert_string_equal(form.fields[1].value, "afval");
	assert_int_equal(form_count(&form, "cat"), 2);
	assert_string_equal(form_get(&form, "cat"), "straat");
	assert_int_equal(multipart_count_files(&f->m, "photo"), 2);
	assert_string_equal(f->m.parts[1].filename, "1.jpg");
	assert_string_equal(f->m.parts[3].filename, "2.jpg");
}

/* multipart_form: a NUL in a text value is refused (as form.c refuses
 * %00); in a file part it is data. */
static void test_form_nul(void **state)
{
	struct fx *f = *state;
	struct form form;
	const char *msg = NULL;

	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b\r\nContent-Disposition: form-data; name=\"p\"; filename=\"a\"\r\n\r\na\0b\r\n"
			       "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nok\r\n--b--"),
			 ERR_OK);
	assert_int_equal(multipart_form(&f->a, &f->m, &form, &msg), ERR_OK);
	assert_string_equal(form_get(&form, "t"), "ok");
	assert_int_equal(PARSE(f, "multipart/form-data; boundary=b",
			       "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\na\0b\r\n--b--"),
			 ERR_OK);
	assert_int_equal(multipart_form(&f->a, &f->m, &form, &msg), ERR_INVALID);
	assert_string_equal(msg, "Een tekstveld in het multipart-bericht bevat een NUL-byte.");
}

/* The search stays linear when the body is full of near-delimiters:
 * 4 MB of "\r\n--bounda" and of "\r\n--boundary " (a match, then padding,
 * then not CRLF). */
static void test_pathological(void **state)
{
	struct fx *f = *state;
	static const char *const fills[] = {"\r\n--bounda", "\r\n--boundary   x", "\r\n--boundaryx"};
	struct buf b;

	for (size_t k = 0; k < ARRAY_SIZE(fills); k++) {
		size_t n = 0;

		buf_init(&b, BUF_DEFAULT_MAX);
		buf_adds(&b, "--boundary\r\nContent-Disposition: form-data; name=\"p\"; filename=\"a\"\r\n\r\n");
		while (n < ((size_t)4 << 20)) {
			buf_adds(&b, fills[k]);
			n += strlen(fills[k]);
		}
		buf_adds(&b, "\r\n--boundary--\r\n");
		assert_int_equal(parse_buf(f, "multipart/form-data; boundary=boundary", &b), ERR_OK);
		assert_int_equal(f->m.parts[0].len, n);
		f->ncopies--;
		free(f->copies[f->ncopies]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chromium, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firefox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_curl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boundary_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boundary_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_multipart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preamble_epilogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_padding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_part_without_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_lines_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_line_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lf_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_part_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twenty_photos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pathological, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
