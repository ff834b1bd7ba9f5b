"""Browser and accessibility tests: a thin wrapper around
tests/browser/run.mjs (playwright-core driving Debian's chromium, axe-core)
so that tests/run.sh runs and counts them like every other suite.

It installs what is missing (Debian's chromium when /usr/bin/chromium is
absent and we are root; `npm ci` in tests/browser when its node_modules is
missing), starts a real SMTP server on loopback (smtpd.py) and the real
binary with --demo and --smtp-url on a free port with a fresh database,
writes the magic links of the mails that arrive to a file the browser
tests read ("address<TAB>link" lines), runs

    node tests/browser/run.mjs --base http://127.0.0.1:PORT --shots DIR \
         --mail-file FILE

relays its output and ends with its last line, "N passed, N failed".
Screenshots go to BUILD/browser-shots (next to the binary) unless --shots
says otherwise.

    python3 tests/http/test_browser.py --binary build/wijkagenda
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from smtpd import SmtpServer  # noqa: E402

BROWSER_DIR = os.path.join(H.REPO, "tests", "browser")
CHROMIUM = "/usr/bin/chromium"
NODE_TIMEOUT = 600  # seconds; the run itself takes well under two minutes
LINK = re.compile(r"https?://[^\s/]+/mijn/[A-Za-z0-9_-]{22}\b")


def say(msg):
    print(msg, flush=True)


def finish(passed, failed):
    print("%d passed, %d failed" % (passed, failed), flush=True)
    sys.exit(1 if failed else 0)


def ensure_chromium():
    if os.access(CHROMIUM, os.X_OK):
        return None
    if os.geteuid() != 0:
        return "%s is missing; install it with: apt-get install -y chromium" % CHROMIUM
    say("installing Debian's chromium (apt-get install -y chromium)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    rc = subprocess.call(["apt-get", "install", "-y", "chromium"], env=env)
    if rc != 0:
        subprocess.call(["apt-get", "update"], env=env)
        rc = subprocess.call(["apt-get", "install", "-y", "chromium"], env=env)
    if rc != 0 or not os.access(CHROMIUM, os.X_OK):
        return "apt-get install -y chromium failed (exit %d)" % rc
    return None


def ensure_node_modules():
    nm = os.path.join(BROWSER_DIR, "node_modules")
    need = [os.path.join(nm, p, "package.json") for p in ("playwright-core", "axe-core")]
    if all(os.path.exists(p) for p in need):
        return None
    if shutil.which("npm") is None:
        return "npm is missing (Node 20 and npm are needed for the browser tests)"
    say("installing tests/browser/node_modules (npm ci)")
    rc = subprocess.call(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER_DIR)
    if rc != 0:
        return "npm ci in tests/browser failed (exit %d)" % rc
    return None


class MailLinks:
    """Writes "recipient<TAB>magic link" for every mail the SMTP server
    receives to a file, as the mails arrive."""

    def __init__(self, smtp, path):
        self.smtp = smtp
        self.path = path
        self.stop_flag = threading.Event()
        self.count = 0
        open(path, "w").close()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def loop(self):
        seen = 0
        while not self.stop_flag.is_set():
            try:
                msgs = self.smtp.wait_for(seen + 1, timeout=0.5)
            except TimeoutError:
                continue
            with open(self.path, "a") as f:
                for m in msgs[seen:]:
                    links = LINK.findall(m.text())
                    for rcpt in m.rcpt_tos:
                        for link in links:
                            f.write("%s\t%s\n" % (rcpt, link))
                    self.count += 1
                f.flush()
            seen = len(msgs)

    def stop(self):
        self.stop_flag.set()
        self.thread.join(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(H.REPO, "build", "wijkagenda"))
    ap.add_argument("--shots", default=None,
                    help="screenshot folder (default: BUILD/browser-shots)")
    ap.add_argument("--variants", default="",
                    help="e.g. phone-js,desktop-nojs (default: all four)")
    ap.add_argument("-k", dest="only", default=None, help="ignored (harness compatibility)")
    args = ap.parse_args()
    t0 = time.time()

    for problem in (ensure_chromium(), ensure_node_modules()):
        if problem:
            say("FAIL setup: " + problem)
            finish(0, 1)
    if shutil.which("node") is None:
        say("FAIL setup: node is missing")
        finish(0, 1)

    shots = os.path.abspath(args.shots or os.path.join(
        os.path.dirname(os.path.abspath(args.binary)), "browser-shots"))
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)

    smtp = SmtpServer(port=0).start()
    srv = H.Server(args.binary, ["--demo", "--smtp-url", "smtp://127.0.0.1:%d" % smtp.port])
    try:
        srv.start(60)
    except Exception as e:
        say("FAIL server_start: %s" % e)
        smtp.stop()
        finish(0, 1)
    say("server up on port %d in %.1f s (demo data, mail to 127.0.0.1:%d)"
        % (srv.port, srv.start_seconds, smtp.port))
    mail = MailLinks(smtp, os.path.join(srv.dir, "mail-links.tsv")).start()

    cmd = ["node", os.path.join(BROWSER_DIR, "run.mjs"),
           "--base", "http://127.0.0.1:%d" % srv.port, "--shots", shots,
           "--mail-file", mail.path]
    if args.variants:
        cmd += ["--variants", args.variants]
    last = None
    rc = None
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=H.REPO, text=True,
                                start_new_session=True)
        killer = threading.Timer(NODE_TIMEOUT, lambda: os.killpg(proc.pid, signal.SIGKILL))
        killer.start()
        for line in proc.stdout:
            line = line.rstrip("\n")
            if re.match(r"^\d+ passed, \d+ failed$", line):
                last = line
                continue  # printed once, at the very end
            say(line)
        rc = proc.wait()
        killer.cancel()
    finally:
        mail.stop()
        code, secs = srv.stop()
        smtp.stop()

    m = re.match(r"^(\d+) passed, (\d+) failed$", last or "")
    passed, failed = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    if not m:
        say("FAIL browser run: no summary line from run.mjs (exit %s)" % rc)
        failed += 1
    elif rc != 0 and failed == 0:
        say("FAIL browser run: run.mjs exited %s" % rc)
        failed += 1
    if code != 0:
        say("FAIL graceful_shutdown: exit %s after %.1f s; log tail:\n%s"
            % (code, secs, srv.log_text()[-1500:]))
        failed += 1
    if failed:
        # what the server said about log-ins and refusals: a failing page
        # often names its cause here (busy, limited, an error)
        notable = [l for l in srv.log_text().splitlines()
                   if re.search(r"level=(warn|error)|event=(login\w*|rate_limited)", l)]
        say("INFO server log, notable lines (%d):\n%s"
            % (len(notable), "\n".join(notable[-25:])))
    say("INFO %d mails received; screenshots in %s; %.1f s in all"
        % (mail.count, shots, time.time() - t0))
    srv.cleanup()
    finish(passed, failed)


if __name__ == "__main__":
    main()
