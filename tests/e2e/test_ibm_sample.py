# SPDX-License-Identifier: MIT
"""The real IBM accounts-receivable sample (2 466 settled invoices, US dates, no currency, no
e-mail addresses), replayed as of fixed dates: an invoice is unpaid at D when it was issued on or
before D and settled after D. For each date, `relance plan --all --json` (policy allow_skip, so
an invoice's level is the highest one due) must give, per level, exactly the counts worked out
here with Python's csv and datetime modules; disputed invoices are held.

The sample has no licence, so it is not in the repository: RELANCE_IBM_CSV names it (scripts/test.sh
sets it when the shared research folder is next to the checkout); without it the test is skipped
(exit 77, which CTest reports as skipped)."""
import collections
import csv
import datetime
import json
import os
import sys
import unittest

import relance_e2e as e2e

CSV = os.environ.get("RELANCE_IBM_CSV", "")
# Month ends over the sample's span, plus the days with the most overdue invoices at levels 2-3.
DATES = [datetime.date(2012, m, 28) for m in range(2, 13)] + \
        [datetime.date(2013, m, 28) for m in range(1, 13)] + \
        [datetime.date(2012, 3, 19), datetime.date(2012, 3, 24)]


def us_date(text):
    return datetime.datetime.strptime(text, "%m/%d/%Y").date()


def expected_counts(rows, day):
    counts = collections.Counter()
    for r in rows:
        if not (us_date(r["InvoiceDate"]) <= day < us_date(r["SettledDate"])):
            continue
        late = (day - us_date(r["DueDate"])).days
        level = max([i + 1 for i, d in enumerate(e2e.LEVEL_DAYS) if late >= d], default=0)
        if r["Disputed"] == "Yes":
            if level:
                counts["held"] += 1
            continue
        if level:
            counts[level] += 1
    return counts


class IbmSampleTest(unittest.TestCase):
    def test_counts_per_level_at_fixed_dates(self):
        with open(CSV, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 2466)
        total_overdue = 0
        with e2e.Folder() as folder:
            config = folder.join("relance.toml")
            with open(config, "w", encoding="utf-8") as f:
                f.write('[policy]\nallow_skip = true\n[store]\npath = "relance.db"\n'
                        '[[sources]]\nname = "ibm"\ntype = "csv"\n'
                        f'path = "{CSV}"\npreset = "ibm_ar"\n')
            for day in DATES:
                p = e2e.run("plan", "--config", config, "--date", day.isoformat(), "--all",
                            "--json")
                self.assertEqual(p.returncode, 0, p.stderr)
                plan = json.loads(p.stdout)
                self.assertEqual(plan["rejected_rows"], 0)
                got = collections.Counter()
                for line in plan["lines"]:
                    if line["outcome"] in ("send", "no e-mail address"):
                        got[line["level"]] += 1
                    elif line["outcome"] == "on hold" and line["days_late"] >= e2e.LEVEL_DAYS[0]:
                        got["held"] += 1
                want = expected_counts(rows, day)
                self.assertEqual(dict(got), dict(want), day)
                total_overdue += sum(want.values())
        self.assertGreater(total_overdue, 50)  # the dates chosen do exercise the levels


if __name__ == "__main__":
    if not CSV or not os.path.exists(CSV):
        print("skipped: RELANCE_IBM_CSV is not set (the IBM sample is not shipped)")
        sys.exit(77)
    unittest.main()
