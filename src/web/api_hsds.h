/* api_hsds: the Open Referral HSDS 3.0 API of the social map under /hsds
 * (public reads) and the import POST /api/v1/hsds/import (beheerder).
 * The routes are in web/routes_hsds.inc; docs/hsds.md describes them. */
#ifndef WA_API_HSDS_H
#define WA_API_HSDS_H
#include "http/http.h"

void web_hsds_root(struct http_req *req, struct http_resp *resp);
void web_hsds_profile(struct http_req *req, struct http_resp *resp);
void web_hsds_services(struct http_req *req, struct http_resp *resp);
void web_hsds_service(struct http_req *req, struct http_resp *resp);
void web_hsds_organizations(struct http_req *req, struct http_resp *resp);
void web_hsds_organization(struct http_req *req, struct http_resp *resp);
void web_hsds_taxonomies(struct http_req *req, struct http_resp *resp);
void web_hsds_taxonomy(struct http_req *req, struct http_resp *resp);
void web_hsds_terms(struct http_req *req, struct http_resp *resp);
void web_hsds_term(struct http_req *req, struct http_resp *resp);
void web_api_hsds_import(struct http_req *req, struct http_resp *resp);

#endif
