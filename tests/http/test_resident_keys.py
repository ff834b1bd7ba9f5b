#!/usr/bin/env python3
"""The residents' pseudonymous keys are keyed with the installation secret
(app/resident.h, migration 017): signals.resident_key and dedupe_key,
grades.person_key, grade_invites.person_key and
kwestie_supporters.supporter_key cannot be recomputed from a guessed
e-mail or IP address without the secret; keys made before the secret
existed are keyed once at start-up; a database keyed under another secret
is refused, and so is a secret file that is not 64 hex digits.
SQLite and PostgreSQL (the secret then lives in the database unless
--secret-file is given)."""
import hashlib
import os
import stat
import subprocess

import harness as H
from harness import check, eq, test, uniq

ST = {}
COLUMNS = (("signals", "resident_key"), ("grades", "person_key"),
           ("grade_invites", "person_key"), ("kwestie_supporters", "supporter_key"),
           ("mail_bounces", "address_hash"))


# 1..? as rows (i), in SQLite and PostgreSQL alike
SERIES = ("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s"
          " WHERE i < ?) SELECT i FROM s")


def unkeyed(*parts):
    return hashlib.blake2b(b"".join(p.encode() + b"\x1f" for p in parts),
                           digest_size=16).hexdigest()


def keyed(secret, inner):
    return hashlib.blake2b(inner.encode(), key=secret, digest_size=16).hexdigest()


def write(path, sql, args=()):
    c = H.sqlite3.connect(path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def report(srv, email=None):
    body = {"text": "Sleutel %s: losse stoeptegel" % uniq(), "buurt": "AA01"}
    if email:
        body["email"] = email
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "signal stored (%r)" % r.body[:200])
    tok = r.json()["token"]
    return srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]


def values(srv):
    out = {}
    for table, col in COLUMNS:
        out[(table, col)] = sorted(r[0] for r in srv.query(
            "SELECT %s FROM %s WHERE %s IS NOT NULL" % (col, table, col)))
    return out


@test
def keys_are_keyed_with_the_secret(srv):
    ST["srv"] = srv
    secret = H.installation_secret(srv)
    eq(len(secret), 32, "the secret's length")
    sid = report(srv, "Sleutel@Example.org")
    key = srv.query("SELECT resident_key FROM signals WHERE id = ?", (sid,))[0][0]
    eq(key, keyed(secret, unkeyed("kwestie.support", "sleutel@example.org")),
       "the address's key, keyed")
    check(key != unkeyed("kwestie.support", "sleutel@example.org"),
          "the key is not the bare hash of the address")
    sid = report(srv)
    key = srv.query("SELECT resident_key FROM signals WHERE id = ?", (sid,))[0][0]
    eq(key, keyed(secret, unkeyed("kwestie.support", "client:127.0.0.1")),
       "the client's key, keyed")
    # nothing stored is the bare hash of a guessable address
    for (table, col), vals in values(srv).items():
        check(unkeyed("kwestie.support", "client:127.0.0.1") not in vals,
              "%s.%s holds an unkeyed key" % (table, col))
    ST["sid"] = sid
    # the bounce command (and every command) keys with the same secret
    for a in ("Weg@Example.org", "ook-weg@example.org"):
        p = subprocess.run([H.Ctx.args.binary, "bounce", a, "--db", srv.db_path],
                           capture_output=True, text=True, cwd=H.REPO)
        eq(p.returncode, 0, "bounce (%s)" % p.stderr)
    eq(srv.query("SELECT COUNT(*) FROM mail_bounces WHERE address_hash = ?",
                 (H.resident_key(srv, "bounce", "weg@example.org"),)), [(1,)],
       "the bounce's key, keyed")


@test
def the_secret_file_is_the_owners_alone(srv):
    if H.PG:
        H.skip("PostgreSQL without --secret-file keeps the secret in the database")
    path = srv.db_path + ".secret"
    mode = stat.S_IMODE(os.stat(path).st_mode)
    eq(mode, 0o600, "the secret file's mode")
    with open(path) as f:
        text = f.read()
    check(len(text.strip()) == 64 and all(c in "0123456789abcdef" for c in text.strip()),
          "64 hex digits: %r" % text[:80])
    eq(srv.query("SELECT COUNT(*) FROM installation_state WHERE name ="
                 " 'resident_secret' AND value IS NOT NULL"),
       [(0,)], "no copy of the secret in the database")


def start_again(extra=()):
    first = ST["srv"]
    s = H.Server(H.Ctx.args.binary, ["--demo"] + list(extra), db_dir=first.dir)
    return s


