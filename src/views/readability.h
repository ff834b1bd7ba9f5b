/* readability (views): the plain-language box beside a text that goes to
 * residents (docs/plain-language.md): the score, the target (60, about
 * B1), "indicatief" under 40 words, the long sentences and the flagged
 * words with their plain alternatives.  A section with a heading; every
 * verdict is said in words, never by colour alone.
 *
 * Without JavaScript a form shows view_readability after its preview
 * step; with it, static/readability.js fills the box of
 * view_readability_live from POST /api/v1/readability while the writer
 * types (a <textarea data-readability="BOX-ID">). */
#ifndef WA_VIEWS_READABILITY_H
#define WA_VIEWS_READABILITY_H
#include "text/readability.h"
#include "views/views.h"

/* The box for the result r of checking text.  id: the section's id (its
 * heading gets id-kop); the same id as view_readability_live's, so the
 * script can take the box over after a preview. */
void view_readability(struct html *out, const struct page *p, const char *id,
		      const char *text, const struct readability *r);
/* An empty box (aria-live="polite") for the script to fill, with its
 * labels in the page's language as data- attributes. */
void view_readability_live(struct html *out, const struct page *p,
			   const char *id);
/* <script src="/static/readability.js" defer>: once a page. */
void view_readability_script(struct html *out);

#endif
