"""Residents' photos (issue 17): upload with the report form (no
JavaScript: multipart/form-data), with the JSON API (multipart, or
tokens from POST /api/v1/photos) and Open311 (media_url of a photo
uploaded here); what is stored (re-encoded JPEG without EXIF or GPS,
a thumbnail, files outside the database); who sees what (private
addresses, the public address while a professional shows a photo on the
kwestie page); cache headers; retention; and hostile input: a
decompression bomb, truncated files, a polyglot, wrong types, 20 photos,
a 100 MB body, broken multipart framing: a clear error, nothing stored,
the server up.

The images are real files made with libjpeg, libpng and libwebp
(tests/data/images/README.md says how).

    python3 tests/http/test_photos.py --binary build/wijkagenda
"""
import json
import os
import re
import socket
import subprocess
import sys
import shutil
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, "..", "data", "images")
COORDINATOR = "coordinator@demo.wijkagenda.nl"
DEMO_PASSWORD = "demo-wachtwoord-2026"  # seed/demo_accounts.h
WEST_BUURT = "EK02"  # Stadsdeel West (demo) works on it
TEXT = "Er ligt een kapotte fiets al weken tegen het hek van het park"


def image(name):
    with open(os.path.join(IMAGES, name), "rb") as f:
        return f.read()


JPEG_GPS = "exif_gps_o6.jpg"  # EXIF with GPS, orientation 6
PNG = "rgba.png"
WEBP = "lossy.webp"
BOMB = "bomb.png"  # 50,000 x 50,000, a few KB


def multipart(fields, files, boundary=None):
    """A body as a browser sends it: fields [(name, value)], files
    [(name, filename, content_type, bytes)]."""
    b = boundary or "----WebKitFormBoundary" + uuid.uuid4().hex[:16]
    out = []
    for k, v in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                    % (b, k)).encode() + v.encode() + b"\r\n")
    for k, fn, ct, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                    % (b, k, fn, ct)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


def post_multipart(srv, path, fields, files, headers=None, boundary=None):
    body, ct = multipart(fields, files, boundary)
    h = {"Content-Type": ct}
    h.update(headers or {})
    return srv.request("POST", path, body=body, headers=h, timeout=60)


PHOTO_DIR = tempfile.mkdtemp(prefix="wijkagenda-fotos-")


def photo_dir(srv):
    return PHOTO_DIR


def writable(srv):
    """Straight into the server's database, as triage or time would
    (harness: SQLite or PostgreSQL)."""
    return H.sqlite3.connect(srv.db_path, timeout=10)


def stored_files(srv):
    out = []
    for root, _dirs, files in os.walk(photo_dir(srv)):
        out += [os.path.join(root, f) for f in files]
    return sorted(out)


def counts(srv):
    (photos,), = srv.query("SELECT count(*) FROM signal_photos")
    (signals,), = srv.query("SELECT count(*) FROM signals")
    return photos, signals, len(stored_files(srv))


def jpeg_size(data):
    """Width and height from a JPEG's SOF marker."""
    i = 2
    while i < len(data):
        check(data[i] == 0xFF, "a marker at %d" % i)
        m = data[i + 1]
        seg = int.from_bytes(data[i + 2:i + 4], "big")
        if m in (0xC0, 0xC1, 0xC2):
            h = int.from_bytes(data[i + 5:i + 7], "big")
            w = int.from_bytes(data[i + 7:i + 9], "big")
            return w, h
        i += 2 + seg
    raise H.Failure("no SOF marker")


def jpeg_markers(data):
    """The markers before the scan: no APP1 (EXIF, XMP), no APP2 (ICC),
    no COM may be among them."""
    i, seen = 2, []
    while i < len(data):
        m = data[i + 1]
        seen.append(m)
        if m == 0xDA:
            break
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return seen


def api_signal(srv, files=(), fields=None, photos=None):
    f = [("text", TEXT), ("buurt", WEST_BUURT)] + list(fields or [])
    for t in photos or []:
        f.append(("photos", t))
    return post_multipart(srv, "/api/v1/signals", f, list(files))


# --------------------------------------------------------------------------
# what works

