/* kwestie: the rules of a kwestie's life.  Pure: no SQL, no HTTP, no
 * clock (today's date comes in).  Messages are Dutch msgids (N_()).
 *
 * A kwestie is what professionals tackle: the signals of residents behind
 * it, an area whose agenda it is on, a scale level where it is tackled
 * (with a reason), a chain of organisations (regisseur, uitvoerder,
 * financier, betrokken) and a status; closing needs an outcome, separate
 * from the status, because closed never silently means solved.
 *
 *   status    nieuw -> opgepakt, in_uitvoering, doorgezet (naming to
 *             which level or party), geparkeerd (a reason and a date in
 *             the future to look again), afgerond (with an outcome).
 *             Nothing goes back to nieuw; afgerond reopens to opgepakt or
 *             in_uitvoering and loses its outcome.  A status left drops
 *             what belonged to it; naming it (forwarded_to, park_until,
 *             park_reason, duplicate_of) with another status is refused.
 *   outcome   opgelost, deels_opgelost, niet_op_dit_niveau,
 *             geen_actie_nodig, dubbel (naming the other kwestie); only
 *             with afgerond, always with afgerond.
 *   level     buurt .. gemeente (the levels with an area row), regio, rijk
 *             (without); never below the level of the kwestie's area; a
 *             change needs a new reason.
 *   chain     at most one regisseur; exactly one once taken up (any
 *             status but nieuw); an organisation once. */
#ifndef WA_DOMAIN_KWESTIE_H
#define WA_DOMAIN_KWESTIE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/area.h"
#include "domain/fields.h"

enum kw_level {
	KW_BUURT,
	KW_WIJK,
	KW_GEBIED,
	KW_STADSDEEL,
	KW_GEMEENTE,
	KW_REGIO,
	KW_RIJK,
	KW_LEVELS
};

enum kw_status {
	KS_NIEUW,
	KS_OPGEPAKT,
	KS_IN_UITVOERING,
	KS_DOORGEZET,
	KS_GEPARKEERD,
	KS_AFGEROND,
	KS_STATUSES
};

enum kw_outcome {
	KO_NONE,
	KO_OPGELOST,
	KO_DEELS_OPGELOST,
	KO_NIET_OP_DIT_NIVEAU,
	KO_GEEN_ACTIE_NODIG,
	KO_DUBBEL,
	KO_OUTCOMES
};

enum kw_role {
	KR_REGISSEUR,
	KR_UITVOERDER,
	KR_FINANCIER,
	KR_BETROKKEN,
	KR_ROLES
};

#define KW_TITLE_MAX 120
#define KW_DESCRIPTION_MAX 4000
#define KW_REASON_MAX 500
#define KW_FORWARDED_MAX 200
#define KW_CHAIN_MAX 30
#define KW_SIGNALS_MAX 100 /* per request */
#define KW_URGENCY_MAX 2
#define KW_MESSAGE_MAX 2000 /* a message for residents with a change */

/* A stored value ("in_uitvoering") and its Dutch label (a msgid). */
struct kw_name {
	const char *value;
	const char *label;
};

extern const struct kw_name kw_levels[KW_LEVELS];
extern const struct kw_name kw_statuses[KS_STATUSES];
extern const struct kw_name kw_outcomes[KO_OUTCOMES]; /* [KO_NONE] is "" */
extern const struct kw_name kw_roles[KR_ROLES];
extern const struct kw_name kw_urgencies[KW_URGENCY_MAX + 1];

/* The index of value in the table, or -1 (NULL, unknown, KO_NONE's ""). */
int kw_level_parse(const char *s);
int kw_status_parse(const char *s);
int kw_outcome_parse(const char *s);
int kw_role_parse(const char *s);
/* The kwestie level of an area level (buurt is buurt ... gemeente). */
enum kw_level kw_level_of_area(enum area_level l);

/* A kwestie as the rules see it.  Strings are NULL when absent. */
struct kw_state {
	int64_t id;		/* 0 for a new one */
	const char *title, *description;
	int level;		/* enum kw_level */
	const char *level_reason;
	enum area_level area_level;
	int status;		/* enum kw_status */
	int outcome;		/* enum kw_outcome */
	int64_t duplicate_of;	/* 0: none */
	const char *forwarded_to;
	const char *park_until, *park_reason; /* YYYY-MM-DD */
	int urgency;
	size_t nregisseurs;	/* in the chain as it will be */
};

/* What someone asks to change: NULL (or has_* false) leaves a field as
 * it is.  Values as sent (strings from a form or JSON). */
struct kw_change {
	const char *title, *description;
	const char *level, *level_reason;
	const char *status, *outcome;
	const char *forwarded_to;
	const char *park_until, *park_reason;
	bool has_duplicate_of;
	int64_t duplicate_of;
	bool has_urgency;
	int64_t urgency;
	/* a message for residents with this change (app/kwestie.c writes it
	 * as its own timeline entry), and whether the writer confirmed to
	 * publish texts below the plain-language target (app/plain.h) */
	const char *message;
	bool plain_confirmed;
};

/* Apply ch to cur into *next, checking every rule above (and the text
 * rules of domain/fields: trimmed, NFC, lengths); today is "YYYY-MM-DD".
 * For a new kwestie cur is kw_state_new(area_level) and title,
 * description, level and level_reason are required.  On a broken rule
 * errs names the field and the msgid, and false is returned; *next is
 * then meaningless.  Whether the duplicate_of kwestie exists is the
 * store's to check; that it is not the kwestie itself is checked here. */
bool kwestie_apply(struct arena *ar, const struct kw_state *cur,
		   const struct kw_change *ch, const char *today,
		   struct kw_state *next, struct field_errors *errs);
struct kw_state kw_state_new(enum area_level area_level);
/* Did the apply change anything worth a new version? */
bool kw_state_differs(const struct kw_state *a, const struct kw_state *b);

/* One link of the chain. */
struct kw_link {
	int64_t organisation;
	int role; /* enum kw_role */
};

/* A chain as sent: organisations once, at most KW_CHAIN_MAX, at most one
 * regisseur, and exactly one when the status is not nieuw.  Errors under
 * the field "chain". */
bool kwestie_chain_check(const struct kw_link *c, size_t n, int status,
			 struct field_errors *errs);
size_t kw_chain_regisseurs(const struct kw_link *c, size_t n);

/* A date "YYYY-MM-DD" that exists in the calendar, years 2000..2999
 * (domain/calendar.c parses it). */
bool kw_date_valid(const char *s);

/* The signal's own status when its kwestie has this one ("gemeld" for a
 * signal in no kwestie). */
const char *kw_signal_status(int status);

/* The reason a professional gives for "niet voor ons" or for closing a
 * signal without a kwestie: NULL when fine (trimmed copy in *out). */
const char *kw_reason_check(struct arena *ar, const char *s, const char **out);

#endif
