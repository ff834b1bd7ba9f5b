"""The public dashboards as pages (web/cijfers.c, views/figures.c; issue
14) against the real binary with --demo, whose history gives the city and
most stadsdelen at least ten graders:

- /cijfers/GM0363 shows the numbers the JSON of the same scope gives
  (residents, signals, the mean grade with its interval), the grade
  distribution, the share bar, the trend and the map of the stadsdelen
  as inline SVG, each with a <title>, a <desc> and a data table, and
  links to the JSON, the CSV and the open data;
- the numbers are the same whether the figures were just counted or came
  from the cache (a second read);
- a stadsdeel's page maps its areas one level down, each linked to its
  own page; a buurt has no map;
- a figure from fewer than ten respondents is not shown: the page says
  so (a buurt with few graders) and carries no mean;
- the printable page (/verslag) has the figures with the tables open and
  no period form;
- organisation and theme pages; /cijfers sends to the municipality's;
- only an answer to a request without cookies is public for shared
  caches (a signed-in page carries its CSRF token);
- the agenda links to the area's figures; every page's footer to
  /cijfers and /open-data;
- bad input: a period with to before from or longer than five years is
  400 with the message at the field (the form kept); an unknown area,
  organisation or theme is 404; markup in the query comes back escaped.

    python3 tests/http/test_cijfers.py --binary build/wijkagenda
"""
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

CITY = "GM0363"


def nl_number(v, decimals):
    s = ("%%.%df" % decimals) % v
    whole, _, frac = s.partition(".")
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ("-" if neg else "") + ".".join(groups)
    return out + ("," + frac if frac else "")


def svgs(text):
    """Every inline <svg> of the page, parsed as XML."""
    found = re.findall(r"<svg\b.*?</svg>", text, re.S)
    return [ET.fromstring(s) for s in found]


def page(srv, path):
    r = srv.get(path, headers={"Accept-Language": "nl"})
    return r, r.text


@test
def city_page_shows_the_figures_of_the_json(srv):
    j = srv.get("/api/v1/areas/%s/figures" % CITY).json()
    r, t = page(srv, "/cijfers/" + CITY)
    eq(r.status, 200, "city page")
    check("text/html" in r.header("Content-Type", ""), "HTML")
    check(j["grades"]["n"] >= 10 and not j["grades"]["suppressed"],
          "the demo city has enough graders: %r" % j["grades"]["n"])
    mean = nl_number(j["grades"]["mean"], 1)
    lo, hi = (nl_number(v, 1) for v in j["grades"]["ci95"])
    check("%s (95%%-betrouwbaarheidsinterval %s tot %s; %d reacties)"
          % (mean, lo, hi, j["grades"]["n"]) in html.unescape(t),
          "the mean %s with its interval on the page" % mean)
    check(nl_number(j["reach"]["residents"] if isinstance(j.get("reach"), dict)
                    else j["residents"], 0) in t, "the residents reached")
    figs = svgs(t)
    check(len(figs) >= 6, "charts as inline SVG: %d" % len(figs))
    ns = "{http://www.w3.org/2000/svg}"
    charts = [s for s in figs if s.get("aria-hidden") != "true"]
    check(len(charts) >= 6, "charts as pictures: %d" % len(charts))
    for s in charts:
        t_id, d_id = s.get("aria-labelledby").split()
        found = {e.get("id") for e in s.iter() if e.tag in (ns + "title", ns + "desc")}
        eq(found >= {t_id, d_id}, True,
           "chart %s has its <title> and <desc>" % t_id)
    for chart_id in ("cijfers", "opgelost", "toezeggingen", "trend", "kaart"):
        check('id="%s' % chart_id in t, "chart %s" % chart_id)
    eq(t.count("<table"), t.count("<caption"), "every table has a caption")
    check(t.count("<table") >= 6, "a data table per chart")
    for href in ("/api/v1/areas/%s/figures" % CITY,
                 "/api/v1/areas/%s/figures.csv" % CITY, "/open-data",
                 "/cijfers/%s/verslag" % CITY, "/agenda/%s" % CITY):
        check('href="%s"' % href in t, "link %s" % href)
    # the stadsdelen on the map, each a link to its own page
    for a in j["areas"]:
        check('href="/cijfers/%s"' % a["code"] in t, "map link " + a["code"])
    # counted or from the cache: the same page apart from the moment
    r2, t2 = page(srv, "/cijfers/" + CITY)
    strip = lambda s: re.sub(r"Berekend op [^.]*\.", "", s)  # noqa: E731
    eq(strip(t2), strip(t), "the cached page is the same")