@test
def api_multipart_stores_stripped_photos(srv):
    before = counts(srv)
    r = api_signal(srv, [("photo", "IMG_0001.JPG", "image/jpeg", image(JPEG_GPS)),
                         ("photo", "scherm.png", "image/png", image(PNG))])
    eq(r.status, 201, "created (body %r)" % r.body[:400])
    j = r.json()
    eq(len(j["photos"]), 2, "two photos in the answer")
    for p in j["photos"]:
        eq(sorted(p), ["height", "public", "thumbnail_url", "url", "width"], "keys")
        eq(p["public"], False, "not public until a professional says so")
    after = counts(srv)
    eq(after[0] - before[0], 2, "two photo rows")
    eq(after[2] - before[2], 4, "two files each (display and thumbnail)")
    # the signal's GET lists them for the token holder
    g = srv.get("/api/v1/signals/" + j["token"]).json()
    eq([p["url"] for p in g["photos"]], [p["url"] for p in j["photos"]], "GET")
    # orientation 6: a 64x48 landscape stored as portrait
    d = srv.get(j["photos"][0]["url"])
    eq(d.status, 200, "the display version")
    eq(d.header("Content-Type"), "image/jpeg", "type")
    eq(jpeg_size(d.body), (48, 64), "turned upright by its EXIF orientation")
    check(b"Exif" in image(JPEG_GPS), "the fixture has EXIF")
    for blob, what in ((d.body, "display"),
                       (srv.get(j["photos"][0]["thumbnail_url"]).body, "thumb")):
        check(b"Exif" not in blob, "%s: no EXIF left" % what)
        for m in jpeg_markers(blob):
            check(m not in (0xE1, 0xE2, 0xED, 0xFE),
                  "%s: marker %#x (metadata) is gone" % (what, m))
    t = srv.get(j["photos"][0]["thumbnail_url"])
    check(max(jpeg_size(t.body)) <= 320, "thumbnail at most 320 px: %r"
          % (jpeg_size(t.body),))
    # cached by the browser only, for a year
    cc = d.header("Cache-Control")
    check(cc.startswith("private") and "max-age=31536000" in cc and
          "immutable" in cc, "private long cache: %r" % cc)
    # outside the database: the rows name files in the photo directory
    rows = srv.query("SELECT token, bytes FROM signal_photos WHERE signal_id ="
                     " (SELECT id FROM signals WHERE token = ?) ORDER BY position",
                     (j["token"],))
    for tok, size in rows:
        path = os.path.join(photo_dir(srv), tok[:2], tok + ".jpg")
        eq(os.path.getsize(path), size, "the file %s" % path)


@test
def upload_then_name_it(srv):
    """POST /api/v1/photos (a raw body), then a JSON report naming it."""
    r = srv.request("POST", "/api/v1/photos", body=image(WEBP),
                    headers={"Content-Type": "image/webp"})
    eq(r.status, 201, "uploaded (body %r)" % r.body[:300])
    tok = r.json()["token"]
    (attached,), = srv.query("SELECT signal_id FROM signal_photos WHERE token = ?",
                             (tok,))
    eq(attached, None, "not attached yet")
    r = srv.post_json("/api/v1/signals", {"text": TEXT, "buurt": WEST_BUURT,
                                          "photos": [tok]})
    eq(r.status, 201, "report naming it (body %r)" % r.body[:300])
    eq(len(r.json()["photos"]), 1, "attached")
    # a second report cannot take it
    r = srv.post_json("/api/v1/signals", {"text": TEXT + " nogmaals", "buurt":
                                          WEST_BUURT, "photos": [tok]})
    eq(r.status, 422, "attached already (body %r)" % r.body[:300])
    r = srv.post_json("/api/v1/signals", {"text": TEXT, "buurt": WEST_BUURT,
                                          "photos": "x"})
    eq(r.status, 400, "photos must be a list")


@test
def open311_media_url(srv):
    r = srv.request("POST", "/api/v1/photos", body=image(JPEG_GPS),
                    headers={"Content-Type": "image/jpeg"})
    eq(r.status, 201, "uploaded")
    url = r.json()["url"]
    (code,), = srv.query("SELECT code FROM categories WHERE parent_code IS NOT NULL"
                         " ORDER BY code LIMIT 1")
    form = {"service_code": code, "lat": "52.3731", "long": "4.8922",
            "description": TEXT, "media_url": url}
    r = srv.post_form("/open311/v2/requests.json", form)
    eq(r.status, 201, "Open311 with our media_url (body %r)" % r.body[:300])
    sid = int(r.json()[0]["service_request_id"])
    eq(srv.query("SELECT count(*) FROM signal_photos WHERE signal_id = ?", (sid,)),
       [(1,)], "attached")
    # the same photo again: taken
    form["description"] = TEXT + " opnieuw"
    before = counts(srv)
    r = srv.post_form("/open311/v2/requests.json", form)
    eq(r.status, 400, "a photo taken already: Open311 answers field errors 400 (body %r)" % r.body[:300])
    eq(counts(srv), before, "nothing stored")
    # an address elsewhere: not fetched, not refused: the report comes in
    for i, other in enumerate(("https://example.org/x.jpg", "http://127.0.0.1:1/foto/"
                               "AAAAAAAAAAAAAAAAAAAAAA.jpg", "/foto/../../etc/passwd")):
        form["media_url"] = other
        form["description"] = TEXT + " elders %d" % i
        r = srv.post_form("/open311/v2/requests.json", form)
        eq(r.status, 201, "%s ignored (body %r)" % (other, r.body[:200]))
        sid = int(r.json()[0]["service_request_id"])
        eq(srv.query("SELECT count(*) FROM signal_photos WHERE signal_id = ?", (sid,)),
           [(0,)], "no photo from %s" % other)


