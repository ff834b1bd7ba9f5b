/* demo_history_plan: what the two halves of the demo history share (not
 * a contract for anyone else): the plan, made in memory by
 * demo_history.c from its fixed-seed generator, and its events, which
 * demo_history_replay.c writes through the store in the order of their
 * moments.  Moments are seconds since 1970, UTC. */
#ifndef WA_SEED_DEMO_HISTORY_PLAN_H
#define WA_SEED_DEMO_HISTORY_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/kwestie.h"
#include "geo/areaidx.h"
#include "seed/demo_history_texts.h"
#include "store/accounts.h"
#include "store/db.h"

#define HIST_EPISODES 330		/* kwesties */
#define HIST_SINGLES 280		/* signals closed without a kwestie */
#define DAY 86400
#define HOUR 3600
#define MAX_SIG 8
#define MAX_SUP 20
#define MAX_PROM 4 /* two promises, each replaced at most once */
#define MAX_GRADERS (MAX_SIG + MAX_SUP)

struct app;

/* The state of the generator (splitmix64). */
struct rng {
	uint64_t s;
};

enum promise_end { PE_ON_TIME, PE_LATE, PE_BROKEN, PE_CHANGED, PE_ENDS };
enum solved { SV_JA, SV_DEELS, SV_NEE, SV_N };

struct h_buurt {
	const struct area_node *node;
	size_t district;
	int weight;
};

struct h_signal {
	size_t buurt;
	int resident, text;
	int64_t at, linked; /* linked 0: at the kwestie's creation */
	int64_t id;	    /* the replay's */
};

struct h_promise {
	int64_t org;
	int what, workdays, end; /* enum promise_end; PE_ENDS: stays open */
	int64_t made, ended;	 /* ended 0: open */
	int replaces;		 /* index of the one it replaces, or -1 */
	char made_on[11], due[11], done_on[11];
	const char *why;
	int64_t id;
};

struct h_grade {
	int resident, grade, solved;
	const char *comment;
	int64_t at;
};

struct h_episode {
	const struct hist_topic *topic;
	const struct area_node *area;
	int level, outcome; /* KO_NONE: still open */
	int64_t created, busy, closed; /* 0: not (yet) */
	struct h_signal sig[MAX_SIG];
	int nsig;
	int sup[MAX_SUP];
	int64_t sup_at[MAX_SUP];
	int nsup;
	struct h_promise prom[MAX_PROM];
	int nprom;
	struct h_grade grades[MAX_GRADERS];
	int ngrades;
	int64_t regisseur, partner;
	const char *regisseur_name, *partner_role, *title, *busy_note,
		*closing_note;
	struct kw_state st_new, st_busy, st_closed;
	int64_t id, version;
};

struct h_single {
	const struct hist_topic *topic;
	struct h_signal sig;
	int outcome;
	int64_t closed, org;
	const char *org_name, *reason;
	struct h_grade grade;
	bool graded;
};

enum ev_kind {
	EV_SIGNAL, EV_CREATE, EV_LINK, EV_SUPPORT, EV_BUSY, EV_PROMISE,
	EV_PROMISE_END, EV_CLOSE, EV_GRADE, EV_SINGLE_CLOSE, EV_SINGLE_GRADE
};

/* One thing that happened; owner is an episode, or HIST_EPISODES plus a
 * single's index.  Ties of the moment keep the order of kind and arg. */
struct h_event {
	int64_t at;
	uint32_t owner;
	uint8_t kind, arg;
};

struct hist {
	struct db *db;
	struct app *app;
	struct arena *ar;
	struct rng rng;
	int64_t limit; /* today 00:00 UTC: nothing happens from here on */
	struct h_buurt *buurten;
	size_t nbuurten;
	int64_t district_org[8][HF_FAMILIES], district_partner[8], city_org;
	struct org_row *orgs;
	size_t norgs;
	struct h_episode *ep;
	struct h_single *single;
	struct h_event *ev;
	size_t nev, evcap;
	char errmsg[160];
};

/* Make the plan (h->db, app and ar set): 0, 1 when this installation
 * has no demo organisations or stadsdelen (no history then), -1 with
 * h->errmsg. */
int hist_plan(struct hist *h);
/* Write the plan's events: a db_write function, p the struct hist. */
enum err hist_replay(struct db *db, void *p);
/* As store_now writes a moment: 2026-11-27T18:20:33.000Z */
void hist_moment(int64_t t, char out[32]);
/* A demo organisation's name ("wijkagenda" for an unknown id). */
const char *hist_org_name(const struct hist *h, int64_t id);

#endif
