// validate.mjs: check wijkagenda's HSDS output against the official HSDS
// 3.0 JSON Schemas (draft 2020-12) with ajv.  tests/http/test_hsds_schema.py
// runs it on what the real binary produces.
//
//   node validate.mjs --schemas DIR KIND:FILE ...
//
// DIR is the schema folder of openreferral/specification 3.0 (the *.json
// per object, compiled/ and openapi.json).  KIND says what FILE holds:
//
//   package            export-hsds: organizations[], services[],
//                      taxonomies[], taxonomy_terms[]
//   service            GET /hsds/services/{id}        compiled/service.json
//   organization       GET /hsds/organizations/{id}   compiled/organization.json
//   taxonomy, taxonomy_term                           taxonomy(_term).json
//   service_page       GET /hsds/services             Page + compiled/service_list.json
//   organization_page  GET /hsds/organizations        Page + compiled/organization_list.json
//   taxonomy_page      GET /hsds/taxonomies           Page + taxonomy.json
//   taxonomy_term_page GET /hsds/taxonomy_terms       Page + taxonomy_term.json
//   service_ndjson     GET /hsds/services?format=ndjson: one compiled/service_list.json a line
//   root               GET /hsds/                     the "/" answer of openapi.json
//
// Prints one line per file and "N valid, N invalid"; exits 1 when any
// object is invalid, 2 on usage errors or unreadable files.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";

function usage(msg) {
  console.error(`validate.mjs: ${msg}\nusage: node validate.mjs --schemas DIR KIND:FILE ...`);
  process.exit(2);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    console.error(`cannot read ${path}: ${e.message}`);
    process.exit(2);
  }
}

function makeAjv(dir) {
  // The schemas carry non-standard keywords (constraints,
  // datapackage_metadata, ...): strict mode off, formats checked.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".json") || f === "openapi.json") continue;
    const s = readJson(join(dir, f));
    s.$id = BASE + f; // relative $refs ("metadata.json") resolve here
    ajv.addSchema(s);
  }
  for (const f of readdirSync(join(dir, "compiled"))) {
    if (!f.endsWith(".json")) continue;
    const s = readJson(join(dir, "compiled", f));
    s.$id = BASE + "compiled/" + f;
    ajv.addSchema(s);
  }
  const api = readJson(join(dir, "openapi.json"));
  const page = structuredClone(api.components.schemas.Page);
  // HSDS: lists MUST use the whole envelope; the schema lists no required.
  page.required = ["total_items", "total_pages", "page_number", "size",
                   "first_page", "last_page", "empty", "contents"];
  page.properties.contents = { type: "array" };
  page.$id = BASE + "wijkagenda/page.json";
  ajv.addSchema(page);
  const root = structuredClone(api.paths["/"].get.responses["200"].content["application/json"].schema);
  root.required = ["version", "profile"];
  root.$id = BASE + "wijkagenda/root.json";
  ajv.addSchema(root);
  return ajv;
}

const ITEM = {
  service: "compiled/service.json",
  organization: "compiled/organization.json",
  taxonomy: "taxonomy.json",
  taxonomy_term: "taxonomy_term.json",
  service_list: "compiled/service_list.json",
  organization_list: "compiled/organization_list.json",
};

// [label, schema key, object] for every object a file holds.
function objectsOf(kind, path) {
  const text = readFileSync(path, "utf8");
  if (kind === "service_ndjson")
    return text.split("\n").filter((l) => l.trim()).map((l, i) =>
      [`line ${i + 1}`, ITEM.service_list, JSON.parse(l)]);
  const doc = JSON.parse(text);
  const each = (arr, key, label) => (arr || []).map((o, i) => [`${label}[${i}]`, key, o]);
  switch (kind) {
    case "package":
      return [
        ...each(doc.organizations, ITEM.organization, "organizations"),
        ...each(doc.services, ITEM.service, "services"),
        ...each(doc.taxonomies, ITEM.taxonomy, "taxonomies"),
        ...each(doc.taxonomy_terms, ITEM.taxonomy_term, "taxonomy_terms"),
      ];
    case "service": case "organization": case "taxonomy": case "taxonomy_term":
      return [["$", ITEM[kind], doc]];
    case "service_page": case "organization_page":
    case "taxonomy_page": case "taxonomy_term_page": {
      const item = { service_page: ITEM.service_list, organization_page: ITEM.organization_list,
                     taxonomy_page: ITEM.taxonomy, taxonomy_term_page: ITEM.taxonomy_term }[kind];
      return [["$", "wijkagenda/page.json", doc], ...each(doc.contents, item, "contents")];
    }
    case "root":
      return [["$", "wijkagenda/root.json", doc]];
    default:
      usage(`unknown kind ${kind}`);
  }
  return [];
}

const args = process.argv.slice(2);
const si = args.indexOf("--schemas");
if (si < 0 || !args[si + 1]) usage("--schemas DIR is required");
const ajv = makeAjv(args[si + 1]);
const files = args.filter((_, i) => i !== si && i !== si + 1);
if (!files.length) usage("no files");
let valid = 0, invalid = 0;
for (const spec of files) {
  const c = spec.indexOf(":");
  if (c < 0) usage(`${spec}: not KIND:FILE`);
  const kind = spec.slice(0, c), path = spec.slice(c + 1);
  let objects;
  try {
    objects = objectsOf(kind, path);
  } catch (e) {
    console.error(`cannot read ${path}: ${e.message}`);
    process.exit(2);
  }
  let bad = 0;
  for (const [label, key, obj] of objects) {
    const check = ajv.getSchema(BASE + key);
    if (check(obj)) { valid++; continue; }
    invalid++; bad++;
    for (const e of check.errors.slice(0, 10))
      console.log(`FAIL ${kind} ${path} ${label}${e.instancePath}: ${e.message}` +
                  (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""));
  }
  console.log(`${bad ? "FAIL" : "ok  "} ${kind} ${path}: ${objects.length} objects, ${bad} invalid`);
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid ? 1 : 0);
