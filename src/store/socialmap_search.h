/* socialmap_search: finding services on the social map (sociale kaart):
 * "waar kan ik terecht met ...", and "who serves this area on this theme,
 * at which scale level".  The reads that the pages and jobs of the social
 * map need beyond store/socialmap.h live here too (organisation details,
 * term look-ups, the freshness reminders).
 *
 * Search text never reaches FTS5 as syntax: socialmap_match_expr() cuts
 * it into words the way the Dutch tokenizer does (text/fts_dutch.h) and
 * writes each as a quoted string, so quotes, stars, NEAR(, OR, AND, NOT,
 * column filters and minus signs are plain words or separators.
 *
 * Scale levels: a service works in areas of any level (service_areas).
 * For a chosen area the chain is that area and its ancestors (buurt,
 * wijk, gebied, stadsdeel, gemeente); a service serves the chain when it
 * works in any of them, and its level is the smallest such area's level:
 * a buurt-level service is nearer than a gemeente-level one.
 *
 * SQL: shared dialect except the statements on services_fts (SQLite FTS5,
 * marked).  All functions read; only store_socialmap_mark_reminded writes,
 * inside the caller's transaction. */
#ifndef WA_STORE_SOCIALMAP_SEARCH_H
#define WA_STORE_SOCIALMAP_SEARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/area.h"
#include "store/db.h"
#include "store/socialmap.h"

/* The taxonomies of our own vocabulary (data/sociale-kaart/termen.json). */
#define SK_TAXONOMY_DOELGROEP "467a0644-4481-4cdc-aabd-7f25a7b8b7a0"
#define SK_TAXONOMY_THEMA "3c645d2c-5d6f-4c27-a767-b5ec168a5375"
#define SK_TERMS_FILE "data/sociale-kaart/termen.json"

#define SK_QUERY_MAX 400     /* bytes of search text accepted */
#define SK_MATCH_MAX_WORDS 12 /* words kept from the search text */
#define SK_MATCH_MAX 2048    /* room for any expression we build */

/* --- the MATCH expression (pure) -------------------------------------- */
enum sk_match_mode {
	SK_MATCH_ALL, /* every word must occur (FTS5's implicit AND) */
	SK_MATCH_ANY  /* any word may occur: "a" OR "b" */
};

/* Words are runs of Unicode letters, digits and combining marks (as the
 * tokenizer sees them); everything else, invalid UTF-8 included, only
 * separates words.  Words longer than FTS_DUTCH_MAX_WORD bytes are
 * dropped, as the tokenizer drops them; so are common Dutch function words
 * ("waar", "kan", "ik", "met", "de", ...) unless nothing else is left,
 * so that "waar kan ik terecht met schulden" searches for "schulden".
 * At most SK_MATCH_MAX_WORDS words are kept.  Each becomes "word" (it
 * holds no quote), joined by a space or by " OR ".
 * Returns the number of words (0: out is ""), or -1 when out is smaller
 * than needed (SK_MATCH_MAX always suffices). */
int socialmap_match_expr(const char *q, enum sk_match_mode mode, char *out,
			 size_t outlen);

/* The PostgreSQL counterpart of an FTS5 expression made of quoted words
 * only (socialmap_match_expr, or the HSDS API's search parameter, where a
 * quote inside a word is doubled): each word becomes a tsquery literal
 * ('word', quotes and backslashes escaped), joined by " & " (FTS5's
 * implicit AND, a space) or " | " (OR), for to_tsquery('dutch', ...).
 * User text never reaches tsquery as syntax.  In arena memory; NULL when
 * match is NULL. */
const char *store_fts_tsquery(struct arena *ar, const char *match);

/* --- search ----------------------------------------------------------- */
struct sk_search {
	const char *municipality;
	const char *match; /* from socialmap_match_expr; NULL or "": no text */
	/* The chosen area's chain by level (NULL where none); all NULL: no
	 * area filter. */
	const char *chain[AREA_LEVELS];
	int64_t doelgroep, thema; /* term ids; 0: any */
	const char *cost;	  /* 'gratis', 'eigen bijdrage', 'betaald'; NULL: any */
	const char *lang;	  /* a language code ([a-z]{2,3}); NULL: any */
	int limit, offset;
};

