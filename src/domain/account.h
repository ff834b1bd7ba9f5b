/* account: the rules of a professional's account.  Pure.
 *
 * A password has at least ACCOUNT_PASSWORD_MIN characters (bytes of
 * UTF-8 are counted) and at most ACCOUNT_PASSWORD_MAX bytes: long enough
 * to resist guessing, short enough that hashing it costs what argon2id
 * costs and no more.  No composition rules (NIST SP 800-63B). */
#ifndef WA_DOMAIN_ACCOUNT_H
#define WA_DOMAIN_ACCOUNT_H

#define ACCOUNT_PASSWORD_MIN 12
#define ACCOUNT_PASSWORD_MAX 200

/* NULL when acceptable, else a Dutch msgid (N_()). */
const char *account_password_check(const char *pw);

#endif
