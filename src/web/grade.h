/* grade: the handlers of residents' grades (web/grade.c, docs/grades.md).
 * SPDX-License-Identifier: EUPL-1.2 */
#ifndef WA_WEB_GRADE_H
#define WA_WEB_GRADE_H
#include "http/http.h"
#include "views/grade.h"

struct db;

void web_api_signal_grade(struct http_req *req, struct http_resp *resp);
void web_signal_grade_post(struct http_req *req, struct http_resp *resp);
void web_grade_invite_page(struct http_req *req, struct http_resp *resp);
void web_grade_invite_post(struct http_req *req, struct http_resp *resp);
void web_beheer_org_grades(struct http_req *req, struct http_resp *resp);

/* The section of the tracking page /m/{token}: NULL while there is
 * nothing closed to grade (web/pages.c). */
const struct grade_form *web_grade_section(struct http_req *req,
					   struct http_resp *resp, struct db *db,
					   const char *token);

#endif
