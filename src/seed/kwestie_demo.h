/* kwestie_demo: the demo's kwesties (serve --demo): signals, supporters
 * and kwesties at several levels (buurt, wijk, gebied, stadsdeel,
 * gemeente), in every state (nieuw, opgepakt, in uitvoering, doorgezet,
 * geparkeerd, afgerond with two outcomes, one merged as dubbel), with
 * chains of demo organisations, so that the agendas, triage and the
 * roll-up show something real at once.  Made once, with the demo signals. */
#ifndef WA_SEED_KWESTIE_DEMO_H
#define WA_SEED_KWESTIE_DEMO_H
#include <stddef.h>

struct db;
struct app;

/* Returns 0 or -1 with a message. */
int kwestie_demo_seed(struct db *db, struct app *app, char *err, size_t errlen);

#endif
