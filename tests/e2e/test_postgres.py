# SPDX-License-Identifier: MIT
"""The PostgreSQL store end to end: `relance migrate` then five weekly `relance run`s on the
bundled sample with RELANCE_STORE set to a database of its own on the server of RELANCE_TEST_PG,
against the same runs on the default SQLite file: the reminders written (.eml files, byte for
byte) and the runs' summaries are the same. Also: `relance run` refuses a database that was never
migrated and points to `relance migrate`, and an unreachable server is named without the
password. Skipped (exit 77, with the reason) when RELANCE_TEST_PG is not set or does not answer."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import unittest

import relance_e2e as e2e

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "factures.csv")
DAYS = [datetime.date(2026, 11, 5) + datetime.timedelta(weeks=w) for w in range(5)]
SERVER = os.environ.get("RELANCE_TEST_PG", "")
DATABASE = "relance_e2e_%d" % os.getpid()


def psql(sql):
    return subprocess.run(["psql", SERVER, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                          capture_output=True, text=True, timeout=60)


def database_url():
    # The server's URL with our database instead of the one it names (postgresql://u@h:p/db).
    return SERVER.rsplit("/", 1)[0] + "/" + DATABASE


def unavailable():
    if not SERVER:
        return "RELANCE_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server and sets it)"
    if shutil.which("psql") is None:
        return "psql (Debian postgresql-client) is not installed"
    p = psql("SELECT 1")
    if p.returncode != 0:
        return "the PostgreSQL server of RELANCE_TEST_PG does not answer: " + p.stderr.strip()
    return ""


def run(folder, store, *args):
    env = dict(os.environ, TZ="Pacific/Chatham")
    env.pop("RELANCE_STORE", None)
    if store:
        env["RELANCE_STORE"] = store
    return subprocess.run([e2e.binary(), *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


def passes(folder, store):
    """Five weekly runs, then the last day again; returns the processes."""
    out = []
    for day in DAYS + [DAYS[-1]]:
        out.append(run(folder, store, "run", "--config", os.path.join(folder, "relance.toml"), "--source",
                       SAMPLE, "--date", day.isoformat(), "--now", day.isoformat() + "T08:00:00Z", "--json"))
    return out


def outbox(folder):
    root = os.path.join(folder, "outbox")
    files = {}
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), "rb") as f:
            files[name] = f.read()
    return files


class PostgresEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        created = psql("CREATE DATABASE %s" % DATABASE)
        assert created.returncode == 0, created.stderr
        cls.sandbox = e2e.Folder().__enter__()
        cls.lite = cls.sandbox.join("lite")
        cls.pg = cls.sandbox.join("pg")
        for folder in (cls.lite, cls.pg):
            init = run(cls.sandbox.path, "", "init", folder)
            assert init.returncode == 0, init.stderr
        cls.refused = run(cls.pg, database_url(), "run", "--source", SAMPLE, "--date", DAYS[0].isoformat())
        cls.migrated = run(cls.pg, database_url(), "migrate")
        cls.again = run(cls.pg, database_url(), "migrate")
        cls.lite_runs = passes(cls.lite, "")
        cls.pg_runs = passes(cls.pg, database_url())

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.__exit__(None, None, None)
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DATABASE)

    def test_run_refuses_a_database_never_migrated(self):
        self.assertEqual(self.refused.returncode, 3, self.refused.stderr)
        self.assertIn("run `relance migrate` first", self.refused.stderr)

    def test_migrate_reports_from_and_to(self):
        self.assertEqual(self.migrated.returncode, 0, self.migrated.stderr)
        self.assertIn("/%s: migrated schema version 0 -> 6" % DATABASE, self.migrated.stdout)
        self.assertIn("schema version 6, up to date", self.again.stdout)
        self.assertEqual(psql("SELECT version FROM %s.public.relance_schema" % DATABASE).stdout.strip(), "")
        version = subprocess.run(["psql", database_url(), "-qAtc", "SELECT version FROM relance_schema"],
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(version.stdout.strip(), "6")

    def test_the_reminders_written_are_those_of_the_sqlite_run(self):
        for p in self.lite_runs + self.pg_runs:
            self.assertIn(p.returncode, (0, 2), p.stderr)
        lite, pg = outbox(self.lite), outbox(self.pg)
        self.assertGreater(len(lite), 10)
        self.assertEqual(sorted(pg), sorted(lite))
        for name in lite:
            self.assertEqual(pg[name], lite[name], name)

    def test_the_run_summaries_are_those_of_the_sqlite_run(self):
        for lite, pg in zip(self.lite_runs, self.pg_runs):
            self.assertEqual(pg.returncode, lite.returncode, pg.stderr)
            self.assertEqual(json.loads(pg.stdout), json.loads(lite.stdout))

    def test_the_second_run_of_a_day_sends_nothing(self):
        first, again = json.loads(self.pg_runs[-2].stdout), json.loads(self.pg_runs[-1].stdout)
        self.assertEqual(again["messages_sent"], 0)
        self.assertEqual(again["status"], "ok")
        self.assertEqual(again["alerts"]["error"], "")
        self.assertGreater(sum(json.loads(p.stdout)["messages_sent"] for p in self.pg_runs), 10)
        self.assertEqual(first["date"], again["date"])

    def test_an_unreachable_server_is_named_without_the_password(self):
        p = run(self.pg, "postgresql://relance:s3cret@127.0.0.1:1/books", "migrate")
        self.assertEqual(p.returncode, 3)
        self.assertIn("127.0.0.1:1", p.stderr)
        self.assertIn("check that the server is running", p.stderr)
        self.assertNotIn("s3cret", p.stderr + p.stdout)


class StoreSelectionTest(unittest.TestCase):
    def setUp(self):
        self.sandbox = e2e.Folder().__enter__()
        self.config = self.sandbox.join("relance.toml")

    def tearDown(self):
        self.sandbox.__exit__(None, None, None)

    def write(self, store_table):
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("[store]\n" + store_table)

    def test_store_url_that_is_not_postgres_is_named_with_its_line(self):
        self.write('path = "relance.db"\nurl = "mysql://db/books"\n')
        p = run(self.sandbox.path, "", "migrate", "--config", self.config)
        self.assertEqual(p.returncode, 1)
        self.assertIn("relance.toml:3", p.stderr)
        self.assertIn("store.url", p.stderr)

    def test_relance_store_wins_over_the_config(self):
        self.write('url = "postgresql://relance:pw@127.0.0.1:1/books"\n')
        path = self.sandbox.join("chosen.db")
        p = run(self.sandbox.path, path, "migrate", "--config", self.config)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), path + ": migrated schema version 0 -> 6")
        self.assertTrue(os.path.exists(path))

    def test_the_config_url_is_used_without_relance_store(self):
        self.write('url = "postgresql://relance:pw@127.0.0.1:1/books"\n')
        p = run(self.sandbox.path, "", "migrate", "--config", self.config)
        self.assertEqual(p.returncode, 3)
        self.assertIn("postgresql://relance:***@127.0.0.1:1/books", p.stderr)
        self.assertNotIn(":pw@", p.stderr)

    def test_a_tenant_needs_postgres(self):
        self.write('path = "relance.db"\n')
        p = run(self.sandbox.path, "", "migrate", "--config", self.config, "--tenant", "acme")
        self.assertEqual(p.returncode, 1)
        self.assertIn("tenants need a PostgreSQL store", p.stderr)

    def test_a_bad_tenant_id_is_refused_before_connecting(self):
        p = run(self.sandbox.path, database_url(), "migrate", "--tenant", "Acme-1")
        self.assertEqual(p.returncode, 1)
        self.assertIn("invalid tenant id 'Acme-1'", p.stderr)


class StoreSecretsTest(unittest.TestCase):
    """A RELANCE_STORE holding a password that relance cannot use: the password is in no output
    and no file, nothing is created for a location that is not a store, and the message says
    what to write instead."""

    CASES = {
        # location, the secret, what the message must say, exit code of `relance history`
        "ipv6": ("postgres://u:secret@[::1:5432/x", "secret",
                 ["invalid PostgreSQL URL postgres://u:***@[::1:5432/x",
                  "write it as postgresql://user@host:5432/database"], 3),
        "at_sign": ("postgresql://u:p@ss@127.0.0.1:1/x", "ss@",
                    ["cannot reach the PostgreSQL server at 127.0.0.1:1 ",
                     "postgresql://u:***@127.0.0.1:1/x", "check that the server is running"], 3),
        "mysql": ("mysql://u:secret@h/x", "secret",
                  ["unsupported store URL scheme 'mysql': use a file path (SQLite) or postgresql://",
                   "mysql://u:***@h/x"], 1),
        "conninfo": ("host=127.0.0.1 port=1 password=kvsecret", "kvsecret",
                     ["is a libpq key=value connection string", "use a postgresql:// URL instead"], 1),
    }

    def setUp(self):
        self.sandbox = e2e.Folder().__enter__()
        self.folder = self.sandbox.join("books")
        init = run(self.sandbox.path, "", "init", self.folder)
        self.assertEqual(init.returncode, 0, init.stderr)

    def tearDown(self):
        self.sandbox.__exit__(None, None, None)

    def files(self):
        found = {}
        for root, _dirs, names in os.walk(self.sandbox.path):
            for name in names:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    found[path] = f.read()
        return found

    def check(self, case, *args):
        location, secret, says, code = self.CASES[case]
        before = self.files()
        p = run(self.folder, location, *args)
        after = self.files()
        out = p.stdout + p.stderr
        self.assertNotIn(secret, out)
        if case == "at_sign":
            self.assertNotIn("p@ss", out)
        for text in says:
            self.assertIn(text, out)
        created = sorted(set(after) - set(before))
        for path, data in after.items():
            self.assertNotIn(secret, path)
            self.assertNotIn(secret.encode(), data, path)
        if case in ("mysql", "conninfo"):
            self.assertEqual(created, [], "a store file was created for a location that is not one")
        return p, code

    def test_history(self):
        for case in self.CASES:
            with self.subTest(case=case):
                p, code = self.check(case, "history")
                self.assertEqual(p.returncode, code, p.stderr)

    def test_migrate(self):
        for case in self.CASES:
            with self.subTest(case=case):
                p, _code = self.check(case, "migrate")
                self.assertIn(p.returncode, (1, 3), p.stderr)

    def test_migrate_without_a_config(self):
        os.remove(os.path.join(self.folder, "relance.toml"))
        for case in self.CASES:
            with self.subTest(case=case):
                p, _code = self.check(case, "migrate")
                self.assertIn(p.returncode, (1, 3), p.stderr)


if __name__ == "__main__":
    why = unavailable()
    if why:
        print("skipped: " + why)
        sys.exit(77)
    unittest.main()
