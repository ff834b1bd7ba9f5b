/* internal: what import.c, export.c and tabular.c of the hsds module share
 * and nobody else needs.
 *
 * Objects the export makes up from our columns (a phone from the phone
 * column, a service_area from an area row, an attribute from a term) get
 * ids derived from their owner's id and a slot name.  On import an object
 * with exactly that id is recognised as ours: its data lives in columns,
 * so it is not kept verbatim in hsds_extra (where a later edit of the
 * column would not reach it). */
#ifndef WA_HSDS_INTERNAL_H
#define WA_HSDS_INTERNAL_H
#include "hsds/hsds.h"

/* hsds_extra keys we add ourselves start with '$' (no HSDS field does):
 * mapped attributes and service areas, kept to be given back verbatim
 * while the term or area is still linked.  Exported never. */
#define EXTRA_ATTRIBUTES "$attributes"
#define EXTRA_AREAS "$service_areas"
/* Our own extension property (docs/hsds.md). */
#define X_WIJKAGENDA "x_wijkagenda"
/* extent_type of a service_area that names one of our areas by code. */
#define AREA_EXTENT_TYPE "wijkagenda_area"

/* The id of a made-up object: owner's id, slot ("phone", "area", ...) and
 * an optional detail (area code, term id); out holds 37 bytes. */
void hsds_slot_id(char out[37], const char *owner, const char *slot,
		  const char *detail);
/* Is v an object whose "id" is the slot id? */
bool hsds_is_slot(const json_t *v, const char *owner, const char *slot,
		  const char *detail);
/* The area code a service_area object names: extent when extent_type is
 * wijkagenda_area, else its name (NULL when neither is a string). */
const char *hsds_area_code_of(const json_t *sa);
/* A string member or NULL. */
const char *hsds_str(const json_t *obj, const char *key);

/* The tabular form ({"organizations.csv": [rows], ...}) nested into a
 * package object (new reference), or NULL with problems in rep.  Every
 * row is checked against the schema of its table first; paths gets, for
 * the id of each top-level row, its path in the document. */
json_t *hsds_tabular_nest(json_t *root, json_t *paths, struct hsds_report *rep);
/* Does the object look like the tabular form (a key ending in ".csv")? */
bool hsds_is_tabular(const json_t *root);

/* The built-in term of each organisation kind (domain/organisation.h):
 * the term id of a kind, or NULL; the kind of a term id, or NULL. */
const char *hsds_kind_term(const char *kind);
const char *hsds_term_kind(const char *term_uuid);

/* Helpers of the export (export_common.c). */
void hsds_set_str(json_t *o, const char *key, const char *v); /* NULL: skip */
/* The object of an hsds_extra text ({} when unreadable: logged). */
json_t *hsds_extra_load(const char *text, const char *what, int64_t id);
/* Copy the kept fields dst lacks; arrays only when full; never '$' keys
 * nor those in skip (NULL-terminated, may be NULL). */
void hsds_merge_extra(json_t *dst, json_t *extra, bool full,
		      const char *const *skip);
void hsds_set_array(json_t *o, const char *key, json_t *a); /* drops [] */
bool hsds_has_str(char *const *v, size_t n, const char *s);
/* An attribute linking owner to built-in term number term (see
 * hsds_builtin_term), with the term nested when nest. */
json_t *hsds_builtin_attribute(const char *owner, const char *slot,
			       const char *entity, size_t term,
			       const char *value, bool nest);
/* The index of a kind in org_kinds (overig when unknown). */
size_t hsds_kind_index(const char *kind);

#endif
