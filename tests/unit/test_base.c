/* test_base: buf (maximum, sticky overflow, addf, detach), arena
 * (alignment, large blocks, arena_vec_grow), log_kv quoting against forged
 * log lines, and tokens (format, uniqueness, validity, hash separation). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "base/util.h"

/* --- buf ------------------------------------------------------------- */

static void test_buf_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(b.max, BUF_DEFAULT_MAX);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	buf_add(&b, "", 0);
	assert_non_null(b.data);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.max, BUF_DEFAULT_MAX);
}

static void test_buf_append_and_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	buf_adds(&b, "ab");
	buf_addc(&b, 'c');
	buf_add(&b, "d\0e", 3); /* embedded NUL is kept */
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "abcd\0e", 7);
	assert_int_equal(b.data[b.len], '\0');
	assert_true(b.len < b.cap);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.max, 1024);
	buf_release(&b);
}

static void test_buf_max_exact_then_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	buf_adds(&b, "0123456789"); /* exactly max */
	assert_false(b.overflow);
	assert_int_equal(b.len, 10);
	buf_addc(&b, 'x'); /* one past: nothing added */
	assert_true(b.overflow);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	buf_reset(&b);
	assert_false(b.overflow);
	buf_adds(&b, "01234");
	buf_adds(&b, "0123456"); /* would pass max: none of it is added */
	assert_true(b.overflow);
	assert_string_equal(b.data, "01234");
	buf_adds(&b, "a"); /* fits, but the error is sticky */
	buf_addf(&b, "%d", 1);
	buf_addc(&b, 'z');
	assert_string_equal(b.data, "01234");
	assert_int_equal(b.len, 5);
	buf_release(&b);
}

static void test_buf_addf(void **state)
{
	struct buf b;
	char *big = xmalloc(100001);

	(void)state;
	buf_init(&b, 0);
	buf_addf(&b, "%s=%d;%.2f", "n", -42, 0.5);
	assert_string_equal(buf_str(&b), "n=-42;0.50");
	buf_addf(&b, "%s", "");
	assert_int_equal(b.len, 10);
	memset(big, 'q', 100000);
	big[100000] = '\0';
	buf_addf(&b, "[%s]", big); /* several doublings in one call */
	assert_int_equal(b.len, 10 + 100002);
	assert_int_equal(b.data[10], '[');
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	buf_release(&b);

	buf_init(&b, 8);
	buf_addf(&b, "%s", "12345678");
	assert_false(b.overflow);
	buf_addf(&b, "%d", 9);
	assert_true(b.overflow);
	assert_string_equal(buf_str(&b), "12345678");
	buf_release(&b);

	buf_init(&b, 8);
	buf_addf(&b, "%s", big); /* too big at once: nothing written */
	assert_true(b.overflow);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
	free(big);
}

/* Back to a length after an overflow: the bytes before it kept, NUL
 * after them, appends work again; a length past the end changes none. */
static void test_buf_truncate(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	buf_adds(&b, "abcd");
	buf_adds(&b, "efghij"); /* refused: 10 > 8 */
	assert_true(b.overflow);
	buf_truncate(&b, 2);
	assert_false(b.overflow);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.data, "ab");
	buf_adds(&b, "xyz");
	assert_string_equal(buf_str(&b), "abxyz");
	buf_truncate(&b, 99);
	assert_string_equal(buf_str(&b), "abxyz");
	buf_release(&b);
}

static void test_buf_detach(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 100);
	p = buf_detach(&b, &len); /* empty: still a free()able string */
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);

	buf_adds(&b, "hello");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "hello");
	assert_int_equal(len, 5);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);
	free(p);

	/* the buffer is usable again and its maximum still holds */
	buf_adds(&b, "again");
	assert_string_equal(buf_str(&b), "again");
	buf_add(&b, "x", 96);
	assert_true(b.overflow);
	p = buf_detach(&b, NULL);
	assert_false(b.overflow);
	assert_string_equal(p, "again");
	free(p);
	buf_release(&b);
}

/* --- arena ----------------------------------------------------------- */

static void test_arena_alignment(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t n = 0; n < 300; n++) {
		unsigned char *p = arena_alloc(&a, n);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xa5, n); /* ASan: the whole size is ours */
	}
	arena_clear(&a);
	assert_null(a.head);
	arena_clear(&a); /* twice is harmless */
}

