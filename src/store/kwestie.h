/* kwestie: the storage of kwesties, their chain, signals, history,
 * supporters, the agenda and triage (migration 010).  SQL lives here only.
 *
 * Reads take the db outside any transaction (or inside the caller's).
 * Writes marked "in tx" run inside the caller's db_write (app/kwestie.c),
 * so a use case's change, its history row and its audit row commit
 * together or not at all. */
#ifndef WA_STORE_KWESTIE_H
#define WA_STORE_KWESTIE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/kwestie.h"
#include "store/db.h"
#include "store/store.h"
#include "store/timeline.h"

struct kwestie_row {
	int64_t id;
	char *municipality, *title, *description;
	char *area_code, *area_level, *area_name;
	char *buurt_code, *wijk_code, *gebied_code, *stadsdeel_code;
	char *theme, *category_code, *topic;
	char *level, *level_reason, *status, *outcome;
	int64_t duplicate_of, merged_into;
	char *forwarded_to, *park_until, *park_reason;
	int urgency;
	int64_t residents, nsignals, nsupporters, version;
	char *created_at, *updated_at, *closed_at;
	char *regisseur; /* the regisseur's name, NULL when none (lists) */
	double lat, lon;
	bool has_point;
};

/* One link of the chain, with the organisation's name. */
struct kwestie_link_row {
	int64_t organisation;
	char *name, *role;
};

/* A topic that recurs across buurten of an area. */
struct kwestie_topic_row {
	char *topic;
	int64_t buurten;
};

/* The whole of a new kwestie, as the use case decided it. */
struct kwestie_new {
	const char *municipality, *title, *description;
	const char *area_code, *area_level;
	const char *chain_codes[4]; /* buurt, wijk, gebied, stadsdeel or NULL */
	const char *theme, *category_code, *topic;
	int level; /* enum kw_level */
	const char *level_reason;
	int status; /* KS_NIEUW or KS_OPGEPAKT */
	int urgency;
	bool has_point;
	double lat, lon;
	bool demo;
};

/* --- reads ------------------------------------------------------------ */

enum err store_kwestie_get(struct db *db, struct arena *ar, int64_t id,
			   struct kwestie_row *out);
enum err store_kwestie_chain(struct db *db, struct arena *ar, int64_t id,
			     struct kwestie_link_row **out, size_t *n);
/* The signals behind the kwestie, oldest first (at most limit). */
enum err store_kwestie_signals(struct db *db, struct arena *ar, int64_t id,
			       size_t limit, struct signal_row **out, size_t *n);
/* The kwesties a signal is in (open ones first). */
enum err store_signal_kwesties(struct db *db, struct arena *ar,
			       int64_t signal_id, struct kwestie_row **out,
			       size_t *n);
/* The organisations that reach the kwestie: its chain, and those that
 * answer for one of its signals (linked at intake, the link still
 * standing; not the chains of other kwesties of those signals).
 * steering: only those that change it: the regisseur and the uitvoerders
 * (the whole chain while there is no regisseur) and those that answer for
 * a signal; a financier or a betrokken follows it without steering it. */
enum err store_kwestie_orgs(struct db *db, struct arena *ar, int64_t id,
			    bool steering, int64_t **ids, size_t *n);

/* The kwesties of the account's organisations (or of the key's, key_org):
 * in their chain or behind a signal they work on (signal_access).  Open
 * ones first (most urgent, latest changed), then those parked until after
 * today ("YYYY-MM-DD"), then closed ones; at most limit. */
enum err store_kwesties_of_orgs(struct db *db, struct arena *ar,
				int64_t account_id, int64_t key_org,
				const char *today, size_t limit,
				struct kwestie_row **out, size_t *n);

/* The agenda of an area: its own open kwesties and those of the areas
 * inside it tackled at its level or above, ranked by urgency, residents
 * involved (signals plus supporters) and recency.  level: the area's. */
enum err store_agenda(struct db *db, struct arena *ar,
		      const char *municipality, const char *area_code,
		      enum area_level level, size_t limit,
		      struct kwestie_row **out, size_t *n);
/* The open kwesties of the areas above (codes: up to 4, NULL skipped). */
enum err store_agenda_above(struct db *db, struct arena *ar,
			    const char *municipality, const char *const *codes,
			    size_t ncodes, size_t limit,
			    struct kwestie_row **out, size_t *n);
/* Topics with open kwesties in at least min_buurten buurten of the area
 * (level above buurt), most buurten first. */
enum err store_agenda_topics(struct db *db, struct arena *ar,
			     const char *municipality, const char *area_code,
			     enum area_level level, int64_t min_buurten,
			     size_t limit, struct kwestie_topic_row **out,
			     size_t *n);
/* Open kwesties near a point or in a buurt, for suggestions ("is het
 * dit?"): in the buurt, or within the box around the point (degrees). */
