# SPDX-License-Identifier: MIT
"""The invoicing-tool sources from the command line, against tests/tools/http_stub.py on
127.0.0.1 serving Stripe's recorded payloads: `relance sources test` shows what a source sees
(counts, amounts due, the oldest due date) and writes nothing; `relance sync` stores the invoices
without planning or sending; the API key comes from a 0600 file or the environment and is never
printed; an unknown `type` lists the tools; a source that cannot be read is exit 2."""
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import unittest

import relance_e2e as e2e

HERE = os.path.dirname(os.path.abspath(__file__))
STUB = os.path.join(HERE, "..", "tools", "http_stub.py")
FIXTURES = os.path.join(HERE, "..", "fixtures", "stripe")
KEY = "sk_test_e2eSecretKey42"


class Stub:
    """http_stub.py with `routes`, in `folder`."""

    def __init__(self, folder, routes):
        self.folder = folder
        with open(folder.join("routes.json"), "w", encoding="utf-8") as f:
            json.dump(routes, f)
        self.port_file = folder.join("http.port")
        self.log = folder.join("http.log")
        for stale in (self.port_file, self.log):  # a stub started earlier in this folder
            if os.path.exists(stale):
                os.remove(stale)
        self.proc = subprocess.Popen([sys.executable, STUB, "--routes", folder.join("routes.json"),
                                      "--log", self.log, "--port-file", self.port_file])
        for _ in range(200):
            if os.path.exists(self.port_file):
                break
            time.sleep(0.02)
        with open(self.port_file, encoding="utf-8") as f:
            self.url = "http://127.0.0.1:" + f.read().strip()

    def requests(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def page(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


ROUTES = [
    {"path": "/v1/invoices", "query": {"starting_after": "in_1Test000000000000000002"},
     "responses": [{"status": 200, "body": page("open_page2.json")}]},
    {"path": "/v1/invoices", "responses": [{"status": 200, "body": page("open_page1.json")}]},
]


class SourcesTest(unittest.TestCase):
    def setUp(self):
        self.folder = e2e.Folder().__enter__()
        self.stub = Stub(self.folder, ROUTES)

    def tearDown(self):
        self.stub.stop()
        self.folder.__exit__(None, None, None)

    def config(self, key_lines, extra=""):
        path = self.folder.join("relance.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[company]\nname = "Atelier"\nemail = "relances@atelier.example"\n'
                    'timezone = "Europe/Paris"\n[store]\npath = "r.db"\n'
                    f'[[sources]]\nname = "stripe"\ntype = "stripe"\nbase_url = "{self.stub.url}"\n'
                    + key_lines + extra)
        return path

    def key_file(self, mode=0o600):
        path = self.folder.join("stripe.key")
        with open(path, "w", encoding="utf-8") as f:
            f.write(KEY + "\n")
        os.chmod(path, mode)
        return path

    def test_sources_test_shows_what_the_source_sees_and_writes_nothing(self):
        cfg = self.config(f'api_key_file = "{self.key_file()}"\n')

        p = e2e.run("sources", "test", "--config", cfg)

        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("source stripe (Stripe): OK", p.stdout)
        self.assertIn("4 invoices (4 open)", p.stdout)
        self.assertIn("oldest due date 2026-03-15 (F-2026-0103)", p.stdout)
        self.assertFalse(os.path.exists(self.folder.join("r.db")))
        got = self.stub.requests()
        self.assertEqual(len(got), 2)
        self.assertEqual(got[0]["headers"]["authorization"], "Bearer " + KEY)
        self.assertNotIn(KEY, p.stdout + p.stderr)

    def test_sync_stores_the_invoices_and_plans_nothing(self):
        cfg = self.config('api_key_env = "RELANCE_E2E_STRIPE_KEY"\n')
        os.environ["RELANCE_E2E_STRIPE_KEY"] = KEY
        try:
            p = e2e.run("sync", "--config", cfg, "--date", "2026-04-08")
        finally:
            del os.environ["RELANCE_E2E_STRIPE_KEY"]

        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("source stripe: 4 new", p.stdout)
        self.assertIn("nothing planned, nothing sent", p.stdout)
        self.assertFalse(os.path.exists(self.folder.join("outbox")))

    def test_a_key_file_others_can_read_is_refused_and_never_printed(self):
        cfg = self.config(f'api_key_file = "{self.key_file(0o644)}"\n')

        p = e2e.run("sources", "test", "--config", cfg)

        self.assertEqual(p.returncode, 1)
        self.assertIn("chmod 600", p.stderr)
        self.assertNotIn(KEY, p.stdout + p.stderr)
        self.assertEqual(self.stub.requests(), [])

    def test_a_missing_key_names_the_environment_variable(self):
        cfg = self.config("")

        p = e2e.run("sources", "test", "--config", cfg)

        self.assertEqual(p.returncode, 1)
        self.assertIn("RELANCE_STRIPE_API_KEY", p.stderr)

    def test_an_unknown_type_lists_the_tools_and_a_tool_key_is_checked(self):
        path = self.folder.join("bad.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[[sources]]\nname = "x"\ntype = "stripee"\n'
                    '[[sources]]\nname = "q"\ntype = "quickbooks"\nclient_id = "abc"\n')

        p = e2e.run("sources", "test", "--config", path)

        self.assertEqual(p.returncode, 1)
        self.assertIn("sources[0].type: expected \"csv\", \"stripe\"", p.stderr)
        self.assertIn("sources[1].realm_id: missing", p.stderr)
        self.assertIn("sources[1].refresh_token_file: missing", p.stderr)

    def test_an_unreachable_source_is_exit_2(self):
        self.stub.stop()
        cfg = self.config(f'api_key_file = "{self.key_file()}"\nbudget_seconds = 5\n')

        p = e2e.run("sources", "test", "--config", cfg)
        self.stub = Stub(self.folder, ROUTES)  # for tearDown

        self.assertEqual(p.returncode, 2)
        self.assertIn("FAILED", p.stdout)
        self.assertNotIn(KEY, p.stdout + p.stderr)

    def test_an_invoice_on_old_data_is_read_again_before_its_reminder(self):
        """Day 1: the four invoices are listed and get level 1. Day 2 (level 2 due on each): the
        listing fails, the freshness window is none, so each invoice is read again on its own
        before its reminder: F-0101 was paid (resolved, nothing sent), F-0102 is partly paid now
        (its reminder asks for the new amount), F-0103 cannot be read (no reminder, reported),
        F-0104 is unchanged (sent)."""
        cfg = self.config(f'api_key_file = "{self.key_file()}"\n',
                          '[delivery]\noutbox_dir = "outbox"\n')
        first = e2e.run("run", "--config", cfg, "--date", "2026-04-08")
        self.assertIn("Reminders sent: 4 in 4 message(s)", first.stdout, first.stdout + first.stderr)
        # All four were sent: none of them is counted as not sent (it once said "(4 open invoices)").
        self.assertIn("Not sent today (0 of 4 open invoices):\n  none", first.stdout)
        self.stub.stop()

        items = {i["id"]: i for i in json.loads(page("open_page1.json"))["data"]
                 + json.loads(page("open_page2.json"))["data"]}
        ids = sorted(items)
        partly = dict(items[ids[1]], amount_paid=35000, amount_remaining=10000)  # 450.00 - 350.00
        # Paid at 2026-04-09 22:30 UTC (1775692800 = 20552 days * 86400 s, + 81000 s): 10 April
        # 00:30 in Paris (CEST, UTC+2), the company's zone.
        paid = json.loads(page("invoice_0101_paid.json"))
        paid["status_transitions"]["paid_at"] = 1775773800
        down = {"status": 503, "headers": {"Retry-After": "0"}, "body": {"error": {"message": "down"}}}
        self.stub = Stub(self.folder, [
            {"path": "/v1/invoices/" + ids[0], "responses": [{"status": 200, "body": paid}]},
            {"path": "/v1/invoices/" + ids[1], "responses": [{"status": 200, "body": partly}]},
            {"path": "/v1/invoices/" + ids[2], "responses": [down]},
            {"path": "/v1/invoices/" + ids[3], "responses": [{"status": 200, "body": items[ids[3]]}]},
            {"path": "/v1/invoices", "responses": [down]},
        ])
        cfg = self.config(f'api_key_file = "{self.key_file()}"\n',
                          '[delivery]\noutbox_dir = "outbox"\n')  # the new stub's port

        p = e2e.run("run", "--config", cfg, "--date", "2026-04-15", "--json")

        self.assertEqual(p.returncode, 2, p.stderr)  # a source could not be listed
        s = json.loads(p.stdout)
        self.assertIn("stripe", s["source_errors"])
        self.assertEqual(s["refetched"], {"stripe": {"paid": 1, "open": 2, "failed": 1}})
        self.assertEqual(s["messages_sent"], 2)
        self.assertEqual(s["sent"]["2"]["count"], 2)
        self.assertEqual(s["sent"]["2"]["amount_minor"], {"EUR": 10000, "KWD": 1250500})
        self.assertEqual(s["skipped"].get("stale data"), 1)
        self.assertEqual(s["skipped"].get("settled"), 1)  # F-0101, paid
        got = [r["path"] for r in self.stub.requests()]
        for i in ids:
            self.assertIn("/v1/invoices/" + i, got)
        l2 = sorted(f for f in os.listdir(self.folder.join("outbox")) if "_L2" in f)
        self.assertEqual(l2, ["stripe_F-2026-0102_L2.eml", "stripe_F-2026-0104_L2.eml"])
        text = e2e.text_of(e2e.read_eml(self.folder.join("outbox", l2[0])))
        self.assertRegex(text, r"100[,.]00")  # what is left, not the 300.00 of day 1
        self.assertNotRegex(text, r"300[,.]00")

        plan = e2e.run("plan", "--config", cfg, "--date", "2026-04-15")
        self.assertIn("read again before reminding", plan.stdout)
        self.assertIn("reading it again failed", plan.stdout)

        # The store records F-0101 resolved on the day Stripe says it was paid, in Paris: not the
        # UTC day (9 April) nor the run's (15 April).
        with contextlib.closing(sqlite3.connect(self.folder.join("r.db"))) as db:
            row = db.execute("SELECT resolution, resolved_on FROM invoices WHERE number = ?",
                             ("F-2026-0101",)).fetchone()
        self.assertEqual(row, ("paid", "2026-04-10"))

    def test_two_sources_with_the_same_invoice_number_are_merged_without_a_clash(self):
        """Stripe's F-2026-0101 (900.00 EUR, Roux) and an export's F-2026-0101 (120.00 EUR, another
        customer) are two invoices: each gets its own reminder, to its own customer."""
        export = self.folder.join("factures.csv")
        with open(export, "w", encoding="utf-8") as f:
            f.write("invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total\n"
                    "F-2026-0101;K-1;Papeterie Koenig;compta@koenig.example;2026-03-01;2026-03-31;120,00\n")
        cfg = self.config(f'api_key_file = "{self.key_file()}"\n',
                          f'[[sources]]\nname = "csv"\ntype = "csv"\npath = "{export}"\n')

        p = e2e.run("run", "--config", cfg, "--date", "2026-04-08", "--json")

        self.assertEqual(p.returncode, 0, p.stderr)
        s = json.loads(p.stdout)
        self.assertEqual(s["messages_sent"], 5)  # Stripe's four and the export's one, level 1
        out = self.folder.join("outbox")
        self.assertIn("stripe_F-2026-0101_L1.eml", os.listdir(out))
        self.assertIn("csv_F-2026-0101_L1.eml", os.listdir(out))
        stripe_msg = e2e.read_eml(os.path.join(out, "stripe_F-2026-0101_L1.eml"))
        csv_msg = e2e.read_eml(os.path.join(out, "csv_F-2026-0101_L1.eml"))
        self.assertIn("compta@roux.example", stripe_msg["To"])
        self.assertIn("compta@koenig.example", csv_msg["To"])
        self.assertRegex(e2e.text_of(stripe_msg), r"900[,.]00")
        self.assertRegex(e2e.text_of(csv_msg), r"120[,.]00")
        self.assertNotEqual(stripe_msg["Message-ID"], csv_msg["Message-ID"])


if __name__ == "__main__":
    unittest.main()