@test(after_stop=True)
def keys_made_before_the_secret_are_keyed_once(srv):
    secret = H.installation_secret(srv)
    # as a database from before migration 017: no mark, unkeyed values
    write(srv.db_path, "DELETE FROM installation_state WHERE name = 'resident_keys'")
    write(srv.db_path, "UPDATE signals SET resident_key = ? WHERE id = ?",
          (unkeyed("kwestie.support", "oud@example.org"), ST["sid"]))
    kid = srv.query("SELECT MIN(id) FROM kwesties")[0][0]
    for i in range(2):
        write(srv.db_path, "INSERT INTO grade_invites (token_hash, municipality,"
              " kwestie_id, person_key, created_at) VALUES (?, 'GM0363', ?, ?,"
              " '2026-12-01T10:00:00.000Z')",
              (unkeyed("invite", str(i)), kid, unkeyed("kwestie.support", "i%d@x.nl" % i)))
    # more than a page (store_keys_rekey reads 2,000 rows at a time):
    # invites paged by their text key, supporters by whole kwesties (one
    # kwestie with more than a page of them, pages across kwesties)
    kids = [r[0] for r in srv.query("SELECT id FROM kwesties ORDER BY id LIMIT 3")]
    write(srv.db_path, "INSERT INTO grade_invites (token_hash, municipality,"
          " kwestie_id, person_key, created_at) SELECT 'inv-' || i, 'GM0363', ?,"
          " 'old-invite-' || i, '2026-12-01T10:00:00.000Z' FROM (" + SERIES + ") n",
          (kid, 2100))
    # texts an array literal must quote (PostgreSQL binds a page as one)
    write(srv.db_path, "INSERT INTO grade_invites (token_hash, municipality,"
          " kwestie_id, person_key, created_at) VALUES (?, 'GM0363', ?, ?,"
          " '2026-12-01T10:00:00.000Z')",
          ('q"uo\\te,{x} NULL', kid, 'p"k\\ ,}'))
    for k, many in zip(kids, (2300, 1500, 1500)):
        write(srv.db_path, "INSERT INTO kwestie_supporters (kwestie_id,"
              " supporter_key, created_at) SELECT ?, 'old-supporter-' || i,"
              " '2026-12-01T10:00:00.000Z' FROM (" + SERIES + ") n", (k, many))
    before = values(srv)
    eq(len(before[("grade_invites", "person_key")]) > 2101, True, "invites")
    eq(len(before[("kwestie_supporters", "supporter_key")]) > 5300, True,
       "supporters")
    for k, vals in before.items():  # the demo history has every kind
        check(len(vals) >= 2, "keys to key in %s.%s: %r" % (k[0], k[1], vals))
    s = start_again()
    try:
        s.start()
        after = values(s)
        for k, vals in before.items():
            want = sorted(keyed(secret, v) for v in vals)
            check(after[k] == want, "%s.%s keyed once: %d of %d values are"
                  " not their old value keyed" % (k + (len(set(after[k]) - set(want)),
                                                        len(want))))
        eq(s.query("SELECT COUNT(*) FROM signals WHERE dedupe_key NOT LIKE 'retired-%'"),
           [(0,)], "the duplicate check's old keys retired")
        eq(s.query("SELECT resident_key FROM signals WHERE id = ?", (ST["sid"],)),
           [(H.resident_key(s, "kwestie.support", "oud@example.org"),)],
           "an old key is now the address's keyed key")
        check("event=resident_keys_keyed" in s.log_text(), "the keying is logged")
        eq(s.stop()[0], 0, "exit code")
        s2 = start_again()
        s2.start()
        eq(values(s2), after, "a second start keys nothing again")
        eq(s2.stop()[0], 0, "exit code")
    finally:
        s.cleanup()


def refused(args, want):
    s = start_again(args)
    before = H.db_checksum(ST["srv"].db_path)
    try:
        s.start(timeout=20)
        check(False, "the server started with %r" % (args,))
    except RuntimeError as e:
        H.contains(str(e), want, "why it did not start")
    finally:
        s.cleanup()
    eq(H.db_checksum(ST["srv"].db_path), before, "nothing changed")


@test(after_stop=True)
def another_secret_is_refused(srv):
    other = os.path.join(srv.dir, "other.secret")
    with open(other, "w") as f:
        f.write(os.urandom(32).hex() + "\n")
    os.chmod(other, 0o600)
    refused(["--secret-file", other], "not the one this database")


@test(after_stop=True)
def a_broken_secret_file_is_refused(srv):
    bad = os.path.join(srv.dir, "bad.secret")
    for text in ("", "zz" * 32, "ab" * 31, "ab" * 33, "ab" * 32 + "x\n"):
        with open(bad, "w") as f:
            f.write(text)
        os.chmod(bad, 0o600)
        refused(["--secret-file", bad], "64 hex digits")
    # a file others may read or write, or a link (to a file someone else
    # chose): the keys would be theirs to recompute
    os.chmod(bad, 0o644)
    with open(bad, "w") as f:
        f.write(H.installation_secret(srv).hex() + "\n")
    refused(["--secret-file", bad], "no one else may read or write")
    os.chmod(bad, 0o600)
    link = os.path.join(srv.dir, "link.secret")
    os.symlink(bad, link)
    refused(["--secret-file", link], "not a link")
    refused(["--secret-file", os.path.join(srv.dir, "no-dir", "x.secret")],
            "cannot write the secret file")


@test(after_stop=True)
def the_databases_secret_moves_into_a_file(srv):
    """PostgreSQL without --secret-file keeps the secret in the database;
    started once with --secret-file of a new file, the secret moves there
    and the database keeps no copy."""
    if not H.PG:
        H.skip("SQLite keeps its secret in a file from the start")
    secret = H.installation_secret(srv)
    path = os.path.join(srv.dir, "moved.secret")
    s = start_again(["--secret-file", path])
    try:
        s.start()
        with open(path) as f:
            eq(f.read().strip(), secret.hex(), "the file holds the database's secret")
        eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "mode")
        eq(s.query("SELECT COUNT(*) FROM installation_state WHERE name ="
                   " 'resident_secret' AND value IS NOT NULL"), [(0,)],
           "no copy left in the database")
        check("event=secret_moved_to_file" in s.log_text(), "logged")
        eq(s.stop()[0], 0, "exit code")
    finally:
        s.cleanup()
    refused([], "not the one this database")  # without the file now: refused


if __name__ == "__main__":
    H.main(extra_args=("--demo",))
