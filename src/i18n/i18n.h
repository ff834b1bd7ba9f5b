/* i18n: gettext with a language per request.  Dutch is the source language
 * (msgids are Dutch); English comes from po/en.po.  The language is set per
 * worker thread with uselocale(), which glibc's gettext honours, so two
 * requests in two languages never see each other's texts. */
#ifndef WA_I18N_H
#define WA_I18N_H
#include <libintl.h>

enum lang { LANG_NL, LANG_EN, LANG_COUNT };

#define _(s) i18n_text(s)
#define N_(s) (s)

/* Bind the text domain; localedir NULL means the built-in LOCALEDIR.
 * Returns 0, or -1 when the English locale is missing (English pages then
 * fall back to Dutch; the caller logs it). */
int i18n_init(const char *localedir);
void i18n_use(enum lang lang);
/* The language this thread uses now. */
enum lang i18n_current(void);
/* gettext(msgid) through a small per-thread cache: glibc's gettext takes a
 * global lock and reads the environment on every call, which showed up in
 * the profile of the public pages. */
const char *i18n_text(const char *msgid) __attribute__((format_arg(1)));
/* The cache is keyed by the msgid's address: msgids must have static
 * storage (string literals, marked with _() or N_()), as xgettext needs
 * anyway. */
/* "nl" / "en". */
const char *i18n_code(enum lang lang);
/* Parse a language code ("nl", "en"); -1 when unknown. */
int i18n_parse(const char *code);
/* Pick a language from an Accept-Language header (RFC 9110 q-values);
 * Dutch when absent or nothing matches. */
enum lang i18n_negotiate(const char *accept_language);

#endif
