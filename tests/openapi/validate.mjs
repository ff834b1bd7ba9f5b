// Checks docs/openapi.json and real answers of the server against it;
// tests/http/test_openapi.py runs it.
//
//   node validate.mjs --document docs/openapi.json --samples samples.json
//
// 1. The document is valid OpenAPI 3.1: @seriousme/openapi-schema-validator
//    (the official 3.1 schema and its schema dialect).
// 2. Each sample (one real request and answer: method, path, status,
//    content type, headers, body) is matched to its operation by the
//    path templates of the document; the answer's status must be
//    documented for that operation, its media type among the response's
//    content, its required headers present; its body and headers are
//    validated by ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1,
//    with ajv-formats).  Only the matching is ours; every schema check
//    is ajv's.
//
// Prints one line per sample and a last line "N samples, M invalid";
// exits 1 when the document or any sample is invalid.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Validator } from "@seriousme/openapi-schema-validator";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

function arg(name) {
	const i = process.argv.indexOf(name);
	return i > 0 ? process.argv[i + 1] : undefined;
}

// JSON pointer segment, then URI fragment encoding (ajv decodes both).
function ptr(segments) {
	return segments
		.map((s) => encodeURIComponent(String(s).replace(/~/g, "~0").replace(/\//g, "~1")))
		.join("/");
}

// A path template as a regular expression: {name} is one segment or the
// part of one before a literal suffix (/requests/{id}.json).  Literal
// characters count, so /areas/lookup wins over /areas/{code}.
function templates(doc) {
	return Object.keys(doc.paths).map((t) => {
		const re = t
			.split(/(\{[^}]+\})/)
			.map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
			.join("");
		return { t, re: new RegExp("^" + re + "$"), literal: t.replace(/\{[^}]+\}/g, "").length };
	});
}

function findPath(tpls, path) {
	const hits = tpls.filter((x) => x.re.test(path)).sort((a, b) => b.literal - a.literal);
	return hits.length ? hits[0].t : null;
}

// A response or header object that is a $ref: its target and pointer.
function deref(doc, obj, where) {
	if (obj && obj.$ref) {
		const segs = obj.$ref.replace(/^#\//, "").split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
		return { obj: segs.reduce((o, s) => o[s], doc), where: segs };
	}
	return { obj, where };
}

function main() {
	const docPath = arg("--document");
	const doc = JSON.parse(readFileSync(docPath, "utf8"));
	const samples = JSON.parse(readFileSync(arg("--samples"), "utf8"));
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);
	ajv.addSchema(doc, "openapi.json");
	const compiled = new Map();
	const schemaAt = (segs) => {
		const key = "openapi.json#/" + ptr(segs);
		if (!compiled.has(key)) compiled.set(key, ajv.compile({ $ref: key }));
		return compiled.get(key);
	};
	const tpls = templates(doc);
	const answered = new Set();
	let bad = 0;

	for (const s of samples) {
		const errors = [];
		const path = s.path.split("?")[0];
		const tpl = findPath(tpls, path);
		const m = s.method.toLowerCase();
		const op = tpl && doc.paths[tpl][m];
		if (!op) {
			errors.push(`no operation ${s.method} for ${path}`);
		} else {
			const st = String(s.status);
			const raw = op.responses[st] ? op.responses[st] : op.responses.default;
			const rw = op.responses[st] ? st : "default";
			if (!raw) {
				errors.push(`status ${st} is not documented`);
			} else {
				const { obj: r, where } = deref(doc, raw, ["paths", tpl, m, "responses", rw]);
				for (const [h, hobj] of Object.entries(r.headers || {})) {
					const { obj: ho, where: hw } = deref(doc, hobj, [...where, "headers", h]);
					const v = s.headers[h.toLowerCase()];
					if (v === undefined) {
						if (ho.required) errors.push(`header ${h} is missing`);
					} else if (ho.schema) {
						const vh = schemaAt([...hw, "schema"]);
						if (!vh(v)) errors.push(`header ${h}: ${ajv.errorsText(vh.errors)}`);
					}
				}
				const type = (s.content_type || "").split(";")[0].trim().toLowerCase();
				if (!r.content) {
					if (s.body.length) errors.push(`a body where none is documented (${type})`);
				} else if (!r.content[type]) {
					errors.push(`content type ${type || "(none)"} not in ${Object.keys(r.content)}`);
				} else if (r.content[type].schema && (type === "application/json" || type.endsWith("+json"))) {
					let body;
					try {
						body = JSON.parse(s.body);
					} catch (e) {
						errors.push(`body is not JSON: ${e.message}`);
					}
					if (body !== undefined) {
						const v = schemaAt([...where, "content", type, "schema"]);
						if (!v(body)) errors.push(ajv.errorsText(v.errors, { separator: "; " }).slice(0, 1500));
					}
				}
			}
		}
		if (op) answered.add(`${s.method} ${tpl} ${s.status}`);
		if (errors.length) bad++;
		console.log(`${errors.length ? "INVALID" : "ok"} ${s.method} ${s.path} -> ${s.status}` +
			(tpl ? ` [${tpl}]` : "") + (s.label ? ` (${s.label})` : "") +
			(errors.length ? "\n    " + errors.join("\n    ") : ""));
	}
	const all = Object.entries(doc.paths).flatMap(([p, ops]) =>
		Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`));
	const hit = new Set([...answered].map((a) => a.split(" ").slice(0, 2).join(" ")));
	console.log(`operations answered: ${all.filter((o) => hit.has(o)).length} of ${all.length}; ` +
		`(operation, status) pairs: ${answered.size}`);
	console.log(`not answered: ${all.filter((o) => !hit.has(o)).join(", ")}`);
	return bad;
}

const v = new Validator();
const res = await v.validate(arg("--document"));
console.log(`document: OpenAPI ${v.version}, valid: ${res.valid}`);
if (!res.valid) console.log(JSON.stringify(res.errors, null, 1).slice(0, 4000));
const samples = JSON.parse(readFileSync(arg("--samples"), "utf8"));
const bad = main();
console.log(`${samples.length} samples, ${bad + (res.valid ? 0 : 1)} invalid`);
process.exit(bad || !res.valid ? 1 : 0);