static void test_arena_large_and_distinct(void **state)
{
	struct arena a;
	char *small1, *big, *small2;
	size_t bign = (size_t)3 << 20;

	(void)state;
	arena_init(&a);
	small1 = arena_alloc(&a, 100);
	memset(small1, 1, 100);
	big = arena_alloc(&a, bign);
	assert_int_equal((uintptr_t)big % _Alignof(max_align_t), 0);
	memset(big, 2, bign);
	small2 = arena_alloc(&a, 8000);
	memset(small2, 3, 8000);
	/* none overlaps */
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(small1[i], 1);
	assert_int_equal(big[0], 2);
	assert_int_equal(big[bign - 1], 2);
	for (int i = 0; i < 64; i++) { /* many blocks */
		char *p = arena_alloc(&a, 8192);

		memset(p, 4, 8192);
	}
	assert_int_equal(small2[7999], 3);
	arena_clear(&a);
	/* reusable after clear */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_clear(&a);
}

static void test_arena_strings(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a);
	s = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = arena_strndup(&a, "ab\0cd", 5); /* copies n bytes, NUL after */
	assert_memory_equal(s, "ab\0cd", 6);
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(arena_printf(&a, "%s-%03d", "x", 7), "x-007");
	s = arena_printf(&a, "%0*d", 20000, 1); /* bigger than a block */
	assert_int_equal(strlen(s), 20000);
	assert_int_equal(s[19999], '1');
	arena_clear(&a);
}

static void test_arena_vec_grow(void **state)
{
	struct arena a;
	int *v = NULL, *before;
	size_t n = 0, cap = 0;

	(void)state;
	arena_init(&a);
	v = arena_vec_grow(&a, v, n, &cap, sizeof(*v));
	assert_non_null(v);
	assert_true(cap >= 1);
	before = v;
	/* room left: the same array comes back */
	assert_ptr_equal(arena_vec_grow(&a, v, 0, &cap, sizeof(*v)), before);
	for (int i = 0; i < 10000; i++) {
		v = arena_vec_grow(&a, v, n, &cap, sizeof(*v));
		assert_true(n < cap);
		v[n++] = i * 7;
	}
	for (int i = 0; i < 10000; i++)
		assert_int_equal(v[i], i * 7);
	/* big elements keep their bytes across moves */
	{
		struct big {
			char s[100];
		} *b = NULL;
		size_t bn = 0, bcap = 0;

		for (int i = 0; i < 200; i++) {
			b = arena_vec_grow(&a, b, bn, &bcap, sizeof(*b));
			snprintf(b[bn++].s, sizeof(b->s), "item %d", i);
		}
		assert_string_equal(b[0].s, "item 0");
		assert_string_equal(b[199].s, "item 199");
	}
	arena_clear(&a);
}

/* arena.h: "Out of memory aborts."  A size near SIZE_MAX must not wrap to
 * a tiny block that the caller then overruns. */
static void test_arena_huge_alloc_aborts(void **state)
{
	size_t sizes[] = {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 8};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		pid_t pid = fork();
		int st = 0;

		assert_true(pid >= 0);
		if (pid == 0) {
			struct arena a;

			if (!freopen("/dev/null", "w", stderr))
				_exit(3);
			arena_init(&a);
			(void)arena_alloc(&a, sizes[i]);
			_exit(0); /* returned: a wrapped size */
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			fail_msg("arena_alloc(SIZE_MAX - %zu) returned instead "
				 "of aborting",
				 SIZE_MAX - sizes[i]);
	}
}

/* --- log ------------------------------------------------------------- */

static char *kv(const char *key, const char *value)
{
	struct buf b;

	buf_init(&b, 0);
	log_kv(&b, key, value);
	return buf_detach(&b, NULL);
}

static void assert_kv(const char *value, const char *want)
{
	char *got = kv("k", value);

	assert_string_equal(got, want);
	free(got);
}

