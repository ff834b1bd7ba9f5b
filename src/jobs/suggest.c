/* suggest (job): see suggest.h. */
#include "suggest.h"

#include <stdbool.h>

#include "app/app.h"
#include "app/suggest.h"
#include "base/err.h"

int suggest_train_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	bool trained;

	return suggest_train(ctx, db, false, &trained, msg, msglen) == ERR_OK ? 0 : -1;
}
