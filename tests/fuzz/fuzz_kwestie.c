/* fuzz_kwestie: the bodies of the kwestie API (src/web/kwestie_json.c, as
 * web/kwestie_api.c reads them) and the rules they meet
 * (src/domain/kwestie.c), without a server or a database.
 *
 * The input is a JSON document, parsed as web_json_body parses the
 * kwestie bodies (JSON_REJECT_DUPLICATES, no other flags: ids stay
 * integers).  Read as a new kwestie and as a change, it is applied to a
 * blank kwestie, to one taken up and to a closed one.
 *
 * Properties, whenever kwestie_apply accepts:
 *   - afgerond exactly when there is an outcome; dubbel names another
 *     kwestie; doorgezet names where to; geparkeerd has a reason and a
 *     real date after today; nothing else carries those;
 *   - the level is a known one, not below the area's;
 *   - nothing but nieuw without exactly one regisseur;
 *   - title and reasons within their limits;
 * and the chain check accepts only chains without a repeated
 * organisation, with known roles and at most one regisseur. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "domain/kwestie.h"
#include "web/kwestie_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TODAY "2026-12-04"

static void check_state(const struct kw_state *s)
{
	assert(s->level >= 0 && s->level < KW_LEVELS);
	assert(s->level >= (int)kw_level_of_area(s->area_level));
	assert(s->status >= 0 && s->status < KS_STATUSES);
	assert((s->status == KS_AFGEROND) == (s->outcome != KO_NONE));
	assert((s->outcome == KO_DUBBEL) == (s->duplicate_of != 0));
	assert(!s->duplicate_of || s->duplicate_of != s->id);
	assert((s->status == KS_DOORGEZET) == (s->forwarded_to != NULL));
	assert((s->status == KS_GEPARKEERD) == (s->park_reason != NULL));
	assert((s->status == KS_GEPARKEERD) == (s->park_until != NULL));
	if (s->park_until)
		assert(kw_date_valid(s->park_until));
	assert(s->status == KS_NIEUW || s->nregisseurs == 1);
	assert(s->title && strlen(s->title) <= KW_TITLE_MAX * 4);
	assert(s->level_reason && strlen(s->level_reason) <= KW_REASON_MAX * 4);
	assert(s->urgency >= 0 && s->urgency <= KW_URGENCY_MAX);
}

static void check_chain(const struct kw_link *c, size_t n, int status)
{
	struct field_errors errs = {0};

	if (!kwestie_chain_check(c, n, status, &errs)) {
		assert(errs.n > 0);
		return;
	}
	assert(kw_chain_regisseurs(c, n) <= 1);
	for (size_t i = 0; i < n; i++) {
		assert(c[i].role >= 0 && c[i].role < KR_ROLES);
		for (size_t j = 0; j < i; j++)
			assert(c[i].organisation != c[j].organisation);
	}
}

/* A change on a state; when accepted, the new state keeps every rule. */
static void apply(struct arena *ar, const struct kw_state *cur,
		  const struct kw_change *ch)
{
	struct field_errors errs = {0};
	struct kw_state next;

	if (kwestie_apply(ar, cur, ch, TODAY, &next, &errs)) {
		check_state(&next);
		if (ch->park_until && next.park_until)
			assert(strcmp(next.park_until, TODAY) > 0);
	} else {
		assert(errs.n > 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size,
				  JSON_REJECT_DUPLICATES, NULL);
	struct field_errors errs = {0};
	struct kwestie_input in;
	struct kw_change ch;
	struct kw_state blank, taken, closed;
	struct arena ar;
	int64_t version;

	if (!root)
		return 0;
	if (!json_is_object(root)) {
		json_decref(root);
		return 0;
	}
	arena_init(&ar);
	kwestie_json_input(&ar, root, &in, &errs);
	if (!errs.n) {
		struct kw_change c;

		memset(&c, 0, sizeof(c));
		c.title = in.title;
		c.description = in.description;
		c.level = in.level;
		c.level_reason = in.level_reason;
		c.status = in.status;
		c.has_urgency = in.has_urgency;
		c.urgency = in.urgency;
		blank = kw_state_new(AREA_WIJK);
		blank.nregisseurs = kw_chain_regisseurs(in.chain, in.nchain);
		apply(&ar, &blank, &c);
		check_chain(in.chain, in.nchain, KS_NIEUW);
		check_chain(in.chain, in.nchain, KS_OPGEPAKT);
		for (size_t i = 0; i < in.nsignals; i++)
			assert(in.signals[i] > 0);
	}
	memset(&errs, 0, sizeof(errs));
	kwestie_json_change(&ar, root, &ch, &version, &errs);
	if (!errs.n) {
		assert(version > 0);
		taken = kw_state_new(AREA_BUURT);
		taken.id = 7;
		taken.title = "Grofvuil bij de containers";
		taken.description = "Bewoners melden grofvuil.";
		taken.level = KW_BUURT;
		taken.level_reason = "Een straat.";
		taken.status = KS_OPGEPAKT;
		taken.nregisseurs = 1;
		apply(&ar, &taken, &ch);
		closed = taken;
		closed.status = KS_AFGEROND;
		closed.outcome = KO_OPGELOST;
		apply(&ar, &closed, &ch);
		taken.nregisseurs = 0;
		taken.status = KS_NIEUW;
		apply(&ar, &taken, &ch);
	}
	arena_clear(&ar);
	json_decref(root);
	return 0;
}