static void test_log_kv_plain_and_quoted(void **state)
{
	(void)state;
	assert_kv("GET", " k=GET");
	assert_kv("/api/v1/signals", " k=/api/v1/signals");
	assert_kv("caf\xc3\xa9", " k=caf\xc3\xa9");
	assert_kv("", " k=\"\"");
	assert_kv(NULL, " k=\"\"");
	assert_kv("a b", " k=\"a b\"");
	assert_kv("a=b", " k=\"a=b\"");
	assert_kv("say \"hi\"", " k=\"say \\\"hi\\\"\"");
	assert_kv("back\\slash", " k=\"back\\\\slash\"");
	assert_kv("tab\there", " k=\"tab\\x09here\"");
	assert_kv("cr\rlf\n", " k=\"cr\\x0dlf\\n\"");
	assert_kv("\x01\x1b\x7f", " k=\"\\x01\\x1b\\x7f\"");
}

/* Every byte of the result is printable, and outside the one quoted value
 * there is nothing but " k=". */
static void assert_one_field(const char *value)
{
	char *got = kv("path", value);
	size_t n = strlen(got), quotes = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)got[i];

		assert_true(c >= ' ' && c != 0x7f);
		if (c == '\\') {
			i++; /* skip the escaped byte */
			assert_true(i < n);
			continue;
		}
		quotes += c == '"';
	}
	assert_int_equal(strncmp(got, " path=\"", 7), 0);
	assert_int_equal(got[n - 1], '"');
	assert_int_equal(quotes, 2);
	free(got);
}

static void test_log_kv_cannot_forge(void **state)
{
	char all[256];

	(void)state;
	assert_one_field("/x\n level=error event=forged");
	assert_one_field("/x\r\nts=2026 level=error");
	assert_one_field("/x\" level=\"error");
	assert_one_field("/x\\\" level=error");
	assert_one_field("\\");
	assert_one_field("\"");
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	assert_one_field(all);
}

/* log_event writes exactly one line, even for a hostile value. */
/* A long hostile value is cut short, never dropping the event. */
static void test_log_kv_long_value_cut(void **state)
{
	struct buf b;
	char *v = malloc(100000);

	(void)state;
	memset(v, 'x', 99999);
	v[99999] = '\0';
	buf_init(&b, 16384);
	log_kv(&b, "path", v);
	assert_false(b.overflow);
	assert_true(b.len < 1100);
	assert_non_null(strstr(buf_str(&b), "...\""));
	buf_release(&b);
	free(v);
}

static void test_log_event_one_line(void **state)
{
	int fds[2], saved;
	char out[4096];
	ssize_t n;
	size_t lines = 0;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fds[1], STDERR_FILENO) >= 0);
	log_set_quiet(0);
	log_event("info", "request", "path", "/a\nlevel=error event=x",
		  "method", "GET");
	log_set_quiet(1);
	log_event("info", "hidden");
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	close(fds[1]);
	n = read(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	assert_true(n > 0);
	out[n] = '\0';
	for (ssize_t i = 0; i < n; i++)
		lines += out[i] == '\n';
	assert_int_equal(lines, 1);
	assert_int_equal(out[n - 1], '\n');
	assert_int_equal(strncmp(out, "ts=", 3), 0);
	assert_non_null(strstr(out, " level=info event=request "
				    "path=\"/a\\nlevel=error event=x\" method=GET\n"));
	assert_null(strstr(out, "hidden"));
}

/* --- err ------------------------------------------------------------- */

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(err_name(ERR_OK), "ok");
	assert_string_equal(err_name(ERR_TOO_LARGE), "too_large");
	assert_string_equal(err_name(ERR_INTERNAL), "internal");
	assert_string_equal(err_name((enum err)12345), "internal");
}

/* --- util ------------------------------------------------------------ */

static void test_strlcpy_checked(void **state)
{
	char d[4];

	(void)state;
	assert_int_equal(strlcpy_checked(d, "abc", sizeof(d)), 0);
	assert_string_equal(d, "abc");
	assert_int_equal(strlcpy_checked(d, "abcd", sizeof(d)), -1);
	assert_string_equal(d, "abc");
	assert_int_equal(strlcpy_checked(d, "", sizeof(d)), 0);
	assert_string_equal(d, "");
	assert_int_equal(strlcpy_checked(d, "x", 0), -1);
}

/* --- token ----------------------------------------------------------- */

static bool token_alphabet(const char *s)
{
	for (; *s; s++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_",
			    *s))
			return false;
	return true;
}