@test
def form_without_javascript_keeps_photos(srv):
    # an error (text too short): the form comes back with the photo kept
    r = post_multipart(srv, "/melden", [("text", "kort"), ("buurt", WEST_BUURT),
                                        ("anders", "1")],
                       [("photo", "foto.jpg", "image/jpeg", image(JPEG_GPS)),
                        ("photo", "", "application/octet-stream", b"")])
    eq(r.status, 400, "the form again (body %r)" % r.body[:300])
    kept = re.findall(r'name="foto" value="([A-Za-z0-9_-]{22})"', r.text)
    eq(len(kept), 1, "one photo kept as a hidden field")
    contains(r.text, "/foto/klein/%s.jpg" % kept[0], "its thumbnail")
    contains(r.text, 'enctype="multipart/form-data"', "the form's encoding")
    # sent again, as a browser does, without a new file
    r = post_multipart(srv, "/melden", [("text", TEXT), ("buurt", WEST_BUURT),
                                        ("anders", "1"), ("foto", kept[0])],
                       [("photo", "", "application/octet-stream", b"")])
    eq(r.status, 303, "stored (body %r)" % r.body[:300])
    page = srv.get(r.header("Location").split("?")[0])
    contains(page.text, "/foto/klein/%s.jpg" % kept[0], "the tracking page shows it")
    # taking one off again
    r = post_multipart(srv, "/melden", [("text", "kort"), ("buurt", WEST_BUURT)],
                       [("photo", "a.png", "image/png", image(PNG))])
    tok = re.findall(r'name="foto" value="([A-Za-z0-9_-]{22})"', r.text)[0]
    r = post_multipart(srv, "/melden", [("text", TEXT), ("buurt", WEST_BUURT),
                                        ("anders", "1"), ("foto", tok),
                                        ("foto_weg", tok)], [])
    eq(r.status, 303, "stored without it")
    token = r.header("Location").split("/m/")[1].split("?")[0]
    eq(srv.get("/api/v1/signals/" + token).json()["photos"], [], "no photo")


@test
def professional_shows_a_photo(srv):
    r = api_signal(srv, [("photo", "a.jpg", "image/jpeg", image(JPEG_GPS))])
    eq(r.status, 201, "created")
    j = r.json()
    (sid,), = srv.query("SELECT id FROM signals WHERE token = ?", (j["token"],))
    private = j["photos"][0]["url"]
    session, csrf = H.login(srv, COORDINATOR, DEMO_PASSWORD)
    cookie = {"Cookie": "sid=" + session}
    page = srv.get("/werk/meldingen/%d" % sid, headers=cookie)
    eq(page.status, 200, "the signal's page")
    contains(page.text, "Toon op de kwestiepagina", "the choice")
    # a kwestie with this signal (as triage would make it)
    (kid,), = srv.query("SELECT id FROM kwesties ORDER BY id LIMIT 1")
    c = writable(srv)
    c.execute("INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
              " VALUES (?, ?, '2026-12-01T00:00:00.000Z')", (kid, sid))
    c.commit()
    c.close()
    kpage = srv.get("/kwesties/%d" % kid)
    not_contains(kpage.text, "/foto/openbaar/", "nothing public yet")
    r = srv.post_form("/werk/meldingen/%d/fotos" % sid,
                      {"foto": "1", "openbaar": "1", "csrf": csrf}, headers=cookie)
    eq(r.status, 303, "shown (body %r)" % r.body[:300])
    kpage = srv.get("/kwesties/%d" % kid)
    m = re.search(r'/foto/openbaar/([A-Za-z0-9_-]{22})\.jpg', kpage.text)
    check(m, "the kwestie page shows it")
    pub = srv.get(m.group(0))
    eq(pub.status, 200, "the public address")
    check(pub.header("Cache-Control").startswith("public"), "public cache")
    check(m.group(1) not in private, "the public address is not the private one")
    (n,), = srv.query("SELECT count(*) FROM audit_log WHERE action = 'photo.publish'")
    check(n >= 1, "audited")
    # Open311 names it
    o = srv.get("/open311/v2/requests/%d.json" % sid).json()[0]
    check(o["media_url"] and o["media_url"].endswith(m.group(0)),
          "Open311 media_url %r" % o["media_url"])
    # withdrawn: the old public address is gone at once
    r = srv.post_form("/werk/meldingen/%d/fotos" % sid,
                      {"foto": "1", "openbaar": "0", "csrf": csrf}, headers=cookie)
    eq(r.status, 303, "withdrawn")
    eq(srv.get(m.group(0)).status, 404, "old public address")
    eq(srv.get(private).status, 200, "the private one still works")
    # bad choices and no CSRF
    for form in ({"foto": "4", "openbaar": "1"}, {"foto": "1", "openbaar": "ja"},
                 {"foto": "x"}):
        form["csrf"] = csrf
        r = srv.post_form("/werk/meldingen/%d/fotos" % sid, form, headers=cookie)
        eq(r.status, 400, "refused %r" % form)
    r = srv.post_form("/werk/meldingen/%d/fotos" % sid,
                      {"foto": "1", "openbaar": "1"}, headers=cookie)
    eq(r.status, 403, "no CSRF token")
    r = srv.post_form("/werk/meldingen/%d/fotos" % sid,
                      {"foto": "1", "openbaar": "1", "csrf": csrf})
    check(r.status in (303, 401, 403), "no session: %d" % r.status)
    eq(srv.get(m.group(0)).status, 404, "still withdrawn")