struct sk_hit {
	/* Everything but areas and terms; organisation_name filled. */
	struct service_row s;
	int level; /* enum area_level of the nearest area of the chain the
		    * service works in; -1 without an area filter */
};

/* Active and temporarily closed services that match, ordered by text
 * relevance (bm25, in steps of 0.1 so that near-equal texts count as
 * equal), then the nearest level, then name; without text by level, then
 * name.  *total: all matches (for paging; 0 when offset is past the end).  ERR_INVALID for a bad limit
 * or offset. */
enum err store_socialmap_search(struct db *db, struct arena *ar,
				const struct sk_search *q, struct sk_hit **out,
				size_t *n, int64_t *total);

/* --- who serves an area, per scale level ------------------------------ */
struct sk_org_ref {
	int64_t id;
	char *name;
};

struct sk_level {
	enum area_level level;
	const char *area_code;	  /* the area of the chain at this level, or NULL */
	struct sk_hit *services;  /* by name */
	size_t nservices;
	struct sk_org_ref *orgs; /* distinct, by name */
	size_t norgs;
};

/* The services (and their organisations) that serve the chain and carry
 * any of the terms, each at the nearest level where it works.  out[l] is
 * for level l; levels without an area in the chain stay empty. */
enum err store_socialmap_serving_terms(struct db *db, struct arena *ar,
				       const char *municipality,
				       const char *const chain[AREA_LEVELS],
				       const int64_t *terms, size_t nterms,
				       struct sk_level out[AREA_LEVELS]);

struct areaidx;
/* For later issues: who serves area_code on a theme (a term code of the
 * thema taxonomy) or on a signal category ("afval/grofvuil": the themes
 * whose "signaalcategorieen" in termen.json cover it, by prefix).  Give
 * exactly one of theme and category.  ERR_NOT_FOUND for an unknown area or
 * theme; a category that no theme covers gives empty levels.  The chain
 * comes from the area index (geo/areaidx.h). */
enum err socialmap_serving(struct db *db, struct arena *ar,
			   const struct areaidx *areas, const char *municipality,
			   const char *area_code, const char *theme,
			   const char *category, struct sk_level out[AREA_LEVELS]);

/* The theme codes that cover a signal category according to a termen.json
 * text (json, len); writes up to max codes (arena) and returns how many,
 * or -1 when the JSON is unreadable. */
int socialmap_category_themes(struct arena *ar, const char *json, size_t len,
			      const char *category, const char **codes,
			      size_t max);
/* The termen.json built into the binary, or NULL (with *len 0). */
const char *socialmap_terms_json(size_t *len);

/* --- organisations, terms --------------------------------------------- */
struct sk_org {
	int64_t id;
	char *municipality, *name, *kind, *description, *website, *email;
	bool is_demo;
};

enum err store_socialmap_org(struct db *db, struct arena *ar, int64_t id,
			     struct sk_org *out);

/* A term of one of our taxonomies by code; ERR_NOT_FOUND when none. */
enum err store_socialmap_term(struct db *db, struct arena *ar,
			      const char *taxonomy_uuid, const char *code,
			      struct term_row *out);

/* The terms of a service with their taxonomy's uuid in taxonomy_name's
 * place (uuid in uuid, code, name), by taxonomy then name. */
enum err store_socialmap_service_terms(struct db *db, struct arena *ar,
				       int64_t service_id, struct term_row **out,
				       size_t *n);

/* --- freshness ------------------------------------------------------- */
struct sk_due {
	int64_t service_id, organisation_id;
	char *name, *confirmed_at, *organisation_name;
	char *municipality; /* the organisation's */
};

/* Services (not defunct) of every municipality confirmed before `before`
 * and not reminded since `before`, by organisation then name. */
enum err store_socialmap_due(struct db *db, struct arena *ar,
			     const char *before, struct sk_due **out,
			     size_t *n);
enum err store_socialmap_mark_reminded(struct db *db, int64_t service_id,
				       const char *now);
/* E-mail addresses of the organisation's coordinators whose account is
 * not disabled, sorted. */
enum err store_socialmap_coordinators(struct db *db, struct arena *ar,
				      int64_t org_id, char ***emails, size_t *n);

#endif
