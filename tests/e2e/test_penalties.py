# SPDX-License-Identifier: MIT
"""`relance penalties INVOICE [--on DATE]` on the bundled sample, and the penalty figures in the
level 2 reminder. Expected figures are worked out here from the formula of rules.md FR-PEN-07
(amount × rate × days / 365, rounded once half-up), with integer arithmetic:
  F-2026-0101, 1 234,56 € due 2026-10-01, 2026 H2 rate 12.40 % (ECB 2.40 % + 10):
  on 2026-11-26, 56 days: 123456 × 1240 × 56 / 3 650 000 = 2 348.7 cents -> 23,49 €, + 40,00 €.
A user's rate table replaces the built-in one; its rows here are test data, not real rates."""
import os
import unittest

import relance_e2e as e2e

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "factures.csv")
BUILTIN_RATES = os.path.join(os.path.dirname(__file__), "..", "..", "data", "rates.csv")


def cents_of(amount, rate_bps, days):
    """Simple interest in cents, rounded half-up (rules.md §0)."""
    return (2 * amount * rate_bps * days + 3_650_000) // (2 * 3_650_000)


class PenaltiesCommandTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = e2e.Folder().__enter__()
        assert e2e.run("init", cls.folder.join("demo")).returncode == 0
        cls.config = cls.folder.join("demo", "relance.toml")
        for day in ("2026-11-05", "2026-11-12"):
            r = e2e.run("run", "--config", cls.config, "--source", SAMPLE, "--date", day, "-q")
            assert r.returncode in (0, 2), r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.folder.__exit__(None, None, None)

    def penalties(self, *args, config=None):
        return e2e.run("penalties", "--config", config or self.config, "--source", SAMPLE, *args)

    def test_prints_the_computation_step_by_step(self):
        r = self.penalties("F-2026-0101", "--on", "2026-11-26")

        self.assertEqual(r.returncode, 0, r.stderr)
        interest = cents_of(123456, 1240, 56)
        self.assertEqual(interest, 2349)
        out = r.stdout
        self.assertIn("2026-10-02  2026-11-26    56", out)
        self.assertIn("12,40\u202f%", out)
        self.assertIn("ECB MRO rate 2,40\u202f% (since 2026-06-17) + 10,00 points", out)
        self.assertIn(f"1\u202f234,56\u00a0€ × 12,40\u202f% × 56 / 365 = {e2e.french_amount(interest)}",
                      out)
        self.assertIn(e2e.french_amount(4000), out)
        self.assertIn(e2e.french_amount(interest + 4000), out)
        self.assertIn(e2e.french_amount(123456 + interest + 4000), out)
        self.assertIn("Rate table: built-in, last entry 2026-09-16", out)

    def test_level2_reminder_mentions_the_figures_of_its_day(self):
        # Level 2 of F-2026-0101 went out on 2026-11-12, 42 days late.
        msg = e2e.read_eml(self.folder.join("demo", "outbox", "csv_F-2026-0101_L2.eml"))
        interest = cents_of(123456, 1240, 42)

        text = e2e.text_of(msg)

        self.assertIn(f"les pénalités de retard s’élèvent à {e2e.french_amount(interest)}", text)
        self.assertIn(f"soit un total exigible de {e2e.french_amount(123456 + interest + 4000)}",
                      text)

    def test_unknown_invoice_and_unknown_rates_are_errors(self):
        unknown = self.penalties("F-0000")
        too_late = self.penalties("F-2026-0101", "--on", "2027-01-05")

        self.assertEqual(unknown.returncode, 1)
        self.assertIn("no open invoice 'F-0000'", unknown.stderr)
        self.assertEqual(too_late.returncode, 1)
        self.assertIn("2027-01-01", too_late.stderr)

    def test_consumer_debt_needs_the_half_year_legal_rate(self):
        # F-2026-0139, 189,00 € to a consumer; formal notice sent 2026-11-20. The built-in table
        # has no 2026 H2 legal rate (rules.md §5.2), so it refuses; a user's table with one
        # (2.51 % here, test data) prices 6 days: 18900 × 251 × 6 / 3 650 000 -> 0,08 €.
        refused = self.penalties("F-2026-0139", "--on", "2026-11-26", "--notice", "2026-11-20")
        rates = self.folder.join("demo", "rates-updated.csv")
        with open(BUILTIN_RATES, encoding="utf-8") as src, open(rates, "w", encoding="utf-8") as dst:
            dst.write(src.read())
            dst.write("fr_interet_legal_autres_cas,2026-07-01,2.51,test data\n")
            dst.write("ecb_mro,2026-12-17,2.90,test data\n")
        config = self.folder.join("demo", "relance-updated.toml")
        with open(self.config, encoding="utf-8") as src, open(config, "w", encoding="utf-8") as dst:
            dst.write(src.read().replace('rate_table = ""', 'rate_table = "rates-updated.csv"', 1))

        priced = self.penalties("F-2026-0139", "--on", "2026-11-26", "--notice", "2026-11-20",
                                config=config)

        self.assertEqual(refused.returncode, 1)
        self.assertIn("2026 H2", refused.stderr)
        self.assertEqual(priced.returncode, 0, priced.stderr)
        self.assertEqual(cents_of(18900, 251, 6), 8)
        self.assertIn(e2e.french_amount(8), priced.stdout)
        self.assertIn("no 40 € indemnity", priced.stdout)
        self.assertIn(f"Rate table: {os.path.join(self.folder.join('demo'), 'rates-updated.csv')}, "
                      "last entry 2026-12-17", priced.stdout)

    def test_config_mistakes_are_listed_with_their_line(self):
        config = self.folder.join("demo", "relance-bad.toml")
        with open(self.config, encoding="utf-8") as src:
            text = src.read()
        text = text.replace('jurisdiction = "FR"', 'jurisdiction = "XX"', 1)
        text = text.replace('rate = "statutory"', 'rate = "7,5"', 1)
        text = text.replace('day_count = "365"', 'day_count = "360"', 1)
        with open(config, "w", encoding="utf-8") as dst:
            dst.write(text)
        lines = text.splitlines()

        r = e2e.run("plan", "--config", config, "--source", SAMPLE)

        self.assertEqual(r.returncode, 1)
        for key, value in (("jurisdiction", '"XX"'), ("rate", '"7,5"'), ("day_count", '"360"')):
            line = next(i + 1 for i, l in enumerate(lines) if l.startswith(f"{key} = {value}"))
            self.assertIn(f"relance-bad.toml:{line}: penalties.{key}:", r.stderr)


if __name__ == "__main__":
    unittest.main()
