# SPDX-License-Identifier: MIT
"""`relance run` on the bundled sample (samples/factures.csv), as the demo plays it: five weekly
passes, then the last day again. The reminders expected are worked out by the model in
relance_e2e.py from the CSV read here with Python's csv module; every .eml written is parsed
with Python's `email` package and checked against the CSV row it comes from."""
import csv
import datetime
import json
import os
import unittest

import relance_e2e as e2e

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "factures.csv")
DAYS = [datetime.date(2026, 11, 5) + datetime.timedelta(weeks=w) for w in range(5)]
HOLD_TAGS = {"negotiation", "négociation", "pause"}


def sample_invoices():
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    out = []
    for r in rows:
        due = e2e.parse_dmy(r["date_echeance"])
        total, paid = e2e.parse_cents(r["montant_ttc"]), e2e.parse_cents(r["montant_regle"])
        tags = {t.strip().lower() for t in r["tags"].split(";") if t.strip()}
        dunnable = (r["statut"] == "ouverte" and total > paid and r["email_client"] != ""
                    and not tags & HOLD_TAGS)
        out.append(dict(number=r["numero_facture"], due=due, dunnable=dunnable, row=r,
                        owed=total - paid, total=total, paid=paid))
    return out


class SampleRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = e2e.Folder().__enter__()
        init = e2e.run("init", cls.folder.join("demo"))
        assert init.returncode == 0, init.stderr
        cls.config = cls.folder.join("demo", "relance.toml")
        cls.outbox = cls.folder.join("demo", "outbox")
        cls.runs = []
        for day in DAYS + [DAYS[-1]]:
            p = e2e.run("run", "--config", cls.config, "--source", SAMPLE, "--date", day.isoformat(),
                        "--json")
            cls.runs.append(p)

    @classmethod
    def tearDownClass(cls):
        cls.folder.__exit__(None, None, None)

    def summary(self, i):
        p = self.runs[i]
        self.assertIn(p.returncode, (0, 2), p.stderr)
        return json.loads(p.stdout)

    def test_every_expected_reminder_and_no_other(self):
        expected = e2e.expected_reminders(sample_invoices(), DAYS)
        files = sorted(os.listdir(self.outbox))
        self.assertEqual(files, sorted(f"csv_{n}_L{lvl}.eml" for _, n, lvl in expected))
        self.assertGreater(len(files), 20)  # the sample exercises every level

    def test_each_pass_sends_what_the_model_says_that_day(self):
        expected = e2e.expected_reminders(sample_invoices(), DAYS)
        for i, day in enumerate(DAYS):
            s = self.summary(i)
            self.assertEqual(s["date"], day.isoformat())
            want = {}
            for d, _, lvl in expected:
                if d == day:
                    want[str(lvl)] = want.get(str(lvl), 0) + 1
            got = {lvl: t["count"] for lvl, t in s["sent"].items()}
            self.assertEqual(got, want, day)
            self.assertEqual(s["messages_sent"], sum(want.values()))

    def test_the_same_day_again_sends_nothing(self):
        again = self.summary(len(DAYS))
        self.assertEqual(again["messages_sent"], 0)
        self.assertEqual(again["sent"], {})
        self.assertEqual(self.runs[-1].returncode, 0)

    def test_each_message_matches_its_invoice(self):
        invoices = {inv["number"]: inv for inv in sample_invoices()}
        ids = set()
        for name in os.listdir(self.outbox):
            number = name[len("csv_"):name.rindex("_L")]
            level = int(name[name.rindex("_L") + 2:-len(".eml")])
            self.assertIn(level, (1, 2, 3, 4))
            inv = invoices[number]
            row = inv["row"]
            msg = e2e.read_eml(os.path.join(self.outbox, name))
            self.assertEqual([a.addr_spec for a in msg["to"].addresses], [row["email_client"]])
            self.assertEqual(msg["to"].addresses[0].display_name, row["nom_client"])
            self.assertIn(number, str(msg["subject"]))
            ids.add(str(msg["message-id"]))
            text, html = e2e.text_of(msg), e2e.html_of(msg)
            if row["langue"] == "en":
                self.assertIn(e2e.english_amount(inv["owed"]), text, name)
            else:
                self.assertIn(e2e.french_amount(inv["owed"]), text, name)
                self.assertIn(inv["due"].strftime("%d/%m/%Y"), text, name)
            if row["lien_paiement"]:
                self.assertIn(row["lien_paiement"], text, name)
            for entity in ("&amp;", "&#", "&eacute;", "&apos;"):
                self.assertNotIn(entity, text, name)
            if "&" in row["nom_client"]:
                self.assertIn(row["nom_client"].replace("&", "&amp;"), html, name)
        self.assertEqual(len(ids), len(os.listdir(self.outbox)))  # one Message-ID each

    def test_attention_lists_no_email_and_no_due_date(self):
        last = json.loads(e2e.run("plan", "--config", self.config, "--source", SAMPLE, "--date",
                                  DAYS[-1].isoformat(), "--json", "--all").stdout)
        by_invoice = {l["invoice"]: l for l in last["lines"]}
        self.assertEqual(by_invoice["F-2026-0150"]["outcome"], "no e-mail address")
        self.assertEqual(by_invoice["F-2026-0155"]["outcome"], "no due date")
        self.assertEqual(by_invoice["F-2026-0110"]["outcome"], "on hold")  # négociation tag
        self.assertEqual(by_invoice["F-2026-0136"]["outcome"], "on hold")  # litige


if __name__ == "__main__":
    unittest.main()
