#!/usr/bin/env python3
"""A small real SMTP server for tests: Python standard library only.

It speaks enough of RFC 5321 for a client such as libcurl: EHLO/HELO,
MAIL FROM, RCPT TO, DATA (with dot-unstuffing), RSET, NOOP and QUIT.  It
offers no STARTTLS and no AUTH, so a client configured to *try* TLS goes
on in plain text and one that *requires* it gives up, both of which a
test may want to see.  Every message it accepts is kept in memory (the
envelope, the raw bytes and the message parsed by the `email` package)
and, when a directory is given, written there as NNNN.eml.

reject(address) makes RCPT TO of that address answer "550 5.1.1" (a
permanent refusal, as for a mailbox that does not exist); every other
address is accepted as before.

fail_next(n) makes the next n transactions fail with "451" after the
data was received, the way a greylisting or overloaded server does, so
that a test can watch the client retry.

As a library:

    import smtpd
    with smtpd.SmtpServer(port=0) as s:        # or s = ...; s.start()
        ...  point the program at smtp://127.0.0.1:%d % s.port
        msgs = s.wait_for(3, timeout=10)
        msgs[0].msg["Subject"], msgs[0].rcpt_tos, msgs[0].text()

As a script (prints "listening on HOST:PORT" once ready):

    python3 tests/http/smtpd.py --port 2525 --dir /tmp/mail
    python3 tests/http/smtpd.py --self-test

Not the deprecated `smtpd` module of the standard library (removed in
Python 3.12); this file only shares its name.
"""
import argparse
import email
import email.policy
import os
import re
import socket
import socketserver
import sys
import threading
import time

MAX_LINE = 1000            # RFC 5321 4.5.3.1.6, including CRLF
MAX_MESSAGE = 10 << 20     # answered with 552 beyond this
IDLE_TIMEOUT = 60          # seconds a client may stay silent

_ADDR = re.compile(r"^\s*<([^<>]*)>(?:\s+(.*))?$")


class Received:
    """One accepted message."""

    def __init__(self, mail_from, rcpt_tos, raw, peer):
        self.mail_from = mail_from      # "" for the null sender <>
        self.rcpt_tos = list(rcpt_tos)
        self.raw = raw                  # bytes, CRLF line ends, unstuffed
        self.peer = peer
        self.msg = email.message_from_bytes(raw, policy=email.policy.default)

    def text(self):
        """The decoded text/plain body (transfer encoding and charset
        undone), with "\\n" line ends."""
        part = self.msg.get_body(preferencelist=("plain",)) or self.msg
        # the parser keeps the wire's CRLF inside the decoded text
        return part.get_content().replace("\r\n", "\n")

    def __repr__(self):
        return "<Received from=%r to=%r subject=%r>" % (
            self.mail_from, self.rcpt_tos, self.msg["Subject"])


