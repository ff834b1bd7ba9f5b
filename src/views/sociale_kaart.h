/* sociale_kaart: the pages of the social map.  For residents and
 * professionals (public): the search "Waar kan ik terecht?", a service's
 * page and an organisation's page.  For coordinators (beheer): their
 * organisation's services, with a form to add or change one and the
 * one-click confirmation.
 *
 * Texts for residents are plain Dutch (B1): short sentences, "u", what
 * you may expect.  Everything works without JavaScript; filters are
 * selects with labels.  Strings given in the structs are either already
 * translated (labels, sentences made by the handler) or values from the
 * database, escaped here like everything else; links (href) are made by
 * the handler and written only through html_url. */
#ifndef WA_VIEWS_SOCIALE_KAART_H
#define WA_VIEWS_SOCIALE_KAART_H
#include <stdbool.h>
#include <stddef.h>

#include "views/views.h"

/* One service as a card: in the results and on an organisation's page.
 * Values as stored; the view turns codes and dates into words. */
struct sk_card {
	const char *name, *href;
	const char *org_name, *org_href; /* org_name NULL: not shown;
					  * org_href NULL: not linked */
	const char *for_whom;	/* eligibility: who it is for, in words */
	const char *how;	/* application process: how to get in touch */
	const char *phone, *email, *url;
	const char *opening_hours;
	const char *cost;	/* 'gratis', 'eigen bijdrage', 'betaald' or NULL */
	const char *fees;	/* what it costs, in words */
	const char *languages;	/* codes separated by spaces: "nl en" */
	int norm_days;		/* first answer within N working days; -1: none */
	const char *norm_text;	/* the organisation's promise in words */
	int level;		/* enum area_level of the nearest area that the
				 * service serves for the chosen area; -1 */
	const char *area_name;	/* the name of that area */
	const char *confirmed_at; /* ISO 8601 */
	bool stale;		/* not confirmed within the period */
	bool closed;		/* temporarily closed */
};

struct kaart_search_page {
	/* what was asked (re-shown in the form) */
	const char *q, *buurt, *doelgroep, *thema, *kosten, *taal;
	const struct choice *buurten; /* value: area code; group: stadsdeel */
	size_t nbuurten;
	const struct choice *doelgroepen, *themas, *kosten_opts, *talen;
	size_t ndoelgroepen, nthemas, nkosten, ntalen;
	const char *error; /* a bad filter, translated; no results then */
	const char *note;  /* a remark about the search, translated */
	bool broadened;	   /* no service had every word; these have one */
	const struct sk_card *results;
	size_t nresults;
	long long total;
	int page, pages;
	const char *prev_href, *next_href;
	int freshness_days;
};

struct kaart_service_page {
	const struct sk_card *card;
	const char *description;
	const char *address;	/* one line, or NULL */
	const char *const *areas; /* "Burgwallen-Oost (buurt)" */
	size_t nareas;
	const char *doelgroepen, *themas; /* names joined, or NULL */
	const char *status;	/* as stored */
	int freshness_days;
};

struct kaart_org_page {
	const char *name, *kind, *description, *website, *email;
	const struct sk_card *services;
	size_t nservices;
	int freshness_days;
};

/* Words for stored codes (translated); the code itself when unknown. */
const char *view_kaart_cost(const char *cost);
const char *view_kaart_status(const char *status);
const char *view_kaart_language(const char *code);
/* The languages the search form offers: value code, label a msgid
 * (translate it). */
extern const struct choice view_kaart_languages[];
extern const size_t view_kaart_nlanguages;

void view_kaart_search(struct html *out, const struct page *p,
		       const struct kaart_search_page *s);
void view_kaart_service(struct html *out, const struct page *p,
			const struct kaart_service_page *s);
void view_kaart_org(struct html *out, const struct page *p,
		    const struct kaart_org_page *o);

/* "12 maart 2025" from an ISO 8601 date (the text as given when it is not
 * one), and the note that a service may be out of date, for both sides. */
void view_kaart_date(struct html *out, const char *iso);
void view_kaart_stale_note(struct html *out, const char *confirmed_at,
			   int days);
/* A service's description, what to expect and its facts, as residents see
 * them (the beheer page shows the same to those who may not edit). */
void view_kaart_service_main(struct html *out,
			    const struct kaart_service_page *s);

/* --- beheer (views/service.c) ------------------------------------------ */

/* The form of a service (new or edit).  Field names: name, description,
 * eligibility, application, opening_hours, cost, fees, languages, phone,
 * email, url, address, postal_code, city, norm_days, norm_text, status,
 * areas (checkboxes: gemeente and stadsdelen, repeated), areas_other
 * (text: other area codes separated by spaces), terms (checkboxes: term
 * codes of doelgroep and thema, repeated). */
struct dienst_form {
	const char *action, *csrf, *submit;
	const char *name, *description, *eligibility, *application,
		*opening_hours, *cost, *fees, *languages, *phone, *email, *url,
		*address, *postal_code, *city, *norm_days, *norm_text, *status,
		*areas_other;
	const struct choice *area_opts; /* value: code, label: name */
	size_t narea_opts;
	const struct choice *doelgroepen, *themas; /* value: term code */
	size_t ndoelgroepen, nthemas;
	/* codes shown checked (areas and terms) */
	char *const *checked;
	size_t nchecked;
	const struct field_error *errors;
	size_t nerrors;
	/* a text was refused for plain language: ask to confirm it */
	bool ask_plain;
};

struct dienst_row {
	const char *name, *edit_href, *public_href, *confirm_action;
	const char *confirmed_at; /* ISO 8601 */
	const char *status;    /* as stored */
	bool stale;
};

struct diensten_page {
	const char *org_name, *org_href;
	const struct dienst_row *rows;
	size_t nrows;
	bool can_edit; /* coordinator or beheerder: forms and buttons */
	const char *csrf;
	const char *notice;
	const struct dienst_form *form; /* a new service; NULL without can_edit */
	int freshness_days;
};

struct dienst_page {
	const char *org_name, *org_href, *list_href, *public_href;
	const char *name;
	const char *confirmed_at;
	bool stale, can_edit;
	const char *csrf, *notice;
	const char *confirm_action, *delete_action;
	const struct dienst_form *form; /* NULL: read only (then card) */
	const struct kaart_service_page *details; /* for readers */
	int freshness_days;
};

void view_diensten(struct html *out, const struct page *p,
		   const struct diensten_page *d);
void view_dienst(struct html *out, const struct page *p,
		 const struct dienst_page *d);

#endif
