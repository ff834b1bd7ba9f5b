/* token: see token.h. */
#include "token.h"

#include "util.h"

#include <sodium.h>
#include <string.h>

int token_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void token_new(char *out)
{
	unsigned char raw[16];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool token_valid(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (n >= TOKEN_LEN ||
		    !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return n == TOKEN_LEN;
}

void token_hash_parts(char *out, const char *const *parts, size_t n)
{
	crypto_generichash_state st;
	unsigned char h[16];
	const unsigned char sep = 0x1f;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (size_t i = 0; i < n; i++) {
		const char *p = parts[i] ? parts[i] : "";

		crypto_generichash_update(&st, (const unsigned char *)p,
					  strlen(p));
		crypto_generichash_update(&st, &sep, 1);
	}
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 33, h, sizeof(h));
}

void token_keyed_hash(char *out, const unsigned char *key, const char *text)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)text,
			   strlen(text), key, TOKEN_KEY_BYTES);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

static unsigned char installation_key[TOKEN_KEY_BYTES];
static bool installation_key_set;

void token_key_set(const unsigned char *key)
{
	memcpy(installation_key, key, sizeof(installation_key));
	installation_key_set = true;
}

void token_keyed_text(char *out, const char *text)
{
	if (!installation_key_set)
		fatal("keyed hash asked before the installation key was set");
	token_keyed_hash(out, installation_key, text);
}

void token_keyed_parts(char *out, const char *const *parts, size_t n)
{
	char inner[33];

	token_hash_parts(inner, parts, n);
	token_keyed_text(out, inner);
}
