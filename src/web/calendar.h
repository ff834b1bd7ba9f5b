/* calendar: the handlers of the working-day calendar: the public
 * GET /api/v1/workdays (web/calendar.c) and an organisation's closing
 * days on the beheer side (web/closing_days.c).  Their routes are
 * web/routes_calendar.inc. */
#ifndef WA_WEB_CALENDAR_H
#define WA_WEB_CALENDAR_H
#include "http/http.h"

void web_api_workdays(struct http_req *req, struct http_resp *resp);
void web_beheer_closing_days(struct http_req *req, struct http_resp *resp);
void web_beheer_closing_day_add(struct http_req *req, struct http_resp *resp);
void web_beheer_closing_day_remove(struct http_req *req,
				   struct http_resp *resp);

#endif
