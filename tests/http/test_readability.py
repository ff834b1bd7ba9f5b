"""POST /api/v1/readability: the plain-language check as JSON.

The answer for a plain text and for officialese (score, counts, long
sentences, plain alternatives, the target) against the values computed by
hand in tests/unit/test_readability.c; bad input (not JSON, no text, a
text that is no string, unknown fields, a NUL, bad UTF-8, a text past
20000 bytes, a body of 1 MB refused before it is read, chunked or not) is
a clear error; the rate limit per client answers 429 with Retry-After;
nothing is stored.

    python3 tests/http/test_readability.py --binary build/wijkagenda
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

PATH = "/api/v1/readability"

PLAIN = ("Er ligt veel afval bij de glasbak. Wij halen het morgen op. Daarna "
         "zetten we een extra bak neer. Die bak is groter. Zo blijft de straat "
         "schoon. Ziet u weer afval liggen? Meld het dan via de website of bel ons.")
OFFICIAL = ("Aangezien de werkzaamheden aan de riolering in het kader van het "
            "onderhoudsprogramma reeds zijn aangevangen, dient u uw voertuig "
            "alvorens maandag te verplaatsen.")


def check_text(srv, text):
    r = srv.post_json(PATH, {"text": text})
    eq(r.status, 200, "status (body %r)" % r.body[:300])
    check(r.header("Content-Type", "").startswith("application/json"), "JSON")
    return r.json()


@test
def plain_text(srv):
    # 42 words, 54 syllables, 7 sentences: 206.84 - 99.00 - 5.58 = 102.26
    j = check_text(srv, PLAIN)
    eq(j["words"], 42, "words")
    eq(j["syllables"], 54, "syllables")
    eq(j["sentences"], 7, "sentences")
    eq(j["score"], 102.3, "score, one decimal")
    eq(j["indicative"], False, "indicative")
    eq(j["target"], 60, "target")
    eq(j["ok"], True, "ok")
    eq(j["long_sentences"], [], "long sentences")
    eq(j["plain_alternatives"], [], "plain alternatives")


@test
def officialese(srv):
    # 23 words, 46 syllables, 1 sentence: 206.84 - 154 - 21.39 = 31.45
    j = check_text(srv, OFFICIAL)
    eq((j["words"], j["syllables"], j["sentences"]), (23, 46, 1), "counts")
    check(abs(j["score"] - 31.45) < 0.06, "score %r, by hand 31.45" % j["score"])
    eq(j["indicative"], True, "under 40 words")
    eq(j["ok"], True, "indicative: may be published without asking")
    eq(j["long_sentences"], [{"text": OFFICIAL, "words": 23}], "long sentence")
    eq([(p["word"], p["instead"]) for p in j["plain_alternatives"]],
       [("aangezien", "omdat"), ("werkzaamheden", "werk"),
        ("in het kader van", "voor, bij"), ("reeds", "al"),
        ("alvorens", "voordat")], "plain alternatives")
    eq(j["plain_alternatives"][0]["found"], "Aangezien", "as written")
    j = check_text(srv, OFFICIAL + " " + OFFICIAL)
    eq((j["words"], j["indicative"], j["ok"]), (46, False, False),
       "46 words below target: ask before publishing")
    eq(len(j["long_sentences"]), 2, "two long sentences")


@test
def unicode_text(srv):
    j = check_text(srv, "De ruïne in België is geïnteresseerd in coördinatie.")
    eq(j["words"], 8, "words")
    # De(1) ru-ï-ne(3) in(1) Bel-gi-ë(3) is(1) ge-ïn-te-res-seerd(5) in(1)
    # co-ör-di-na-tie(5)
    eq(j["syllables"], 20, "syllables with the diaeresis")
    # ensure_ascii: é as \u00e9 is the same text
    r = srv.request("POST", PATH, body=json.dumps({"text": "Caf\u00e9 thans open."}),
                    headers={"Content-Type": "application/json"})
    eq(r.status, 200, "escaped")
    eq(r.json()["plain_alternatives"][0]["word"], "thans", "found")


@test
def empty_text(srv):
    j = check_text(srv, "")
    eq((j["words"], j["sentences"], j["score"], j["indicative"]),
       (0, 0, None, True), "nothing to read")


@test
def bad_input(srv):
    hdr = {"Content-Type": "application/json"}
    r = srv.request("POST", PATH, body="{text: 1", headers=hdr)
    H.check_json_error(r, 400, message_has="JSON")
    r = srv.request("POST", PATH, body="[]", headers=hdr)
    H.check_json_error(r, 400)
    H.check_json_error(srv.post_json(PATH, {}), 400, field="text")
    H.check_json_error(srv.post_json(PATH, {"text": None}), 400, field="text")
    H.check_json_error(srv.post_json(PATH, {"text": 42}), 400, field="text")
    H.check_json_error(srv.post_json(PATH, {"text": ["a"]}), 400, field="text")
    H.check_json_error(srv.post_json(PATH, {"text": "a", "extra": 1}), 400, field="extra")
    r = srv.request("POST", PATH, body='{"text": "a\\u0000b"}', headers=hdr)
    eq(r.status, 400, "a NUL")
    r = srv.request("POST", PATH, body=b'{"text": "caf\xe9"}', headers=hdr)
    H.check_json_error(r, 400)
    r = srv.request("POST", PATH, body='{"text": "\\ud800"}', headers=hdr)
    H.check_json_error(r, 400)
    r = srv.request("POST", PATH, body='{"text": "x"}',
                    headers={"Content-Type": "text/plain"})
    H.check_json_error(r, 415)
    eq(srv.get(PATH).status, 405, "GET")


@test
def text_too_long(srv):
    ok = ("Wij maken het. " * 2000)[:20000]
    eq(srv.post_json(PATH, {"text": ok}).status, 200, "20000 bytes")
    r = srv.post_json(PATH, {"text": ok + "x"})
    H.check_json_error(r, 413, message_has="20000")
    # the text's limit counts bytes: 10001 times "é" is 20002
    r = srv.post_json(PATH, {"text": "\u00e9" * 10001})
    H.check_json_error(r, 413)
    # escaped as \u00e9 (6 bytes for 2) the longest text still fits the body
    body = json.dumps({"text": "\u00e9" * 10000})
    check(len(body) > 60000, "escaped body of %d bytes" % len(body))
    r = srv.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
    eq(r.status, 200, "longest text, escaped")


@test
def one_megabyte_refused_before_reading(srv):
    # Content-Length of 1 MB: 413 at once, without "100 Continue"
    head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % (PATH, 1 << 20))
    t0 = time.time()
    raw, _ = H.raw_request(srv.port, head.encode(), timeout=5, read_until_close=False)
    statuses = H.parse_statuses(raw)
    eq(statuses[:1], [413], "statuses %r" % statuses)
    check(100 not in statuses, "no 100 Continue")
    check(time.time() - t0 < 4, "answered at once")
    # the whole megabyte sent anyway, without waiting: 413 too
    body = ('{"text": "%s"}' % ("a " * (1 << 19))).encode()
    head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % (PATH, len(body))).encode()
    raw, _ = H.raw_request(srv.port, head + body, timeout=5, read_until_close=False)
    eq(H.parse_statuses(raw)[:1], [413], "whole megabyte")
    check(b'"too_large"' in raw or b"413" in raw, "JSON error")
    # chunked: stopped while reading
    chunk = b"x" * 65536
    data = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n" % PATH).encode()
    for _ in range(16):
        data += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    data += b"0\r\n\r\n"
    raw, _ = H.raw_request(srv.port, data, timeout=10, read_until_close=False)
    eq(H.parse_statuses(raw)[:1], [413], "chunked megabyte")
    # the server still answers
    eq(srv.post_json(PATH, {"text": "Het werkt."}).status, 200, "after")


@test
def route_limit_under_a_larger_max_body(srv):
    # The route keeps its own 64 KiB when the server takes larger bodies.
    big = H.Server(srv.binary, ["--rate-readability", "0", "--max-body", "4000000"])
    try:
        big.start()
        head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % (PATH, 1 << 20))
        raw, _ = H.raw_request(big.port, head.encode(), timeout=5, read_until_close=False)
        eq(H.parse_statuses(raw)[:1], [413], "1 MB with --max-body 4000000")
        body = json.dumps({"text": "a" * 20000})
        r = big.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
        eq(r.status, 200, "the longest text")
    finally:
        big.stop()
        big.cleanup()


@test
def script_served(srv):
    r = srv.get("/static/readability.js")
    eq(r.status, 200, "status")
    check(r.header("Content-Type", "").startswith("text/javascript"),
          "Content-Type %r" % r.header("Content-Type"))
    H.contains(r.text, "/api/v1/readability", "the script")
    r = srv.get("/static/wijkagenda.css")
    check(r.header("Content-Type", "").startswith("text/css"), "the stylesheet stays CSS")


@test
def nothing_stored(srv):
    before = srv.checksum()
    check_text(srv, OFFICIAL)
    eq(srv.checksum(), before, "the database")


@test
def rate_limited(srv):
    lim = H.Server(srv.binary, ["--rate-readability", "5"])
    try:
        lim.start()
        for i in range(5):
            eq(lim.post_json(PATH, {"text": "Kort."}).status, 200, "check %d" % i)
        r = lim.post_json(PATH, {"text": "Kort."})
        H.check_json_error(r, 429)
        check(int(r.header("Retry-After")) >= 1, "Retry-After")
        # bad input counts too: it cannot be used to get round the limit
        r = lim.request("POST", PATH, body="{", headers={"Content-Type": "application/json"})
        eq(r.status, 429, "malformed, while limited")
    finally:
        lim.stop()
        lim.cleanup()


if __name__ == "__main__":
    H.main(extra_args=["--rate-readability", "0"])