enum err store_kwestie_candidates(struct db *db, struct arena *ar,
				  const char *municipality, const char *buurt,
				  bool has_point, double lat, double lon,
				  double dlat, double dlon, size_t limit,
				  struct kwestie_row **out, size_t *n);

struct triage_filter {
	const char *area;     /* any level's code, or NULL */
	const char *kind;     /* melding, vraag, idee, or NULL */
	const char *category; /* a category code (its sub-categories too) */
	int64_t after;	      /* the id to go on after (oldest first) */
	size_t limit;
};
/* The open signals the account's organisations (or the key's one) work
 * on that are in no kwestie and that none of them declined, oldest
 * first. */
enum err store_triage(struct db *db, struct arena *ar, int64_t account_id,
		      int64_t key_org, const struct triage_filter *f,
		      struct signal_row **out, size_t *n);
/* "Niet voor ons": which organisations declined the signal, and why. */
struct signal_decline_row {
	int64_t organisation;
	char *name, *reason, *at;
};
enum err store_signal_declines(struct db *db, struct arena *ar,
			       int64_t signal_id,
			       struct signal_decline_row **out, size_t *n);
/* A signal by id, whether it is in a kwestie, and when it was closed
 * (NULL: open). */
enum err store_signal_by_id_open(struct db *db, struct arena *ar, int64_t id,
				 struct signal_row *out, bool *in_kwestie,
				 char **closed_at);

/* The name of a theme (a term of the social map's taxonomy "Thema") by
 * its code; ERR_NOT_FOUND when there is none. */
enum err store_theme_name(struct db *db, struct arena *ar, const char *code,
			  char **name);

/* --- writes (in tx) ---------------------------------------------------- */

enum err store_kwestie_insert(struct db *db, const struct kwestie_new *k,
			      const char *now, int64_t *id);
/* Write the state; ERR_CONFLICT when the version is no longer
 * expected_version (someone else changed it first).  Sets closed_at when
 * the state is afgerond (keeping an earlier one), clears it otherwise. */
enum err store_kwestie_update(struct db *db, int64_t id,
			      const struct kw_state *s, int64_t expected_version,
			      const char *now);
/* Replace the chain and bump the version (ERR_CONFLICT as above). */
enum err store_kwestie_chain_set(struct db *db, int64_t id,
				 const struct kw_link *c, size_t n,
				 int64_t expected_version, const char *now);
/* Chain rows without a version check (a new kwestie's). */
enum err store_kwestie_chain_add(struct db *db, int64_t id,
				 const struct kw_link *c, size_t n);
/* Regisseurs in the chain as stored (the check inside the transaction). */
enum err store_kwestie_regisseurs(struct db *db, int64_t id, int64_t *n);
/* Link a signal (*added false when it already was). */
enum err store_kwestie_link_signal(struct db *db, int64_t id,
				   int64_t signal_id, const char *now,
				   bool *added);
enum err store_kwestie_unlink_signal(struct db *db, int64_t id,
				     int64_t signal_id);
/* Bump the version and updated_at (ERR_CONFLICT as above; expected 0:
 * no check). */
enum err store_kwestie_touch(struct db *db, int64_t id,
			     int64_t expected_version, const char *now);
/* Recount residents, follow the signals' status, closed_at and outcome,
 * and the roll-up row of its topic and buurt.  After every change. */
enum err store_kwestie_settle(struct db *db, int64_t id, const char *now);
enum err store_kwestie_event(struct db *db, int64_t id, const char *now,
			     const char *actor, const char *what,
			     const char *from, const char *to,
			     const char *reason);
/* Move signals, supporters and followers of from into into, and mark
 * from merged (afgerond, dubbel, merged_into). */
enum err store_kwestie_merge(struct db *db, int64_t from, int64_t into,
			     int64_t expected_version, const char *now);
/* One supporter (*added false when this key already supports it). */
enum err store_kwestie_support(struct db *db, int64_t id, const char *key,
			       const char *now, bool *added);
/* Triage: "niet voor ons" (ERR_CONFLICT when this organisation already
 * said so). */
enum err store_signal_decline(struct db *db, int64_t signal_id, int64_t org,
			      const char *reason, const char *now);
enum err store_signal_set_category(struct db *db, int64_t signal_id,
				   const char *category);
/* Close a signal in no kwestie with an outcome. */
enum err store_signal_close(struct db *db, int64_t signal_id,
			    const char *outcome, const char *now);
/* Kwesties parked until today or before: back to opgepakt (the
 * regisseur's list), with a history row; their ids in *ids (settle each). */
enum err store_kwestie_unpark(struct db *db, struct arena *ar,
			      const char *today, const char *now,
			      int64_t **ids, size_t *n);

#endif
