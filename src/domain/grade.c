/* grade: see grade.h.  SPDX-License-Identifier: EUPL-1.2 */
#include "grade.h"

#include <string.h>

#include "domain/describe.h"
#include "i18n/i18n.h"

static const char *const solved_values[] = {"ja", "deels", "nee"};

bool grade_solved_valid(const char *s)
{
	if (!s)
		return false;
	for (size_t i = 0; i < sizeof(solved_values) / sizeof(*solved_values); i++)
		if (strcmp(s, solved_values[i]) == 0)
			return true;
	return false;
}

int grade_parse_text(const char *s)
{
	int v = 0;

	if (!s || !*s || *s == '0' || strlen(s) > 2)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v >= GRADE_MIN && v <= GRADE_MAX ? v : -1;
}

static bool grade_value(const struct grade_input *in, int *out)
{
	if (in->grade_wrong_type)
		return false;
	if (in->grade_text) {
		*out = grade_parse_text(in->grade_text);
		return *out > 0;
	}
	if (!in->has_grade || in->grade < GRADE_MIN || in->grade > GRADE_MAX)
		return false;
	*out = (int)in->grade;
	return true;
}

static bool grade_present(const struct grade_input *in)
{
	return in->has_grade || in->grade_wrong_type ||
	       (in->grade_text && *in->grade_text);
}

static bool comment_check(struct arena *ar, const char *comment,
			  const char **out, struct field_errors *errs)
{
	const char *msg;

	*out = NULL;
	if (!comment || !*comment)
		return true;
	if ((msg = text_check(ar, comment, 0, GRADE_COMMENT_MAX, true, out))) {
		field_errors_add(errs, "comment", msg);
		return false;
	}
	if (*out && !**out)
		*out = NULL; /* only spaces: no comment */
	return true;
}

bool grade_check(struct arena *ar, const struct grade_input *in,
		 struct grade_checked *out, struct field_errors *errs)
{
	size_t before = errs->n;

	memset(out, 0, sizeof(*out));
	if (!grade_present(in))
		field_errors_add(errs, "grade", N_("Kies een cijfer van 1 tot en met 10."));
	else if (!grade_value(in, &out->grade))
		field_errors_add(errs, "grade",
				 N_("Een cijfer is een heel getal van 1 tot en met 10."));
	if (!in->solved || !*in->solved)
		field_errors_add(errs, "solved",
				 N_("Zeg of het is opgelost: ja, deels of nee."));
	else if (!grade_solved_valid(in->solved))
		field_errors_add(errs, "solved", N_("Kies ja, deels of nee."));
	else
		out->solved = in->solved;
	comment_check(ar, in->comment, &out->comment, errs);
	return errs->n == before;
}

int64_t grade_changeable_until(const char *created_at)
{
	int64_t t;

	if (!created_at || describe_moment(created_at, &t) != 0)
		return -1;
	return t + (int64_t)GRADE_CHANGE_DAYS * 24 * 3600;
}

bool grade_changeable(const char *created_at, const char *now)
{
	int64_t until = grade_changeable_until(created_at), n;

	if (until < 0 || !now || describe_moment(now, &n) != 0)
		return false;
	return n <= until;
}
