/* password: argon2id password hashing through libsodium with its
 * INTERACTIVE limits (64 MiB, 2 passes; about 60-100 ms here).
 *
 * Hashing is expensive on purpose, so at most PASSWORD_CONCURRENCY hashes
 * run at once (a semaphore): a burst of logins queues instead of taking
 * every worker thread and all memory.  password_verify_dummy() costs the
 * same as a real verify, so "no such account" and "wrong password" take
 * the same time. */
#ifndef WA_PASSWORD_H
#define WA_PASSWORD_H
#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN 12	 /* characters (bytes of UTF-8 are counted) */
#define PASSWORD_MAX 200 /* bytes */
#define PASSWORD_HASH_MAX 128
#define PASSWORD_CONCURRENCY 2

int password_init(void);
/* NULL when acceptable, else a Dutch msgid (N_()). */
const char *password_check_rules(const char *pw);
/* out must hold PASSWORD_HASH_MAX bytes.  Returns 0, or -1 (out of
 * memory in libsodium). */
int password_hash(const char *pw, char *out);
bool password_verify(const char *hash, const char *pw);
void password_verify_dummy(const char *pw);

#endif
