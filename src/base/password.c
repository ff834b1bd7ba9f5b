/* password: see password.h. */
#include "password.h"

#include <semaphore.h>
#include <sodium.h>
#include <string.h>


static sem_t slots;
static char dummy_hash[crypto_pwhash_STRBYTES];

int password_init(void)
{
	if (sem_init(&slots, 0, PASSWORD_CONCURRENCY) != 0)
		return -1;
	/* A real hash to verify against when the account does not exist. */
	return crypto_pwhash_str(dummy_hash, "wijkagenda-dummy", 16,
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static void slot_take(void)
{
	while (sem_wait(&slots) != 0)
		; /* EINTR */
}

int password_hash(const char *pw, char *out)
{
	int rc;

	slot_take();
	rc = crypto_pwhash_str(out, pw, strlen(pw),
			       crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&slots);
	return rc == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *pw)
{
	int rc;

	if (!hash || !pw || strlen(pw) > PASSWORD_INPUT_MAX)
		return false;
	slot_take();
	rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
	sem_post(&slots);
	return rc == 0;
}

void password_verify_dummy(const char *pw)
{
	(void)password_verify(dummy_hash, pw ? pw : "");
}