@test
def unknown_addresses_are_404(srv):
    for path in ("/foto/AAAAAAAAAAAAAAAAAAAAAA.jpg", "/foto/klein/xyz.jpg",
                 "/foto/openbaar/AAAAAAAAAAAAAAAAAAAAAA.jpg", "/foto/..%2f..%2fx.jpg"):
        eq(srv.get(path).status, 404, path)


# --------------------------------------------------------------------------
# hostile input: a clear error, nothing stored, the server up

def refused(srv, files, status, what, fields=None):
    before = counts(srv)
    r = api_signal(srv, files, fields)
    eq(r.status, status, "%s: status (body %r)" % (what, r.body[:300]))
    check(r.json()["error"]["message"], "%s: a message" % what)
    eq(counts(srv), before, "%s: nothing stored" % what)
    eq(srv.get("/healthz").status, 200, "%s: the server is up" % what)
    return r


@test
def hostile_images(srv):
    jpeg = image(JPEG_GPS)
    t0 = time.time()
    r = refused(srv, [("photo", "bom.png", "image/png", image(BOMB))], 400, "bomb")
    check(time.time() - t0 < 2, "the bomb is refused from its header")
    contains(json.dumps(r.json()), "megapixel", "says why")
    refused(srv, [("photo", "half.jpg", "image/jpeg", jpeg[:len(jpeg) // 2])],
            400, "truncated JPEG")
    refused(srv, [("photo", "half.png", "image/png", image(PNG)[:300])],
            400, "truncated PNG")
    refused(srv, [("photo", "a.jpg", "image/jpeg", b"<html><script>alert(1)</script>")],
            400, "HTML named .jpg")
    refused(srv, [("photo", "a.gif", "image/gif", b"GIF89a" + b"\0" * 100)],
            400, "GIF")
    refused(srv, [("photo", "a.jpg", "image/jpeg", b"%PDF-1.4\n" + b"x" * 500)],
            400, "PDF")
    refused(srv, [("photo", "a.svg", "image/svg+xml",
                   b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')], 400, "SVG")
    # a polyglot: a JPEG's first bytes, then a ZIP
    refused(srv, [("photo", "p.jpg", "image/jpeg",
                   jpeg[:200] + b"PK\x03\x04" + b"\0" * 400)], 400, "polyglot")
    refused(srv, [("photo", "x.jpg", "image/jpeg", os.urandom(4096))], 400,
            "random bytes")


@test
def hostile_bodies(srv):
    jpeg = image(PNG)
    refused(srv, [("photo", "%d.png" % i, "image/png", jpeg) for i in range(4)],
            400, "four photos")
    before = counts(srv)
    r = api_signal(srv, [("photo", "%d.png" % i, "image/png", jpeg) for i in range(20)])
    check(r.status in (400, 413), "20 photos: %d" % r.status)
    eq(counts(srv), before, "20 photos: nothing stored")
    # a 100 MB body: refused from its Content-Length, before the body
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"POST /api/v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: "
              b"multipart/form-data; boundary=b\r\nContent-Length: 104857600\r\n\r\n")
    head = s.recv(4096)
    s.close()
    check(head.startswith(b"HTTP/1.1 413"), "100 MB: %r" % head[:80])
    # large bodies are held in memory: eight at once, the ninth waits
    big = 31 << 20
    head = ("POST /melden HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data;"
            " boundary=b\r\nContent-Length: %d\r\n\r\n" % big).encode()
    socks = []
    try:
        for _ in range(8):
            socks.append(socket.create_connection(("127.0.0.1", srv.port), timeout=10))
            socks[-1].sendall(head + b"--b\r\n")
        time.sleep(0.5)
        s9 = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s9.sendall(head)
        answer = s9.recv(4096)
        s9.close()
        check(answer.startswith(b"HTTP/1.1 503") and b"Retry-After" in answer,
              "the ninth big upload: %r" % answer[:200])
    finally:
        for x in socks:
            x.close()
    time.sleep(0.5)
    r = api_signal(srv, [("photo", "a.png", "image/png", jpeg)])
    eq(r.status, 201, "after they went, an upload is taken again")
    # broken framing
    body, ct = multipart([("text", TEXT), ("buurt", WEST_BUURT)], [])
    for what, b2, ct2 in (
            ("no closing boundary", body[:-20], ct),
            ("another boundary", body, "multipart/form-data; boundary=zzz"),
            ("no boundary", body, "multipart/form-data"),
            ("boundary too long", body, "multipart/form-data; boundary=" + "b" * 71),
            ("garbage", os.urandom(2000), ct)):
        before = counts(srv)
        r = srv.request("POST", "/api/v1/signals", body=b2,
                        headers={"Content-Type": ct2})
        eq(r.status, 400, "%s (body %r)" % (what, r.body[:200]))
        eq(counts(srv), before, "%s: nothing stored" % what)
    # the form: the same framing errors are a clear page
    r = srv.request("POST", "/melden", body=body[:-20], headers={"Content-Type": ct})
    eq(r.status, 400, "the form, broken framing")
    # an unknown file field
    refused(srv, [("foto", "a.png", "image/png", jpeg)], 400, "unknown file field")
    # a single upload with two photos
    body, ct = multipart([], [("photo", "a.png", "image/png", jpeg)] * 2)
    r = srv.request("POST", "/api/v1/photos", body=body, headers={"Content-Type": ct})
    eq(r.status, 400, "two photos to /api/v1/photos")
    r = srv.request("POST", "/api/v1/photos", body=b"hello",
                    headers={"Content-Type": "text/plain"})
    eq(r.status, 415, "text/plain to /api/v1/photos")
    eq(srv.get("/healthz").status, 200, "the server is up")


# --------------------------------------------------------------------------
# retention

@test
def retention_deletes_files(srv):
    # an upload never attached, a day old
    r = srv.request("POST", "/api/v1/photos", body=image(PNG),
                    headers={"Content-Type": "image/png"})
    eq(r.status, 201, "uploaded")
    pending = r.json()["token"]
    # a signal closed long ago whose contact data retention blanks
    r = api_signal(srv, [("photo", "a.jpg", "image/jpeg", image(JPEG_GPS))],
                   [("email", "foto.melder@example.org")])
    eq(r.status, 201, "created")
    (sid,), = srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))
    (kept,), = srv.query("SELECT token FROM signal_photos WHERE signal_id = ?", (sid,))
    c = writable(srv)
    c.execute("UPDATE signal_photos SET created_at = '2020-01-01T00:00:00.000Z'"
              " WHERE token = ?", (pending,))
    c.execute("UPDATE signals SET status = 'afgesloten', closed_at ="
              " '2020-01-01T00:00:00.000Z' WHERE id = ?", (sid,))
    c.commit()
    c.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "retention", "--db", srv.db_path,
                        "--photo-dir", photo_dir(srv)], capture_output=True,
                       text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "retention (%s %s)" % (p.stdout, p.stderr))
    contains(p.stdout, "photos", "counts photos")
    for tok in (pending, kept):
        eq(srv.query("SELECT count(*) FROM signal_photos WHERE token = ?", (tok,)),
           [(0,)], "row of %s gone" % tok)
        check(not any(tok in f for f in stored_files(srv)), "files of %s gone" % tok)
        eq(srv.get("/foto/%s.jpg" % tok).status, 404, "address of %s" % tok)


if __name__ == "__main__":
    try:
        H.main(extra_args=["--demo", "--rate-intake", "0", "--dedupe-window", "0",
                           "--photo-dir", PHOTO_DIR])
    finally:
        shutil.rmtree(PHOTO_DIR, ignore_errors=True)
