# SPDX-License-Identifier: MIT
"""The tenants' and workers' command line, without a database: flags that belong together,
tenant ids checked, a tenant's broken config named by file:line: key while the others run
(--all-tenants, SQLite stores in each tenant's folder), an unreachable PostgreSQL server named
without its password (exit 3), and --help that says how it all fits."""
import os
import unittest

import relance_e2e as e2e

ROWS = ("invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total;paid;"
        "status\nF-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open\n")


class TenantsCliTest(unittest.TestCase):
    def setUp(self):
        self.folder = e2e.Folder().__enter__()
        self.tenants = self.folder.join("tenants")

    def tearDown(self):
        self.folder.__exit__(None, None, None)

    def tenant(self, tid, config):
        os.makedirs(os.path.join(self.tenants, tid), exist_ok=True)
        with open(os.path.join(self.tenants, tid, "relance.toml"), "w", encoding="utf-8") as f:
            f.write(config)
        with open(os.path.join(self.tenants, tid, "factures.csv"), "w", encoding="utf-8") as f:
            f.write(ROWS)

    def good(self, tid, zone="Europe/Paris"):
        self.tenant(tid, f'[company]\nname = "{tid}"\nemail = "relances@{tid}.example"\ntimezone = "{zone}"\n'
                         '[[sources]]\nname = "csv"\ntype = "csv"\npath = "factures.csv"\n')

    def test_all_tenants_runs_each_on_its_own_date_and_names_a_broken_config(self):
        self.good("acme")
        self.good("kiwi", "Pacific/Auckland")
        self.tenant("broken", '[company]\nname = "x"\n[policy]\nmin_gap_days = -3\n')
        os.makedirs(os.path.join(self.tenants, ".hidden"))

        p = e2e.run("run", "--tenants", self.tenants, "--all-tenants", "--now", "2026-04-08T13:00:00Z", "-q")

        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)  # one tenant could not run
        self.assertIn("broken/relance.toml:4: policy.min_gap_days", p.stderr)
        self.assertIn("relance run — 2026-04-08 (Europe/Paris)", p.stdout)
        self.assertIn("relance run — 2026-04-09 (Pacific/Auckland)", p.stdout)
        self.assertIn("3 tenant(s): 2 ok; broken (config error)", p.stdout)
        self.assertEqual(len(os.listdir(os.path.join(self.tenants, "acme", "outbox"))), 1)
        self.assertEqual(len(os.listdir(os.path.join(self.tenants, "kiwi", "outbox"))), 1)

    def test_one_tenant_and_its_outbox(self):
        self.good("acme")
        run = e2e.run("run", "--tenants", self.tenants, "--tenant", "acme", "--date", "2026-04-08", "-q")
        history = e2e.run("history", "--tenants", self.tenants, "--tenant", "acme")

        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("tenant acme", run.stdout)
        self.assertIn("F-1", history.stdout)

    def test_bad_tenant_ids_and_flags_are_refused_with_what_to_do(self):
        self.good("acme")
        os.makedirs(os.path.join(self.tenants, "Bad-Name"))
        with open(os.path.join(self.tenants, "Bad-Name", "relance.toml"), "w", encoding="utf-8"):
            pass

        bad_id = e2e.run("run", "--tenants", self.tenants, "--tenant", "../acme")
        unknown = e2e.run("run", "--tenants", self.tenants, "--tenant", "nobody")
        no_id = e2e.run("run", "--tenants", self.tenants)
        no_store = e2e.run("run", "--tenants", self.tenants, "--worker", "--store", "")
        both = e2e.run("run", "--tenants", self.tenants, "--worker", "--all-tenants")
        listing = e2e.run("plan", "--tenants", self.tenants, "--all-tenants", "--date", "2026-04-08")

        self.assertEqual(bad_id.returncode, 1)
        self.assertIn("not a valid tenant id", bad_id.stderr)
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("tenant 'nobody' is not in", unknown.stderr)
        self.assertEqual(no_id.returncode, 1)
        self.assertIn("--tenant ID", no_id.stderr)
        self.assertEqual(no_store.returncode, 1)
        self.assertIn("RELANCE_STORE", no_store.stderr)
        self.assertEqual(both.returncode, 1)
        self.assertIn("Bad-Name", listing.stderr)
        self.assertIn("not a valid tenant id", listing.stderr)

    def test_an_unreachable_server_is_named_without_its_password(self):
        self.good("acme")
        url = "postgresql://relance:pw-s3cr3t@127.0.0.1:1/relance"

        worker = e2e.run("run", "--tenants", self.tenants, "--worker", "--store", url)
        status = e2e.run("status", "--workers", "--store", url)

        for p in (worker, status):
            self.assertEqual(p.returncode, 3, p.stderr)
            self.assertIn("cannot reach the PostgreSQL server at 127.0.0.1:1", p.stderr)
            self.assertNotIn("pw-s3cr3t", p.stderr + p.stdout)

    def test_help_explains_tenants_and_workers(self):
        run = e2e.run("run", "--help")
        status = e2e.run("status", "--help")

        self.assertEqual(run.returncode, 0)
        for word in ("--tenants", "--all-tenants", "--worker", "--lease", "--retry-failed",
                     "relance-worker@.service", "SIGTERM", "taken over"):
            self.assertIn(word, run.stdout.replace("take over", "taken over"), word)
        self.assertIn("--workers", status.stdout)


if __name__ == "__main__":
    unittest.main()
