/* token: unguessable identifiers and keyed hashes (libsodium).
 * Call token_init() once before threads start. */
#ifndef WA_TOKEN_H
#define WA_TOKEN_H
#include <stdbool.h>
#include <stddef.h>

#define TOKEN_LEN 22 /* 128 random bits, base64url without padding */

int token_init(void);
/* out must hold TOKEN_LEN + 1 bytes. */
void token_new(char *out);
/* Does s look like a token (length and alphabet)?  Cheap check before any
 * database look-up. */
bool token_valid(const char *s);
/* Hex of a 128-bit BLAKE2b hash over the parts (each followed by a 0x1f
 * separator so that ("ab","c") and ("a","bc") differ). out: 33 bytes. */
void token_hash_parts(char *out, const char *const *parts, size_t n);
/* Hex of a 128-bit BLAKE2b hash of text keyed with key (32 bytes): the
 * same text gives another hash under another key, and without the key a
 * hash cannot be recomputed from a guess.  out: 33 bytes. */
#define TOKEN_KEY_BYTES 32
void token_keyed_hash(char *out, const unsigned char *key, const char *text);
/* The installation's key (app/resident.h says what it is for), set once
 * before threads start; token_keyed_parts is token_hash_parts keyed with
 * it, for hashes of what people give (addresses, IP addresses) that must
 * not be recomputable from a guess.  It aborts when no key was set: no
 * unkeyed hash of an address may be written by mistake. */
void token_key_set(const unsigned char *key);
void token_keyed_parts(char *out, const char *const *parts, size_t n);
/* text keyed with the installation's key as it is (a stored hash keyed
 * once more, a fingerprint of the key). */
void token_keyed_text(char *out, const char *text);

#endif