class _Handler(socketserver.StreamRequestHandler):
    timeout = IDLE_TIMEOUT

    def setup(self):
        super().setup()
        # Replies of several lines go out as several writes: without
        # this, Nagle's algorithm holds the second until the client's
        # delayed ACK (40 ms a connection), which no real MTA does.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.box = self.server.owner
        self._reset()

    def _reset(self):
        self.mail_from = None
        self.rcpt_tos = []

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def readline(self):
        """One line without its CRLF; None at EOF; b"\\0" when too long."""
        line = self.rfile.readline(MAX_LINE + 1)
        if not line:
            return None
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest
                line = self.rfile.readline(MAX_LINE + 1)
            return b"\0"
        return line.rstrip(b"\r\n")

    def handle(self):
        self.reply("220 %s ESMTP wijkagenda-test" % self.box.hostname)
        try:
            while True:
                line = self.readline()
                if line is None:
                    return
                if line == b"\0":
                    self.reply("500 5.5.2 line too long")
                    continue
                if not self.command(line.decode("utf-8", "replace")):
                    return
        except (ConnectionError, socket.timeout):
            return

    def command(self, line):
        verb, _, arg = line.partition(" ")
        verb = verb.upper()
        fn = getattr(self, "smtp_" + verb, None)
        if fn is None:
            self.reply("500 5.5.1 command not recognised")
            return True
        return fn(arg)

    def smtp_EHLO(self, arg):
        self._reset()
        self.reply("250-%s greets %s" % (self.box.hostname, arg or "you"))
        self.reply("250-8BITMIME")
        self.reply("250-SIZE %d" % MAX_MESSAGE)
        self.reply("250 HELP")
        return True

    def smtp_HELO(self, arg):
        self._reset()
        self.reply("250 %s" % self.box.hostname)
        return True

    def _address(self, arg, prefix):
        if not arg.upper().startswith(prefix):
            return None
        m = _ADDR.match(arg[len(prefix):])
        return m.group(1) if m else None

    def smtp_MAIL(self, arg):
        if self.mail_from is not None:
            self.reply("503 5.5.1 nested MAIL command")
            return True
        addr = self._address(arg, "FROM:")
        if addr is None:
            self.reply("501 5.5.4 syntax: MAIL FROM:<address>")
            return True
        self.mail_from = addr
        self.reply("250 2.1.0 ok")
        return True

    def smtp_RCPT(self, arg):
        if self.mail_from is None:
            self.reply("503 5.5.1 need MAIL first")
            return True
        addr = self._address(arg, "TO:")
        if not addr:
            self.reply("501 5.5.4 syntax: RCPT TO:<address>")
            return True
        if addr.lower() in self.box.rejected:
            self.reply("550 5.1.1 no such mailbox (reject)")
            return True
        self.rcpt_tos.append(addr)
        self.reply("250 2.1.5 ok")
        return True

    def smtp_DATA(self, arg):
        if not self.rcpt_tos:
            self.reply("503 5.5.1 need RCPT first")
            return True
        self.reply("354 end data with <CR><LF>.<CR><LF>")
        lines, size, too_big = [], 0, False
        while True:
            line = self.rfile.readline(MAX_MESSAGE)
            if not line:
                return False  # the client went away mid-message
            if line in (b".\r\n", b".\n"):
                break
            if line.startswith(b"."):
                line = line[1:]  # RFC 5321 4.5.2 transparency
            size += len(line)
            if size > MAX_MESSAGE:
                too_big = True
            elif not too_big:
                lines.append(line)
        if too_big:
            self.reply("552 5.3.4 message too big")
        elif self.box._take_failure():
            self.reply("451 4.3.0 try again later (fail_next)")
        else:
            self.box._store(self.mail_from, self.rcpt_tos, b"".join(lines),
                            self.client_address)
            self.reply("250 2.0.0 queued")
        self._reset()
        return True

    def smtp_RSET(self, arg):
        self._reset()
        self.reply("250 2.0.0 ok")
        return True

    def smtp_NOOP(self, arg):
        self.reply("250 2.0.0 ok")
        return True

    def smtp_QUIT(self, arg):
        self.reply("221 2.0.0 bye")
        return False


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class SmtpServer:
    """The server.  port=0 picks a free port; .port tells which."""

    def __init__(self, port=0, host="127.0.0.1", directory=None,
                 hostname="smtp.test"):
        self.host = host
        self.requested_port = port
        self.directory = directory
        self.hostname = hostname
        self.messages = []          # Received, in order of arrival
        self.failed = 0             # transactions answered with 451
        self.rejected = set()       # addresses answered with 550
        self._fail = 0
        self._cond = threading.Condition()
        self._srv = None
        self._thread = None

    # -- lifecycle
    def start(self):
        if self.directory:
            os.makedirs(self.directory, exist_ok=True)
        self._srv = _TCPServer((self.host, self.requested_port), _Handler)
        self._srv.owner = self
        self._thread = threading.Thread(target=self._srv.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name="smtpd", daemon=True)
        self._thread.start()
        return self

    @property
    def port(self):
        return self._srv.server_address[1]

    def stop(self):
        if self._srv:
            self._srv.shutdown()
            self._srv.server_close()
            self._thread.join(5)
            self._srv = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- behaviour
    def fail_next(self, n=1):
        """Answer 451 to the next n transactions (after their data)."""
        with self._cond:
            self._fail = n

    def reject(self, address):
        """Answer 550 to RCPT TO of address from now on."""
        with self._cond:
            self.rejected.add(address.lower())

    def _take_failure(self):
        with self._cond:
            if self._fail > 0:
                self._fail -= 1
                self.failed += 1
                return True
            return False

    def _store(self, mail_from, rcpt_tos, raw, peer):
        rec = Received(mail_from, rcpt_tos, raw, peer)
        with self._cond:
            self.messages.append(rec)
            n = len(self.messages)
            self._cond.notify_all()
        if self.directory:
            path = os.path.join(self.directory, "%04d.eml" % n)
            with open(path + ".tmp", "wb") as f:
                f.write(raw)
            os.replace(path + ".tmp", path)  # readers never see half

    # -- inspection
    def wait_for(self, count, timeout=10.0):
        """Wait until at least count messages arrived; returns a copy of
        the list, or raises TimeoutError saying how many did."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("%d of %d messages after %.1f s"
                                       % (len(self.messages), count, timeout))
                self._cond.wait(left)
            return list(self.messages)

    def clear(self):
        with self._cond:
            self.messages.clear()
            self.failed = 0


# --------------------------------------------------------------------------
# self-test: this server against the standard library's smtplib

def _self_test():
    import smtplib
    import tempfile
    results = []

    def case(name, fn):
        try:
            fn()
            results.append(True)
            print("ok   %s" % name, flush=True)
        except Exception as e:  # report and go on
            results.append(False)
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e), flush=True)

    raw = ("From: a@example.nl\r\nTo: b@example.nl\r\n"
           "Subject: =?UTF-8?B?w6nDqW4gbGluaw==?=\r\n"
           "Content-Type: text/plain; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
           ".begin\r\n..\r\n.\r\nmid=3D.\r\n=C3=A9\r\n").encode()

    with tempfile.TemporaryDirectory() as d, SmtpServer(directory=d) as s:
        def send(to=("b@example.nl",), data=raw):
            with smtplib.SMTP("127.0.0.1", s.port, timeout=10) as c:
                return c.sendmail("a@example.nl", list(to), data)

        def roundtrip():
            send()
            m = s.wait_for(1, 5)[0]
            assert m.mail_from == "a@example.nl", m.mail_from
            assert m.rcpt_tos == ["b@example.nl"], m.rcpt_tos
            assert str(m.msg["Subject"]) == "\u00e9\u00e9n link", m.msg["Subject"]
            assert m.text() == ".begin\n..\n.\nmid=.\n\u00e9\n", repr(m.text())
            assert m.raw.endswith(b"\r\n=C3=A9\r\n"), m.raw[-20:]
            with open(os.path.join(d, "0001.eml"), "rb") as f:
                assert f.read() == m.raw

        def fail_then_ok():
            s.clear()
            s.fail_next(1)
            try:
                send()
                raise AssertionError("451 expected")
            except smtplib.SMTPDataError as e:
                assert e.smtp_code == 451, e
            assert s.failed == 1 and not s.messages
            send(to=("x@example.nl", "y@example.nl"))
            m = s.wait_for(1, 5)[0]
            assert m.rcpt_tos == ["x@example.nl", "y@example.nl"]

        def commands():
            with smtplib.SMTP("127.0.0.1", s.port, timeout=10) as c:
                assert c.ehlo()[0] == 250
                assert c.has_extn("8bitmime") and not c.has_extn("starttls")
                assert c.noop()[0] == 250
                assert c.docmd("RCPT TO:<x@example.nl>")[0] == 503
                assert c.docmd("DATA")[0] == 503
                assert c.docmd("MAIL FROM:<>")[0] == 250   # null sender
                assert c.docmd("MAIL FROM:<a@b.nl>")[0] == 503
                assert c.rset()[0] == 250
                assert c.docmd("MAIL FROM:a@b.nl")[0] == 501
                assert c.docmd("BOGUS")[0] == 500
                assert c.helo()[0] == 250

        def timeout_reports():
            try:
                s.wait_for(len(s.messages) + 1, 0.2)
                raise AssertionError("TimeoutError expected")
            except TimeoutError as e:
                assert "messages after" in str(e)

        case("roundtrip_dot_unstuffing_and_eml", roundtrip)
        case("fail_next_then_ok", fail_then_ok)
        case("commands_and_sequence", commands)
        case("wait_for_timeout", timeout_reports)
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if all(results) else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=2525,
                    help="0 picks a free port (printed)")
    ap.add_argument("--dir", default=None, help="write NNNN.eml files here")
    ap.add_argument("--fail-next", type=int, default=0, metavar="N",
                    help="answer 451 to the first N transactions")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return _self_test()
    srv = SmtpServer(args.port, args.host, args.dir).start()
    srv.fail_next(args.fail_next)
    print("listening on %s:%d" % (args.host, srv.port), flush=True)
    try:
        while True:
            n = len(srv.messages)
            time.sleep(0.5)
            for m in srv.messages[n:]:
                print("received %r" % m, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