@test
def stadsdeel_and_buurt(srv):
    sd = srv.query("SELECT stadsdeel_code, COUNT(*) FROM grades"
                   " GROUP BY stadsdeel_code ORDER BY 2 DESC")[0][0]
    r, t = page(srv, "/cijfers/" + sd)
    eq(r.status, 200, "stadsdeel page")
    kids = srv.query("SELECT code FROM areas WHERE parent_code = ?", (sd,))
    check(kids, "the stadsdeel has areas below it")
    for (code,) in kids:
        check('href="/cijfers/%s"' % code in t, "link to %s" % code)
    check('id="kaart' in t, "a map of the areas below")
    # a buurt with one to nine graders: no mean, the page says why
    few = srv.query("SELECT buurt_code FROM grades GROUP BY buurt_code"
                    " HAVING COUNT(*) BETWEEN 1 AND 9 LIMIT 1")
    check(few, "the demo has a buurt with few graders")
    r, t = page(srv, "/cijfers/" + few[0][0])
    eq(r.status, 200, "buurt page")
    check("niet getoond" in t and "minder dan 10" in t, "suppressed, with why")
    check("betrouwbaarheidsinterval" not in t, "no mean of a few graders")
    check('id="cijfers' not in t, "no distribution of a few graders")
    check('id="kaart' not in t, "no map below a buurt")


@test
def only_a_cookieless_answer_is_public(srv):
    r = srv.get("/cijfers/" + CITY)
    eq(r.header("Cache-Control"), "public, max-age=300", "no cookie: shared caches may keep it")
    check(any("Cookie" in v for v in r.headers_all("Vary")), "Vary: Cookie")
    r = srv.get("/cijfers/" + CITY, headers={"Cookie": "lang=en"})
    eq(r.header("Cache-Control"), "private, no-cache",
       "a cookie (a session, a language): never in a shared cache")


@test
def printable_page(srv):
    r, t = page(srv, "/cijfers/%s/verslag" % CITY)
    eq(r.status, 200, "verslag")
    check("Verslag: cijfers van" in t, "its title")
    check('name="from"' not in t, "no period form")
    check("<details" not in t, "the tables open, not folded")
    check("betrouwbaarheidsinterval" in t, "the figures")


@test
def organisation_theme_and_home(srv):
    org = srv.query("SELECT organisation_id, COUNT(*) FROM grades WHERE"
                    " organisation_id IS NOT NULL GROUP BY organisation_id"
                    " ORDER BY 2 DESC")[0][0]
    r, t = page(srv, "/cijfers/organisaties/%d" % org)
    eq(r.status, 200, "organisation page")
    name = srv.query("SELECT name FROM organisations WHERE id = ?", (org,))[0][0]
    check(html.escape(name, quote=False) in t or name in html.unescape(t),
          "the organisation's name")
    r, t = page(srv, "/cijfers/themas/afval")
    eq(r.status, 200, "theme page")
    r = srv.get("/cijfers")
    eq(r.status, 303, "/cijfers")
    eq(r.header("Location"), "/cijfers/" + CITY, "to the municipality")


@test
def links_from_agenda_and_footer(srv):
    r, t = page(srv, "/agenda/E")
    check('href="/cijfers/E"' in t, "the agenda links its figures")
    for path in ("/", "/melden", "/agenda/E"):
        t = page(srv, path)[1]
        check('href="/cijfers"' in t and 'href="/open-data"' in t,
              "footer links on " + path)


@test
def bad_input(srv):
    before = srv.query("SELECT COUNT(*) FROM grades")[0][0]
    r, t = page(srv, "/cijfers/%s?from=2026-05-01&to=2026-01-01" % CITY)
    eq(r.status, 400, "to before from")
    check('aria-invalid="true"' in t, "the field is marked")
    check('value="2026-05-01"' in t, "the form keeps what was asked")
    r, t = page(srv, "/cijfers/%s?from=2015-01-01&to=2026-01-01" % CITY)
    eq(r.status, 400, "longer than five years")
    r, t = page(srv, "/cijfers/%s?from=%%3Cscript%%3E" % CITY)
    eq(r.status, 400, "not a date")
    check("<script>" not in t, "markup escaped")
    for path in ("/cijfers/XX99", "/cijfers/organisaties/999999",
                 "/cijfers/organisaties/abc", "/cijfers/themas/bestaat-niet",
                 "/cijfers/XX99/verslag"):
        eq(page(srv, path)[0].status, 404, path)
    eq(srv.query("SELECT COUNT(*) FROM grades")[0][0], before, "nothing changed")


if __name__ == "__main__":
    H.main(extra_args=["--demo"], start_timeout=120)
