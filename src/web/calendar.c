/* calendar: GET /api/v1/workdays?from=YYYY-MM-DD&days=N[&organisation=ID]
 * (public): the date N working days after from (domain/calendar.h;
 * days=0: from itself when it is a working day, else the next one), with
 * the organisation's closing days when one is named.  Answers
 * {"date": "YYYY-MM-DD"}; bad input is 400 with the field named under
 * "fields", as the other JSON errors (web_json_error). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/closing_days.h"
#include "base/util.h"
#include "domain/calendar.h"
#include "i18n/i18n.h"
#include "web/calendar.h"
#include "web/web.h"

static void bad(struct http_resp *resp, const char *field, const char *msgid)
{
	struct field_errors errs;

	memset(&errs, 0, sizeof(errs));
	field_errors_add(&errs, field, msgid);
	web_json_error(resp, 400, _("Het verzoek klopt niet."), &errs);
}

/* days: a whole number 0..CAL_MAX_WORKDAYS, digits only (no sign, no
 * spaces, no exponent).  Returns the msgid of what is wrong, or NULL. */
static const char *days_parse(const char *s, int *out)
{
	long v;
	char *end;

	if (!s || !*s)
		return N_("is verplicht");
	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
	    strspn(s + 1, "0123456789") == strlen(s + 1))
		return N_("mag niet negatief zijn");
	if (strspn(s, "0123456789") != strlen(s))
		return N_("moet een geheel getal zijn");
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || v > CAL_MAX_WORKDAYS)
		return N_("is te groot (hoogstens 3650)");
	*out = (int)v;
	return NULL;
}

/* The closing days of ?organisation= (none without it); false after
 * answering. */
static bool org_days(struct http_req *req, struct http_resp *resp,
		     struct cal_date from, struct cal_date **days, size_t *n)
{
	const char *s = form_get(&req->query, "organisation");
	int64_t id = id_parse(s);
	struct org_row org;
	struct db *db;
	enum err e;

	*days = NULL;
	*n = 0;
	if (!s)
		return true;
	if (id <= 0) {
		bad(resp, "organisation", N_("is geen geldig nummer"));
		return false;
	}
	if (!(db = web_db(req, resp, 1)))
		return false;
	e = store_org_get(db, req->arena, id, &org);
	/* another municipality's organisation is not found through this
	 * site (and its closing days name its own municipality alone) */
	if (e == ERR_OK && !app_is_here(req->app, org.municipality))
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = closing_days_from(db, req->arena, id, from, days, n);
	if (e == ERR_NOT_FOUND) {
		bad(resp, "organisation", N_("bestaat niet"));
		return false;
	}
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e), _("Er ging iets mis."),
			       NULL);
		return false;
	}
	return true;
}

void web_api_workdays(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"from", "days", "organisation"};
	const char *from_s = form_get(&req->query, "from"), *msg;
	struct cal_date from, out, *closed;
	size_t nclosed;
	char date[11];
	int days = 0;

	if (web_query_only(req, resp, allowed, 3) != 0)
		return;
	if (!from_s || !*from_s) {
		bad(resp, "from", N_("is verplicht"));
		return;
	}
	if (!cal_date_parse(from_s, &from)) {
		bad(resp, "from", N_("is geen bestaande datum (JJJJ-MM-DD)"));
		return;
	}
	if ((msg = days_parse(form_get(&req->query, "days"), &days)) != NULL) {
		bad(resp, "days", msg);
		return;
	}
	if (!org_days(req, resp, from, &closed, &nclosed))
		return;
	if (!cal_add_workdays(from, days, closed, nclosed, &out)) {
		bad(resp, "days", N_("komt na het jaar 2999 uit"));
		return;
	}
	cal_date_format(out, date);
	web_json(resp, 200, json_pack("{s:s}", "date", date));
}