static int cmp_token(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void test_token_new_format_unique(void **state)
{
	enum { N = 10000 };
	char(*t)[TOKEN_LEN + 1] = xcalloc(N, sizeof(*t));

	(void)state;
	for (size_t i = 0; i < N; i++) {
		memset(t[i], '#', sizeof(t[i]));
		token_new(t[i]);
		assert_int_equal(strlen(t[i]), TOKEN_LEN);
		assert_true(token_alphabet(t[i]));
		assert_true(token_valid(t[i]));
	}
	qsort(t, N, sizeof(*t), cmp_token);
	for (size_t i = 1; i < N; i++)
		assert_string_not_equal(t[i - 1], t[i]);
	free(t);
}

static void test_token_valid(void **state)
{
	(void)state;
	assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAA"));
	assert_true(token_valid("abcdefghijklmnopqrst-_"));
	assert_true(token_valid("0123456789ABCDEFGHIJKL"));
	assert_false(token_valid(NULL));
	assert_false(token_valid(""));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA"));   /* 21 */
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAAAA")); /* 23 */
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA+"));  /* base64 std */
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA/"));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA="));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAA.."));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA "));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAA\xc3\xa9"));
	assert_false(token_valid("../../../../etc/passwd"));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA'"));
}

static void test_token_hash_parts(void **state)
{
	const char *ab_c[] = {"ab", "c"}, *a_bc[] = {"a", "bc"};
	const char *abc[] = {"abc"}, *empty_tail[] = {"abc", ""};
	const char *with_null[] = {"abc", NULL};
	char h1[33], h2[33], h3[33];

	(void)state;
	token_hash_parts(h1, ab_c, 2);
	token_hash_parts(h2, a_bc, 2);
	assert_int_equal(strlen(h1), 32);
	assert_int_equal(strspn(h1, "0123456789abcdef"), 32);
	assert_string_not_equal(h1, h2);
	/* known answer: BLAKE2b-128("ab" 0x1f "c" 0x1f) */
	assert_string_equal(h1, "75e890c2b5321391f8fed13c37dff0f6");
	/* deterministic */
	token_hash_parts(h2, ab_c, 2);
	assert_string_equal(h1, h2);
	/* an empty last part is still a part */
	token_hash_parts(h1, abc, 1);
	token_hash_parts(h2, empty_tail, 2);
	assert_string_not_equal(h1, h2);
	/* NULL counts as "" (absent optional fields) */
	token_hash_parts(h3, with_null, 2);
	assert_string_equal(h2, h3);
	token_hash_parts(h1, NULL, 0);
	assert_int_equal(strlen(h1), 32);
}

/* --- ratelimit ------------------------------------------------------- */

static void test_ratelimit_burst_then_refused(void **state)
{
	struct ratelimit *rl = ratelimit_new("t", 6, 3);
	int retry = 0;

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_true(ratelimit_take(rl, "a", &retry));
	assert_false(ratelimit_take(rl, "a", &retry));
	/* 6 a minute: the next token in about 10 s */
	assert_in_range(retry, 9, 10);
	assert_true(ratelimit_take(rl, "b", NULL)); /* keys are apart */
	ratelimit_free(rl);
}

struct shared_probe {
	int answer, calls, retry;
	char name[32], key[32];
	double per_minute, burst;
};

static int probe_take(void *ctx, const char *name, const char *key,
		      double per_minute, double burst, int *retry_after)
{
	struct shared_probe *p = ctx;

	p->calls++;
	strlcpy_checked(p->name, name, sizeof(p->name));
	strlcpy_checked(p->key, key, sizeof(p->key));
	p->per_minute = per_minute;
	p->burst = burst;
	if (p->answer == 0)
		*retry_after = p->retry;
	return p->answer;
}

/* A shared limiter decides when it answers, and the in-process bucket
 * when it cannot (-1), so a database outage still damps abuse. */
/* Keys of any length find their own bucket: a 200-byte key is limited
 * like a short one, and two long keys that differ only at the end are
 * apart (a key cut off at a fixed length would give each request a new
 * bucket, or share one between different keys). */
