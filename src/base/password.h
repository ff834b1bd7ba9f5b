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

/* What a password must be is the account's rule (domain/account.h);
 * this is only a guard against hashing megabytes sent to the log-in. */
#define PASSWORD_INPUT_MAX 1024
#define PASSWORD_HASH_MAX 128
#define PASSWORD_CONCURRENCY 2

int password_init(void);
/* out must hold PASSWORD_HASH_MAX bytes.  Returns 0, or -1 (out of
 * memory in libsodium). */
int password_hash(const char *pw, char *out);
bool password_verify(const char *hash, const char *pw);
void password_verify_dummy(const char *pw);

#endif
