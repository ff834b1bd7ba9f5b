"""Shared test data of the HSDS tests (test_hsds.py, test_hsds_schema.py):
a small social map in Dutch as an HSDS package, with stable ids.  Not a
test file itself (tests/run.sh runs only test_*.py)."""
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(REPO, "..", "shared", "data", "hsds-examples", "json")
SCHEMAS = os.path.join(REPO, "..", "shared", "data", "hsds-schema-3.0")
NS = uuid.UUID("6f1c2a9e-3b7d-4e15-8c2a-9d0e1f2a3b4c")
N_SERVICES = 13


def uid(name):
    return str(uuid.uuid5(NS, name))


ORG_A, ORG_B = uid("org-a"), uid("org-b")
TAX = uid("thema")
TERMS = {"schulden": uid("term-schulden"), "wonen": uid("term-wonen"),
         "eenzaamheid": uid("term-eenzaamheid")}
WORDS = ["Inloop", "Spreekuur", "Maatjes", "Koffie", "Wandelen", "Taalles",
         "Huiswerk", "Klussen", "Formulieren", "Budget", "Sport", "Kook",
         "Buren"]


def service(i):
    """Service i: Dutch text; 0 mentions lantaarnpalen, 1 schulden."""
    desc = {0: "Wij melden kapotte lantaarnpalen en losse stoeptegels.",
            1: "Hulp bij schulden en rekeningen die u niet kunt betalen."}.get(
        i, "Samen iets doen in de buurt, elke week.")
    term = ["schulden", "wonen", "eenzaamheid"][i % 3]
    s = {"id": uid("svc-%d" % i), "name": "%s %02d" % (WORDS[i], i),
         "status": "active", "description": desc,
         "organization_id": ORG_A if i % 2 == 0 else ORG_B,
         "attributes": [{"id": uid("attr-%d" % i),
                         "taxonomy_term_id": TERMS[term]}],
         "x_wijkagenda": {"norm_days": 5, "norm_text": "Binnen vijf werkdagen "
                          "hoort u van ons.", "cost": "gratis",
                          "languages": ["nl"], "areas": ["AA01"]}}
    return s


def package():
    return {
        "organizations": [
            {"id": ORG_A, "name": "Buurtwerk Centrum",
             "description": "Welzijnswerk.", "x_wijkagenda": {"kind": "welzijn"}},
            {"id": ORG_B, "name": "Geldzorgen Amsterdam",
             "description": "Schuldhulp.", "website": "https://geld.example"}],
        "taxonomies": [{"id": TAX, "name": "Thema", "description": "Thema's."}],
        "taxonomy_terms": [{"id": v, "name": k.capitalize(), "code": k,
                            "description": k, "taxonomy_id": TAX}
                           for k, v in TERMS.items()],
        "services": [service(i) for i in range(N_SERVICES)],
    }
