# SPDX-License-Identifier: MIT
"""The command line as a newcomer meets it: `relance init` writes a config that loads as it is,
config mistakes are reported all at once with the file, line and key and what is expected, exit
codes follow the README (0 ok, 1 usage or config, 2 done but look, 3 could not run), and the
SMTP password rules hold (environment or a 0600 file; never printed)."""
import json
import os
import unittest

import relance_e2e as e2e

ROWS = ("invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total;paid;"
        "status\nF-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open\n")


class CliTest(unittest.TestCase):
    def setUp(self):
        self.folder = e2e.Folder().__enter__()

    def tearDown(self):
        self.folder.__exit__(None, None, None)

    def write(self, name, text, mode=None):
        path = self.folder.join(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        if mode is not None:
            os.chmod(path, mode)
        return path

    def test_help_teaches_and_every_command_has_help(self):
        top = e2e.run("--help")
        self.assertEqual(top.returncode, 0)
        for word in ("init", "run", "plan", "pause", "hold", "outbox", "Exit codes"):
            self.assertIn(word, top.stdout)
        for cmd in ("init", "run", "plan", "pause", "resume", "hold", "unhold", "holds", "history",
                    "outbox"):
            p = e2e.run(cmd, "--help")
            self.assertEqual(p.returncode, 0, cmd)
            self.assertIn("Usage", p.stdout, cmd)

    def test_init_writes_a_config_that_loads_and_runs(self):
        p = e2e.run("init", self.folder.join("co"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.write("co/factures.csv", ROWS)
        run = e2e.run("run", "--config", self.folder.join("co", "relance.toml"), "--date",
                      "2026-04-08", "--json")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(json.loads(run.stdout)["messages_sent"], 1)
        self.assertTrue(os.path.isdir(self.folder.join("co", "templates", "fr")))
        again = e2e.run("init", self.folder.join("co"))
        self.assertNotEqual(again.returncode, 0)  # never overwrites without --force

    def test_config_mistakes_are_all_listed_with_line_and_key(self):
        cfg = self.write("bad.toml", '[company]\nname = "X"\nemial = "a@b.example"\n'
                         'timezone = "Europe/Pariss"\n[policy]\nmin_gap_days = -3\n'
                         '[delivery]\nchannel = "pigeon"\n')
        p = e2e.run("run", "--config", cfg, "--source", self.write("f.csv", ROWS))
        self.assertEqual(p.returncode, 1)
        err = p.stderr
        self.assertIn(f"{cfg}:3: company.emial: unknown key", err)
        self.assertIn(f"{cfg}:4: company.timezone: unknown time zone 'Europe/Pariss'", err)
        self.assertIn(f"{cfg}:6: policy.min_gap_days: expected a number from 0", err)
        self.assertIn(f"{cfg}:8: delivery.channel: expected \"outbox\"", err)
        self.assertIn("4 problem(s)", err)

    def test_smtp_without_a_host_is_a_config_error(self):
        cfg = self.write("smtp.toml", '[delivery]\nchannel = "smtp"\n')
        p = e2e.run("run", "--config", cfg, "--source", self.write("f.csv", ROWS))
        self.assertEqual(p.returncode, 1)
        self.assertIn("delivery.smtp.host: missing", p.stderr)

    def test_password_file_readable_by_others_is_refused_and_never_printed(self):
        secret = "Tr3s-s3cret-pw"
        pw = self.write("smtp.pass", secret + "\n", mode=0o644)
        cfg = self.write("smtp.toml", '[store]\npath = "r.db"\n[delivery]\nchannel = "smtp"\n'
                         '[delivery.smtp]\nhost = "smtp.example.fr"\nusername = "me@example.fr"\n'
                         f'password_file = "{pw}"\n')
        p = e2e.run("run", "--config", cfg, "--source", self.write("f.csv", ROWS), "--date",
                    "2026-04-08")
        self.assertEqual(p.returncode, 1)
        self.assertIn("chmod 600", p.stderr)
        self.assertNotIn(secret, p.stderr + p.stdout)

    def test_missing_password_names_the_environment_variable(self):
        cfg = self.write("smtp.toml", '[store]\npath = "r.db"\n[delivery]\nchannel = "smtp"\n'
                         '[delivery.smtp]\nhost = "smtp.example.fr"\nusername = "me@example.fr"\n'
                         'password_env = "RELANCE_TEST_NO_SUCH_VAR"\n')
        p = e2e.run("run", "--config", cfg, "--source", self.write("f.csv", ROWS))
        self.assertEqual(p.returncode, 1)
        self.assertIn("RELANCE_TEST_NO_SUCH_VAR", p.stderr)

    def test_plain_smtp_to_a_remote_host_is_refused(self):
        cfg = self.write("smtp.toml", '[delivery]\nchannel = "smtp"\n[delivery.smtp]\n'
                         'host = "smtp.example.fr"\nsecurity = "none"\n')
        p = e2e.run("run", "--config", cfg, "--source", self.write("f.csv", ROWS))
        self.assertEqual(p.returncode, 1)
        self.assertIn("plain SMTP", p.stderr)

    def test_a_missing_export_is_exit_2_and_changes_nothing(self):
        os.chdir(self.folder.path)
        p = e2e.run("run", "--source", self.folder.join("nope.csv"), "--date", "2026-04-08",
                    cwd=self.folder.path)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("NOT READ", p.stdout)

    def test_an_emptied_export_marks_nothing_paid_until_accepted(self):
        header = ROWS.splitlines()[0] + "\n"
        two = ROWS + "F-2;C-2;Bois Clair;compta@bois.example;2026-03-01;2026-03-31;400,00;0;open\n"
        self.write("f.csv", two)
        first = e2e.run("run", "--source", "f.csv", "--date", "2026-04-08", cwd=self.folder.path)
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        self.write("f.csv", header)  # emptied by mistake: the header line only
        p = e2e.run("run", "--source", "f.csv", "--date", "2026-04-15", cwd=self.folder.path)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("source csv: NOT READ", p.stdout)
        self.assertIn("its listing holds no invoice while 2 of its invoices are open: taken as not "
                      "read, nothing was marked paid", p.stdout)
        self.assertIn("--accept-empty", p.stdout)
        self.assertNotIn("2 resolved", p.stdout)
        plan = e2e.run("plan", "--source", "f.csv", "--date", "2026-04-15", "--json",
                       cwd=self.folder.path)
        self.assertEqual(plan.returncode, 2, plan.stdout + plan.stderr)
        doc = json.loads(plan.stdout)
        self.assertEqual(doc["open_invoices"], 2)
        self.assertEqual(sorted(l["invoice"] for l in doc["lines"]), ["F-1", "F-2"])
        ok = e2e.run("run", "--source", "f.csv", "--date", "2026-04-16", "--accept-empty",
                     cwd=self.folder.path)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.assertIn("source csv: 0 new, 0 updated, 0 unchanged, 2 resolved", ok.stdout)
        self.assertIn("of 0 open invoices", ok.stdout)

    def test_an_empty_export_with_nothing_open_is_fine(self):
        self.write("f.csv", ROWS.splitlines()[0] + "\n")
        p = e2e.run("run", "--source", "f.csv", "--date", "2026-04-08", cwd=self.folder.path)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("NOT READ", p.stdout)

    def test_outbox_settle_errors_are_clear(self):
        self.write("f.csv", ROWS)
        run = e2e.run("run", "--source", "f.csv", "--date", "2026-04-08", cwd=self.folder.path)
        self.assertEqual(run.returncode, 0, run.stderr)
        empty = e2e.run("outbox", "--source", "f.csv", cwd=self.folder.path)
        self.assertEqual(empty.returncode, 0)
        self.assertIn("Nothing to settle", empty.stdout)
        rows = json.loads(e2e.run("outbox", "--source", "f.csv", "--all", "--json",
                                  cwd=self.folder.path).stdout)
        self.assertEqual([(r["invoice"], r["level"], r["state"]) for r in rows], [("F-1", 1, "sent")])
        sent = e2e.run("outbox", "--source", "f.csv", "confirm", str(rows[0]["id"]),
                       cwd=self.folder.path)
        self.assertEqual(sent.returncode, 1)
        self.assertIn("is sent: only uncertain, rejected or failed", sent.stderr)
        missing = e2e.run("outbox", "--source", "f.csv", "retry", "4242", cwd=self.folder.path)
        self.assertEqual(missing.returncode, 1)
        self.assertIn("there is no reminder 4242", missing.stderr)


if __name__ == "__main__":
    unittest.main()
