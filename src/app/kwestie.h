/* kwestie: what professionals and residents do with kwesties, and triage
 * (the signals not yet in one).  Each use case validates through
 * domain/kwestie, runs one db_write in which it re-reads what it checks
 * (the version, the chain, the signal's access), writes the change, the
 * history row people read and the audit row, and settles the kwestie
 * (residents counted, its signals' status, the agenda's roll-up).
 *
 * Who may is decided twice, on purpose: the router lets only members of
 * an organisation in the chain or working on one of its signals reach a
 * kwestie (AZ_KWESTIE_MANAGE); the use cases check what the route cannot
 * see: each signal linked must be one the actor's organisation works on,
 * the kwestie merged into must be one it may change too, and a new
 * kwestie must be one it may change afterwards. */
#ifndef WA_APP_KWESTIE_H
#define WA_APP_KWESTIE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "domain/kwestie.h"
#include "store/kwestie.h"
#include "store/promise.h"

struct app;

/* A new kwestie (or the part split off one), as sent. */
struct kwestie_input {
	const char *title, *description, *area, *theme, *level, *level_reason;
	const char *status; /* NULL: nieuw (opgepakt when a regisseur is named) */
	bool has_urgency;
	int64_t urgency;
	const int64_t *signals;
	size_t nsignals;
	const struct kw_link *chain;
	size_t nchain;
	bool demo; /* seed data */
	bool plain_confirmed; /* publish title and description below the
			       * plain-language target (app/plain.h) */
};

/* ERR_OK (*id the new one); ERR_INVALID or ERR_UNPROCESSABLE with errs;
 * ERR_FORBIDDEN when a signal is not one the actor works on. */
enum err kwestie_create(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, const struct kwestie_input *in,
			struct field_errors *errs, int64_t *id);
/* ERR_CONFLICT: version is not the current one (someone changed it
 * first), or the kwestie was merged; ERR_UNPROCESSABLE: a rule (errs). */
enum err kwestie_change(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t id, int64_t version,
			const struct kw_change *ch, struct field_errors *errs);
/* Inside the caller's write transaction (app/grade.c, a resident's
 * "nee"): an afgerond kwestie back to opgepakt by the kwestie's rules,
 * its outcome cleared, a timeline entry of kind (public words in
 * app/timeline.c), settled.  ERR_CONFLICT when it is not afgerond or was
 * merged. */
enum err kwestie_reopen_in_tx(struct db *db, struct arena *ar, int64_t id,
			      const char *now, const char *kind);
/* The main category ("afval" of "afval/grofvuil"); NULL for NULL. */
const char *kwestie_main_category(struct arena *ar, const char *code);
enum err kwestie_set_chain(const struct app *app, struct db *db,
			   struct arena *ar, const struct actor *who,
			   int64_t id, int64_t version, const struct kw_link *c,
			   size_t n, struct field_errors *errs);
/* *added false when the signal was in the kwestie already. */
enum err kwestie_add_signal(const struct app *app, struct db *db,
			    struct arena *ar, const struct actor *who,
			    int64_t id, int64_t signal_id,
			    struct field_errors *errs, bool *added);
/* version 0: no check. */
enum err kwestie_merge(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, int64_t id, int64_t version,
		       int64_t into, struct field_errors *errs);
/* A new kwestie with in's title, description and signals (moved out of
 * id); area, level, theme and chain are id's unless given. */
enum err kwestie_split(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, int64_t id,
		       const struct kwestie_input *in,
		       struct field_errors *errs, int64_t *new_id);
/* "Ik heb hier ook last van". */
struct support_input {
	int64_t id;	    /* the kwestie */
	const char *email;  /* as typed, or NULL */
	const char *client; /* the client's address, for the rate limit */
	/* With an e-mail address and follow: the supporter also follows the
	 * kwestie (app/follower.h: unconfirmed, the confirmation mail, news
	 * only after confirming) at this frequency (NULL or "": direct).
	 * follow false: demo data, whose addresses get no mail. */
	bool follow;
	const char *frequency;
};
/* Counted by e-mail address when given, else by the client's address;
 * *added false when this one already supports it.  ERR_INVALID (errs:
 * email, frequency) changes nothing.  The support counts whatever
 * happens to the follow part after it: rate limited (the mail limits of
 * app/follower.c), a bounced address or a failure is logged, and the
 * answer is still ERR_OK. */
