# SPDX-License-Identifier: MIT
"""`relance serve` with the real binary: one catch-up pass after days down (not one per missed
day), two daemons on one store run one pass, the next run time is persisted, and SIGTERM during
a pass over SMTP (a real aiosmtpd server on 127.0.0.1) stops cleanly: nothing left "sending",
nothing sent twice, the rest sent by the next pass. The store is read with Python's sqlite3."""
import datetime
import os
import signal
import sqlite3
import subprocess
import time
import unittest

import relance_e2e as e2e

SINK = os.path.join(os.path.dirname(__file__), "..", "tools", "smtp_sink.py")
HEADER = ("invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total;"
          "paid;status\n")


def rows(n, due="2026-03-31"):
    return "".join(f"F-{i:04d};C-{i:04d};Client {i};c{i:04d}@client.example;2026-03-01;{due};"
                   f"100,00;0;open\n" for i in range(1, n + 1))


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.folder = e2e.Folder().__enter__()
        self.db = self.folder.join("relance.db")

    def tearDown(self):
        self.folder.__exit__(None, None, None)

    def config(self, delivery=""):
        path = self.folder.join("relance.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[company]\nemail = "relances@atelier.example"\n[store]\npath = "relance.db"\n'
                    + delivery +
                    '[[sources]]\nname = "csv"\ntype = "csv"\npath = "factures.csv"\n')
        return path

    def export(self, text):
        with open(self.folder.join("factures.csv"), "w", encoding="utf-8") as f:
            f.write(HEADER + text)

    def query(self, sql):
        with sqlite3.connect(self.db) as con:
            return con.execute(sql).fetchall()

    def test_catch_up_after_three_days_down_is_one_pass_and_next_run_is_kept(self):
        cfg = self.config()
        self.export(rows(3))
        first = e2e.run("run", "--config", cfg, "--now", "2026-04-06T07:00:00Z", "-q")
        self.assertIn(first.returncode, (0, 2), first.stderr)

        back = e2e.run("serve", "--config", cfg, "--once", "--now", "2026-04-09T12:00:00Z")
        later = e2e.run("serve", "--config", cfg, "--once", "--now", "2026-04-09T12:05:00Z")

        self.assertEqual(back.returncode, 0, back.stderr)
        self.assertIn("event=pass_done", back.stderr)
        self.assertEqual(later.returncode, 0, later.stderr)
        self.assertNotIn("event=pass_start", later.stderr)
        starts = [r[0] for r in self.query("SELECT started_at FROM runs ORDER BY id")]
        self.assertEqual(starts, ["2026-04-06T07:00:00Z", "2026-04-09T12:00:00Z"])
        # Friday 10 April, 09:00 in Paris (CEST, UTC+2).
        self.assertEqual(self.query("SELECT value FROM settings_kv WHERE key = 'next_run'"),
                         [("2026-04-10T07:00:00Z",)])

    def test_two_daemons_on_one_store_run_one_pass(self):
        cfg = self.config()
        self.export(rows(20))
        e2e.run("run", "--config", cfg, "--now", "2026-04-06T07:00:00Z", "-q")
        env = dict(os.environ, TZ="Pacific/Chatham")
        args = [e2e.binary(), "serve", "--config", cfg, "--once", "--now", "2026-04-09T12:00:00Z"]
        a = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)
        b = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)
        out_a, out_b = a.communicate(timeout=60)[1], b.communicate(timeout=60)[1]

        self.assertEqual((a.returncode, b.returncode), (0, 0), out_a + out_b)
        self.assertEqual(self.query("SELECT count(*) FROM runs"), [(2,)])
        self.assertEqual((out_a + out_b).count("event=pass_start"), 1, out_a + out_b)
        self.assertEqual(self.query("SELECT count(*) FROM leases"), [(0,)])  # given back

    def test_sigterm_mid_pass_stops_cleanly_and_the_next_pass_finishes(self):
        port_file = self.folder.join("sink.port")
        sink = subprocess.Popen(["/usr/bin/python3", SINK, "--dir", self.folder.join("received"),
                                 "--port-file", port_file, "--delay-ms", "100"])
        try:
            for _ in range(200):
                if os.path.exists(port_file):
                    break
                time.sleep(0.05)
            with open(port_file) as f:
                port = int(f.read())
            cfg = self.config('[delivery]\nchannel = "smtp"\n[delivery.smtp]\nhost = "127.0.0.1"\n'
                              f'port = {port}\nsecurity = "none"\n')
            self.export("")
            three_days_ago = (datetime.datetime.now(datetime.timezone.utc)
                              - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
            e2e.run("run", "--config", cfg, "--now", three_days_ago, "-q")
            self.export(rows(40, due="2026-01-31"))
            env = dict(os.environ, TZ="Pacific/Chatham")
            daemon = subprocess.Popen([e2e.binary(), "serve", "--config", cfg], env=env,
                                      stderr=subprocess.PIPE, text=True)
            for _ in range(100):  # wait until a few messages went out
                received = os.listdir(self.folder.join("received")) if os.path.isdir(
                    self.folder.join("received")) else []
                if len([n for n in received if n.endswith(".eml")]) >= 3:
                    break
                time.sleep(0.1)
            daemon.send_signal(signal.SIGTERM)
            log = daemon.communicate(timeout=30)[1]
            self.assertEqual(daemon.returncode, 0, log)
            self.assertIn("event=stopping", log)
            states = dict(self.query("SELECT state, count(*) FROM reminders GROUP BY state"))
            self.assertNotIn("sending", states)
            self.assertNotIn("planned", states)
            got = len([n for n in os.listdir(self.folder.join("received")) if n.endswith(".eml")])
            self.assertEqual(states.get("sent", 0), got)
            self.assertLess(got, 40, "the pass finished before SIGTERM: nothing was tested")
            self.assertEqual(states.get("sent", 0) + states.get("failed", 0), 40, states)

            rest = e2e.run("run", "--config", cfg, "-q")
            self.assertIn(rest.returncode, (0, 2), rest.stderr)
            ids = []
            for n in sorted(os.listdir(self.folder.join("received"))):
                if n.endswith(".eml"):
                    ids.append(e2e.read_eml(os.path.join(self.folder.join("received"), n))["message-id"])
            self.assertEqual(len(ids), 40)
            self.assertEqual(len(set(ids)), 40)  # every reminder exactly once
        finally:
            sink.send_signal(signal.SIGTERM)
            sink.wait()


if __name__ == "__main__":
    unittest.main()
