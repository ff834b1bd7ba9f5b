"""bench/photo_upload.sh's client: time to 201 for POST /api/v1/photos
(one photo as the body) and for a report with three photos (multipart),
over loopback; p50 and p99 in milliseconds.
SPDX-License-Identifier: EUPL-1.2"""
import http.client
import statistics
import sys
import time
import uuid

port, path, runs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
photo = open(path, "rb").read()


def wait_up():
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("server did not start")


def post(conn, url, body, ctype):
    t0 = time.perf_counter()
    conn.request("POST", url, body=body, headers={"Content-Type": ctype})
    r = conn.getresponse()
    r.read()
    dt = (time.perf_counter() - t0) * 1000
    if r.status != 201:
        sys.exit("%s: %d" % (url, r.status))
    return dt


def report_body():
    b = "----bench" + uuid.uuid4().hex
    parts = [("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
              % (b, k, v)).encode() for k, v in
             (("text", "Bench: een kapotte bank in het park, zie de foto's"),
              ("buurt", "AA01"))]
    for i in range(3):
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"photo\"; "
                      "filename=\"%d.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                      % (b, i)).encode() + photo + b"\r\n")
    parts.append(("--%s--\r\n" % b).encode())
    return b"".join(parts), "multipart/form-data; boundary=" + b


def summary(name, xs):
    xs = sorted(xs)
    p99 = xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]
    print("%-34s n=%d p50 %.1f ms  p99 %.1f ms  min %.1f ms"
          % (name, len(xs), statistics.median(xs), p99, xs[0]))


wait_up()
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
post(conn, "/api/v1/photos", photo, "image/jpeg")  # warm
summary("upload one 5 MB photo (to 201)",
        [post(conn, "/api/v1/photos", photo, "image/jpeg") for _ in range(runs)])
body, ctype = report_body()
summary("report with three (to 201)",
        [post(conn, "/api/v1/signals", body, ctype) for _ in range(max(3, runs // 3))])