enum err kwestie_support(const struct app *app, struct db *db,
			 struct arena *ar, const struct support_input *in,
			 struct field_errors *errs, bool *added,
			 int *retry_after);

/* The organisation the actor steers kwestie id for: its regisseur, an
 * uitvoerder, or an organisation answering for one of its signals (the
 * whole chain when there is no regisseur yet); 0 when none. */
int64_t kwestie_acting_org(struct db *db, struct arena *ar,
			   const struct actor *who, int64_t id);
/* The organisation the actor works on signal_id for; 0 when none. */
int64_t signal_acting_org(struct db *db, struct arena *ar,
			  const struct actor *who, int64_t signal_id);

/* Triage of one signal. */
enum err triage_decline(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t signal_id,
			const char *reason, struct field_errors *errs);
enum err triage_set_category(const struct app *app, struct db *db,
			     struct arena *ar, const struct actor *who,
			     int64_t signal_id, const char *category,
			     struct field_errors *errs);
/* Close a signal in no kwestie, with an outcome (not dubbel) and a reason. */
enum err triage_close(const struct app *app, struct db *db, struct arena *ar,
		      const struct actor *who, int64_t signal_id,
		      const char *outcome, const char *reason,
		      struct field_errors *errs);
/* The triage list of the actor's organisations. */
enum err triage_list(struct db *db, struct arena *ar, const struct actor *who,
		     const struct triage_filter *f, struct signal_row **out,
		     size_t *n);

/* The periodic job: parked kwesties whose date has come go back to
 * opgepakt.  *n gets how many. */
enum err kwestie_unpark_due(struct db *db, struct arena *ar, int64_t *n);

/* --- reads -------------------------------------------------------------- */

struct kwestie_view {
	struct kwestie_row k;
	struct kwestie_link_row *chain;
	size_t nchain;
	struct timeline_row *history;
	size_t nhistory;
	struct promise_row *promises; /* oldest first */
	size_t npromises;
	const char *today;	  /* YYYY-MM-DD, Amsterdam: for "late" */
	const char *expected_by;  /* the earliest open promise's due; NULL */
};

enum err kwestie_read(struct db *db, struct arena *ar, int64_t id,
		      struct kwestie_view *out);
/* kwestie_read of a kwestie of municipality only (else ERR_NOT_FOUND): a
 * kwestie is seen only through its own municipality's site. */
enum err kwestie_read_in(struct db *db, struct arena *ar,
			 const char *municipality, int64_t id,
			 struct kwestie_view *out);

#define AGENDA_MAX 50

struct agenda {
	const char *code, *name, *level; /* the area */
	enum area_level area_level;
	const char *parents[4];		 /* codes of the areas above */
	size_t nparents;
	struct kwestie_row *kwesties;
	size_t n;
	struct kwestie_row *above; /* open kwesties of the areas above */
	size_t nabove;
	struct kwestie_topic_row *topics; /* "speelt in 7 buurten" */
	size_t ntopics;
};

/* ERR_NOT_FOUND for an unknown area code. */
enum err agenda_read(const struct app *app, struct db *db, struct arena *ar,
		     const char *code, struct agenda *out);

/* Open kwesties a resident's report may be about ("is het dit?"): within
 * 250 m or in the same buurt, with the same category or a word in common;
 * best first, at most max. */
enum err kwestie_suggest(const struct app *app, struct db *db,
			 struct arena *ar, const char *buurt, bool has_point,
			 double lat, double lon, const char *category,
			 const char *text, size_t max,
			 struct kwestie_row **out, size_t *n);

/* The label of a topic (a theme's or a category's name), for people. */
const char *kwestie_topic_label(const struct app *app, struct db *db,
				struct arena *ar, const char *topic);

#endif