/* One parser for every id that comes from outside (path, query, form). */
static void test_id_parse(void **state)
{
	(void)state;
	assert_int_equal(id_parse(NULL), 0);
	assert_int_equal(id_parse(""), 0);
	assert_int_equal(id_parse("1"), 1);
	assert_int_equal(id_parse("000042"), 42);
	assert_int_equal(id_parse("999999999999999999"), 999999999999999999LL);
	assert_int_equal(id_parse("1000000000000000000"), -1); /* 19 digits */
	assert_int_equal(id_parse("0"), -1);
	assert_int_equal(id_parse("00"), -1);
	assert_int_equal(id_parse("-1"), -1);
	assert_int_equal(id_parse("+1"), -1);
	assert_int_equal(id_parse(" 1"), -1);
	assert_int_equal(id_parse("1 "), -1);
	assert_int_equal(id_parse("1e3"), -1);
	assert_int_equal(id_parse("0x10"), -1);
	assert_int_equal(id_parse("\xd9\xa1"), -1); /* an Arabic-Indic one */
}

/* FNV-1a's published 32-bit vectors; bytes above 0x7f as unsigned */
static void test_text_hash(void **state)
{
	(void)state;
	assert_int_equal(text_hash(""), 0x811c9dc5u);
	assert_int_equal(text_hash("a"), 0xe40c292cu);
	assert_int_equal(text_hash("foobar"), 0xbf9cf968u);
	assert_int_equal(text_hash("\xff"), 0x7a0b824eu); /* not as -1 */
}

static void test_ratelimit_long_keys(void **state)
{
	struct ratelimit *rl = ratelimit_new("t", 6, 2);
	char a[201], b[201];
	int retry = 0;

	(void)state;
	memset(a, 'x', 200);
	a[200] = '\0';
	memcpy(b, a, sizeof(b));
	b[199] = 'y';
	assert_true(ratelimit_take(rl, a, &retry));
	assert_true(ratelimit_take(rl, a, &retry));
	assert_false(ratelimit_take(rl, a, &retry)); /* found its bucket */
	assert_true(retry >= 1);
	assert_true(ratelimit_take(rl, b, NULL)); /* its own bucket */
	assert_true(ratelimit_take(rl, b, NULL));
	assert_false(ratelimit_take(rl, b, NULL));
	ratelimit_free(rl);
}

static void test_ratelimit_shared(void **state)
{
	struct ratelimit *rl = ratelimit_new("login", 6, 2);
	struct shared_probe p = {.answer = 1};
	int retry = 0;

	(void)state;
	ratelimit_share(rl, probe_take, &p);
	for (int i = 0; i < 5; i++) /* past the local burst of 2 */
		assert_true(ratelimit_take(rl, "10.0.0.1", &retry));
	assert_int_equal(p.calls, 5);
	assert_string_equal(p.name, "login");
	assert_string_equal(p.key, "10.0.0.1");
	assert_true(p.per_minute > 5.99 && p.per_minute < 6.01);
	assert_true(p.burst > 1.99 && p.burst < 2.01);
	p.answer = 0;
	p.retry = 42;
	assert_false(ratelimit_take(rl, "10.0.0.1", &retry));
	assert_int_equal(retry, 42);
	p.answer = -1; /* unavailable: the local bucket, still full */
	assert_true(ratelimit_take(rl, "10.0.0.1", &retry));
	assert_true(ratelimit_take(rl, "10.0.0.1", &retry));
	assert_false(ratelimit_take(rl, "10.0.0.1", &retry));
	ratelimit_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_empty),
		cmocka_unit_test(test_buf_append_and_nul),
		cmocka_unit_test(test_buf_max_exact_then_sticky),
		cmocka_unit_test(test_buf_addf),
		cmocka_unit_test(test_buf_truncate),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_large_and_distinct),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_vec_grow),
		cmocka_unit_test(test_arena_huge_alloc_aborts),
		cmocka_unit_test(test_log_kv_plain_and_quoted),
		cmocka_unit_test(test_log_kv_cannot_forge),
		cmocka_unit_test(test_log_event_one_line),
		cmocka_unit_test(test_log_kv_long_value_cut),
		cmocka_unit_test(test_err_names),
		cmocka_unit_test(test_strlcpy_checked),
		cmocka_unit_test(test_token_new_format_unique),
		cmocka_unit_test(test_token_valid),
		cmocka_unit_test(test_token_hash_parts),
		cmocka_unit_test(test_ratelimit_burst_then_refused),
		cmocka_unit_test(test_id_parse),
		cmocka_unit_test(test_text_hash),
		cmocka_unit_test(test_ratelimit_long_keys),
		cmocka_unit_test(test_ratelimit_shared),
	};

	if (token_init() != 0)
		return 1;
	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
