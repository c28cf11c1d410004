# SPDX-License-Identifier: MIT
"""The formal-notice letter and the collection dossier through the real binary: `relance letter`,
`relance letters`, `relance collection export`. The PDF is read back with poppler's pdftotext;
the dossier is compared with the store itself (Python's sqlite3 on relance.db).

Figures are worked out by hand with rules.md §0 (simple interest, days = letter date − due date,
/365, rounded once half-up; 2026 H2 rate 12.40 % = ECB 2.40 % + 10 points), letter of 2026-12-03:
  F-1 1 234,56 € due 2026-10-01, 63 days: 123456 × 1240 × 63 / 3 650 000 = 2 642.3 → 26,42 €
  F-2   480,00 € due 2026-10-15, 49 days:  48000 × 1240 × 49 / 3 650 000 =   799.0 →  7,99 €
  F-3   312,40 € (100,00 € paid) due 2026-10-15, 49 days on 212,40 €:
                                          21240 × 1240 × 49 / 3 650 000 =   353.6 →  3,54 €
  owed 1 926,96 €; penalties 37,95 €; 3 × 40 € indemnity; claimed 2 084,91 €.
  A consumer (C-2, 189,00 € due 2026-10-01) owes no indemnity and no interest before the notice
  (FR-B2C-01, FR-B2C-03): the letter claims 189,00 €."""
import json
import os
import shutil
import sqlite3
import subprocess
import unittest

import relance_e2e as e2e

CSV = (
    "numero_facture;id_client;nom_client;email_client;date_facture;date_echeance;montant_ttc;"
    "montant_regle;statut;type_client;adresse;siren\n"
    "F-1;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-01;2026-10-01;1 234,56;0;"
    "ouverte;b2b;12, rue de l’Église|Bât. B|69002 Lyon;552 100 554\n"
    "F-2;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-15;2026-10-15;480,00;0;"
    "ouverte;b2b;12, rue de l’Église|Bât. B|69002 Lyon;552 100 554\n"
    "F-3;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-15;2026-10-15;312,40;100,00;"
    "ouverte;b2b;12, rue de l’Église|Bât. B|69002 Lyon;552 100 554\n"
    "F-4;C-2;Zoë Lefèvre;zoe@mail.example;2026-09-01;2026-10-01;189,00;0;ouverte;b2c;"
    "7, allée des Châtaigniers|44000 Nantes;\n"
)

IDENTITY = """legal_form = "SARL"
siren = "732 829 320"
address = ["14, rue de l’Église", "75011 Paris"]
city = "Paris"
contact = "Mme Zoë Martin"
iban = "FR76 3000 6000 0112 3456 7890 189"
bic = "AGRIFRPP"
"""


def cents_of(amount, rate_bps, days):
    return (2 * amount * rate_bps * days + 3_650_000) // (2 * 3_650_000)


def pdf_text(path):
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    for nb in ("\u202f", "\u00a0"):
        out = out.replace(nb, " ")
    return " ".join(out.split())


def have_pdftotext():
    return shutil.which("pdftotext") is not None


