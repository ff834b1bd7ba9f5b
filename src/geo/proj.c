/* proj: see proj.h. */
#include "proj.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"

struct geoproj {
	PJ_CONTEXT *ctx;
	PJ *pj;
};

static int geoproj_fail(PJ_CONTEXT *ctx, const char *what, char *err,
			size_t errlen)
{
	int e = proj_context_errno(ctx);

	snprintf(err, errlen, "PROJ: %s: %s", what,
		 e ? proj_context_errno_string(ctx, e) : "unknown error");
	return -1;
}

struct geoproj *geoproj_rd_new(char *err, size_t errlen)
{
	struct geoproj *p = xcalloc(1, sizeof(*p));
	PJ *raw;

	p->ctx = proj_context_create();
	if (!p->ctx)
		fatal("proj_context_create failed");
	/* PROJ would print to stderr otherwise; we report through err. */
	proj_log_level(p->ctx, PJ_LOG_NONE);
	proj_context_set_enable_network(p->ctx, 0);
	raw = proj_create_crs_to_crs(p->ctx, "EPSG:28992", "EPSG:4326", NULL);
	if (!raw) {
		geoproj_fail(p->ctx, "no transformation EPSG:28992 -> "
			     "EPSG:4326", err, errlen);
		goto fail;
	}
	/* EPSG:4326 is lat,lon by definition; GeoJSON wants lon,lat. */
	p->pj = proj_normalize_for_visualization(p->ctx, raw);
	proj_destroy(raw);
	if (!p->pj) {
		geoproj_fail(p->ctx, "normalize_for_visualization", err,
			     errlen);
		goto fail;
	}
	return p;
fail:
	geoproj_free(p);
	return NULL;
}

int geoproj_rd_to_wgs84(struct geoproj *p, double *xy, size_t n)
{
	size_t done;

	if (n == 0)
		return 0;
	done = proj_trans_generic(p->pj, PJ_FWD, xy, 2 * sizeof(double), n,
				  xy + 1, 2 * sizeof(double), n, NULL, 0, 0,
				  NULL, 0, 0);
	if (done != n)
		return -1;
	/* A failed point comes back as HUGE_VAL, not as a lower count. */
	for (size_t i = 0; i < 2 * n; i++)
		if (!isfinite(xy[i]))
			return -1;
	return 0;
}

void geoproj_free(struct geoproj *p)
{
	if (!p)
		return;
	if (p->pj)
		proj_destroy(p->pj);
	if (p->ctx)
		proj_context_destroy(p->ctx);
	free(p);
}