def make_company(folder, name):
    assert e2e.run("init", folder.join(name)).returncode == 0
    config = folder.join(name, "relance.toml")
    with open(config, encoding="utf-8") as f:
        text = f.read()
    # Replace the identity examples of `relance init` with this company's.
    lines = [l for l in text.splitlines() if not l.split("=")[0].strip() in
             ("legal_form", "siren", "address", "city", "contact", "iban", "bic")]
    text = "\n".join(lines).replace("[company]\n", "[company]\n" + IDENTITY, 1)
    text = text.replace('name = "Mon Entreprise"', 'name = "L’Atelier d’Hélène"')
    text = text.replace('signatory = "Prénom Nom"', 'signatory = "Hélène Dupré"')
    with open(config, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    csv = folder.join(name, "factures.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write(CSV)
    return config, csv


@unittest.skipUnless(have_pdftotext(), "pdftotext (poppler-utils) is not installed")
class LetterCommandTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = e2e.Folder().__enter__()
        cls.config, cls.csv = make_company(cls.folder, "co")
        r = e2e.run("run", "--config", cls.config, "--source", cls.csv, "--date", "2026-11-01", "-q")
        assert r.returncode in (0, 2), r.stdout + r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.folder.__exit__(None, None, None)

    def letter(self, who, on="2026-12-03"):
        r = e2e.run("letter", who, "--config", self.config, "--source", self.csv, "--on", on)
        self.assertIn(r.returncode, (0, 2), r.stderr)
        path = r.stdout.strip()
        self.assertTrue(os.path.isfile(path), r.stdout + r.stderr)
        return path, r

    def test_customer_letter_lists_every_overdue_invoice_with_mandatory_items_and_figures(self):
        path, r = self.letter("C-1")
        self.assertEqual(r.returncode, 0, r.stderr)  # nothing mandatory missing
        self.assertEqual(os.path.dirname(path), self.folder.join("co", "letters"))
        t = pdf_text(path)
        self.assertEqual([cents_of(123456, 1240, 63), cents_of(48000, 1240, 49),
                          cents_of(21240, 1240, 49)], [2642, 799, 354])
        for item in (
            # rules.md §6.1: title and Code civil 1344; registered letter; place and date
            "Mise en demeure de payer", "article 1344 du Code civil",
            "Lettre recommandée avec accusé de réception", "Paris, le 3 décembre 2026",
            # creditor: name, legal form, SIREN, address, contact
            "L’Atelier d’Hélène", "SARL", "732 829 320", "14, rue de l’Église", "75011 Paris",
            "Mme Zoë Martin",
            # debtor: name, address, SIREN
            "Boulangerie Lefèvre & Fils", "Bât. B", "69002 Lyon", "552 100 554",
            # the claim, invoice by invoice
            "F-1 01/09/2026 01/10/2026 1 234,56 € 0,00 € 1 234,56 €",
            "F-2 15/09/2026 15/10/2026 480,00 € 0,00 € 480,00 €",
            "F-3 15/09/2026 15/10/2026 312,40 € 100,00 € 212,40 €",
            "Total 2 026,96 € 100,00 € 1 926,96 €",
            # penalties: rate, basis, legal reference, date; 40 € per invoice
            "12,40 %", "L441-10 II du Code de commerce", "arrêtées au 3 décembre 2026",
            "F-1 63 12,40 % 26,42 € 40,00 €", "F-2 49 12,40 % 7,99 € 40,00 €",
            "F-3 49 12,40 % 3,54 € 40,00 €", "Total 37,95 € 120,00 €", "D441-5",
            "Total réclamé : 2 084,91 €",
            # deadline, payment details, consequences, dispute, signature
            "dans un délai de 8 jours à compter de la réception",
            "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPP",
            "injonction de payer", "Si vous contestez", "Hélène Dupré",
        ):
            self.assertIn(item, t)

    def test_invoice_letter_lists_that_invoice_only(self):
        path, _ = self.letter("F-2")
        t = pdf_text(path)
        self.assertIn("Total réclamé : 527,99 €", t)  # 480,00 + 7,99 + 40,00
        self.assertNotIn("F-1", t)

    def test_consumer_letter_claims_the_principal_and_starts_legal_interest(self):
        path, _ = self.letter("C-2")
        t = pdf_text(path)
        self.assertIn("Total réclamé : 189,00 €", t)
        self.assertIn("intérêts au taux légal à compter de la date de la présente mise en demeure", t)
        self.assertNotIn("indemnité forfaitaire", t)
        self.assertIn("Zoë Lefèvre", t)
        self.assertIn("44000 Nantes", t)

    def test_unknown_invoice_or_customer_is_a_usage_error(self):
        r = e2e.run("letter", "NOPE", "--config", self.config, "--source", self.csv)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no open invoice 'NOPE'", r.stderr)


@unittest.skipUnless(have_pdftotext(), "pdftotext (poppler-utils) is not installed")
class CollectionExportTest(unittest.TestCase):
    """Weekly runs from 2026-10-08 with the default levels (+7, +15, +30, +45, one at a time,
    7 days apart): the formal notice goes out, then 15 days later (collection_after_days) the
    invoices move to collection and get nothing more."""

    @classmethod
    def setUpClass(cls):
        cls.folder = e2e.Folder().__enter__()
        cls.config, cls.csv = make_company(cls.folder, "co")
        cls.runs = []
        import datetime
        d = datetime.date(2026, 10, 8)
        while d <= datetime.date(2027, 1, 14):
            r = e2e.run("run", "--config", cls.config, "--source", cls.csv, "--date", d.isoformat(), "-q")
            assert r.returncode in (0, 2), r.stdout + r.stderr
            cls.runs.append(r.stdout)
            d += datetime.timedelta(days=7)
        cls.out = cls.folder.join("dossiers")
        cls.export = e2e.run("collection", "export", "--config", cls.config, "--source", cls.csv,
                             "--out", cls.out, "--on", "2026-12-31")

    @classmethod
    def tearDownClass(cls):
        cls.folder.__exit__(None, None, None)

    def store_rows(self, numbers):
        db = sqlite3.connect(self.folder.join("co", "relance.db"))
        rows = db.execute(
            "SELECT id, invoice_number, level, channel, state, planned_on, message_id FROM reminders "
            "WHERE invoice_number IN (%s) ORDER BY id" % ",".join("?" * len(numbers)), numbers).fetchall()
        db.close()
        return [list(r) for r in rows]

    def test_dossier_lists_exactly_the_reminders_recorded_in_the_store(self):
        # 2: the consumer's legal interest cannot be priced (rules.md §5.2: the 2026 H2 legal rate
        # is not in the table, and relance refuses to guess); the business dossier is complete.
        self.assertEqual(self.export.returncode, 2, self.export.stdout + self.export.stderr)
        with open(os.path.join(self.out, "csv_C-1", "dossier.json"), encoding="utf-8") as f:
            dossier = json.load(f)
        numbers = sorted(i["number"] for i in dossier["invoices"])
        self.assertEqual(numbers, ["F-1", "F-2", "F-3"])
        listed = [[r["id"], r["invoice"], r["level"], r["channel"], r["state"], r["date"], r["message_id"]]
                  for r in dossier["reminders"]]
        stored = self.store_rows(numbers)
        self.assertEqual(listed, stored)
        # 4 e-mails and 1 registered letter per invoice, each with its Message-ID.
        self.assertEqual(len(stored), 15)
        self.assertEqual(sorted({(r[2], r[3]) for r in stored}),
                         [(1, "email"), (2, "email"), (3, "email"), (4, "email"), (4, "letter")])
        self.assertTrue(all(r[6].startswith("<relance.") for r in stored))
        with open(os.path.join(self.out, "csv_C-1", "relances.csv"), encoding="utf-8") as f:
            self.assertEqual(len(f.read().splitlines()), 1 + len(stored))

    def test_dossier_carries_the_amounts_penalties_and_letters(self):
        with open(os.path.join(self.out, "csv_C-1", "dossier.json"), encoding="utf-8") as f:
            dossier = json.load(f)
        self.assertEqual(dossier["debtor"]["siren"], "552 100 554")
        self.assertEqual(dossier["debtor"]["address"], ["12, rue de l’Église", "Bât. B", "69002 Lyon"])
        f1 = next(i for i in dossier["invoices"] if i["number"] == "F-1")
        # 2026-10-01 → 2026-12-31: 91 days at 12.40 %: 123456 × 1240 × 91 / 3 650 000 = 3 816.6
        # cents → 38,17 €.
        self.assertEqual(f1["days_late"], 91)
        self.assertEqual(cents_of(123456, 1240, 91), 3817)
        self.assertEqual(f1["penalties"]["interest"], "38.17")
        self.assertEqual(f1["total_claimed"], "1312.73")  # 1 234,56 + 38,17 + 40,00
        self.assertEqual(f1["penalties"]["indemnity"], "40.00")
        self.assertEqual(f1["last_level"], 4)
        self.assertTrue(dossier["letters"])
        for name in dossier["letters"]:
            self.assertTrue(os.path.isfile(os.path.join(self.out, "csv_C-1", name)))
        # The consumer's invoice is in collection too; its interest waits for the legal rate.
        with open(os.path.join(self.out, "csv_C-2", "dossier.json"), encoding="utf-8") as f:
            c2 = json.load(f)
        self.assertEqual(c2["debtor"]["type"], "b2c")
        self.assertIn("error", c2["invoices"][0]["penalties"])

    def test_no_automatic_message_after_the_hand_off(self):
        handed = [i for i, out in enumerate(self.runs) if "Handed to collection today" in out]
        self.assertTrue(handed)
        last = self.runs[-1]
        self.assertIn("nothing new to send today", last)
        self.assertIn("in collection", last)

    def test_one_customer_only(self):
        out = self.folder.join("one")
        r = e2e.run("collection", "export", "--config", self.config, "--source", self.csv,
                    "--customer", "C-1", "--out", out, "--on", "2026-12-31")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.listdir(out), ["csv_C-1"])


class LetterConfigTest(unittest.TestCase):
    def test_bad_identity_keys_are_listed_with_file_line_and_key(self):
        with e2e.Folder() as folder:
            config, csv = make_company(folder, "co")
            with open(config, encoding="utf-8") as f:
                text = f.read()
            text = text.replace('siren = "732 829 320"', 'siren = "732 829 321"')
            text = text.replace('iban = "FR76 3000 6000 0112 3456 7890 189"', 'iban = "FR76 3000 6000 0112 3456 7890 188"')
            text = text.replace("deadline_days = 8", "deadline_days = 0")
            with open(config, "w", encoding="utf-8") as f:
                f.write(text)
            lines = text.splitlines()
            line_of = lambda key: next(i + 1 for i, l in enumerate(lines) if l.startswith(key + " ="))
            r = e2e.run("letter", "C-1", "--config", config, "--source", csv)
            self.assertEqual(r.returncode, 1)
            self.assertIn("%s:%d: company.siren: expected the 9 digits of a SIREN" % (config, line_of("siren")), r.stderr)
            self.assertIn("%s:%d: company.iban: expected an IBAN" % (config, line_of("iban")), r.stderr)
            self.assertIn("%s:%d: letters.deadline_days: expected a number from 1 to 90" % (config, line_of("deadline_days")),
                          r.stderr)


if __name__ == "__main__":
    unittest.main()
