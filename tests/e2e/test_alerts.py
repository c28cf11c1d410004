# SPDX-License-Identifier: MIT
"""Internal alerts and follow-up tasks of the real binary on the bundled sample
(samples/factures.csv), as the demo plays it: five weekly passes with Slack and the task webhook
on tests/tools/http_stub.py (127.0.0.1) and the finance manager's e-mails in a file outbox.
What each pass must raise is worked out here, from the CSV read with Python's csv module and the
level model of relance_e2e.py, independently of the C++ rules: the tutorial's four rules, each
raised once and again only when its level rises, one "pass did not run" per weekly gap, and the
follow-up tasks. Then: a re-run sends nothing twice; `relance alerts check` raises a missed pass
26 hours after the last one and not before; tasks are listed and closed; no secret is printed."""
import csv
import datetime
import json
import os
import re
import subprocess
import sys
import time
import unittest

import relance_e2e as e2e

HERE = os.path.dirname(__file__)
SAMPLE = os.path.join(HERE, "..", "..", "samples", "factures.csv")
STUB = os.path.join(HERE, "..", "tools", "http_stub.py")
DAYS = [datetime.date(2026, 11, 5) + datetime.timedelta(weeks=w) for w in range(5)]
HOLD_TAGS = {"negotiation", "négociation", "pause"}
SECRET_PATH = "/services/T0E2E/B0E2E/s3cr3t-e2e-webhook"


def now_of(day, hours=8):
    t = datetime.datetime.combine(day, datetime.time(0)) + datetime.timedelta(hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def sample_rows():
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    by_customer = {}
    for r in rows:
        by_customer.setdefault(r["id_client"], []).append(r)
    out = []
    for r in rows:
        total, paid = e2e.parse_cents(r["montant_ttc"]), e2e.parse_cents(r["montant_regle"])
        tags = {t.strip().lower() for t in r["tags"].split(";") if t.strip()}
        out.append(dict(number=r["numero_facture"], customer=r["id_client"], name=r["nom_client"],
                        due=e2e.parse_dmy(r["date_echeance"]), owed=total - paid,
                        open=r["statut"] == "ouverte" and total > paid,
                        held=r["statut"] == "litige" or bool(tags & HOLD_TAGS), tags=tags,
                        email=r["email_client"], only=len(by_customer[r["id_client"]]) == 1))
    return out


def model():
    """(alerts raised per pass, tasks created per pass): alerts as (kind, subject)."""
    rows = sample_rows()
    dunnable = [dict(number=r["number"], due=r["due"], dunnable=r["open"] and r["email"] != "" and not r["held"])
                for r in rows]
    sent = e2e.expected_reminders(dunnable, DAYS)
    last = {}  # (kind, invoice) -> level when last raised
    tasks_seen = set()
    alerts, tasks = [], []
    for i, day in enumerate(DAYS):
        raised, created = [], []
        level = {n: max([lv for d, m, lv in sent if m == n and d <= day], default=0) for n in (r["number"] for r in rows)}
        for r in rows:
            late = (day - r["due"]).days if r["due"] else 0
            if not r["open"] or r["due"] is None or late <= 0 or r["held"]:
                continue
            lv = level[r["number"]]
            kinds = []
            if r["owed"] > 500000:
                kinds.append("amount")
            if lv >= 3:
                kinds.append("level")
            if "vip" in r["tags"]:
                kinds.append("vip")
            if r["only"]:
                kinds.append("first_invoice")
            for k in kinds:
                key = (k, r["number"])
                if key not in last or (k in ("level", "vip") and lv > last[key]):
                    raised.append((k, "invoice:csv/" + r["number"]))
                    last[key] = lv
            for task_level, kind in ((3, "call"), (4, "letter")):
                if lv == task_level and (kind, r["number"]) not in tasks_seen:
                    tasks_seen.add((kind, r["number"]))
                    created.append((kind, r["number"]))
            # A level is due but there is no address to send it to.
            if r["email"] == "" and lv < len(e2e.LEVEL_DAYS) and late >= e2e.LEVEL_DAYS[lv] and ("find_email", r["customer"]) not in tasks_seen:
                tasks_seen.add(("find_email", r["customer"]))
                created.append(("find_email", r["customer"]))
        if i > 0:  # a week since the last pass: far more than 26 hours
            raised.append(("pass_missed", f"pass:after-run-{i}"))
        alerts.append(sorted(raised))
        tasks.append(sorted(created))
    return alerts, tasks


class AlertsOnTheSampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = e2e.Folder().__enter__()
        f = cls.folder
        routes = [{"method": "POST", "path": SECRET_PATH, "responses": [{"status": 200, "body": "ok"}]},
                  {"method": "POST", "path": "/tasks", "responses": [{"status": 200, "body": {"ok": True}}]}]
        with open(f.join("routes.json"), "w") as out:
            json.dump(routes, out)
        cls.stub = subprocess.Popen([sys.executable, STUB, "--routes", f.join("routes.json"), "--log",
                                     f.join("http.log"), "--port-file", f.join("port")])
        for _ in range(100):
            if os.path.exists(f.join("port")):
                break
            time.sleep(0.05)
        with open(f.join("port")) as p:
            port = p.read().strip()
        os.environ["RELANCE_SLACK_WEBHOOK_URL"] = f"http://127.0.0.1:{port}{SECRET_PATH}"
        os.environ["RELANCE_WEBHOOK_URL"] = f"http://127.0.0.1:{port}/tasks"
        assert e2e.run("init", f.join("demo")).returncode == 0
        cls.config = f.join("demo", "relance.toml")
        with open(cls.config, encoding="utf-8") as cfg:
            text = cfg.read()
        text = re.sub(r'(?m)^channels = \[\] +# where alerts go.*$', 'channels = ["slack", "email"]', text)
        text = re.sub(r'(?m)^to = \[\] +# the finance manager.*$', 'to = ["compta@atelier.example"]', text)
        text = text.replace('[tasks]\nchannels = []', '[tasks]\nchannels = ["webhook"]')
        text = text.replace('# [alerts.webhook]        # a JSON POST to your own service\n# url_env',
                            '[alerts.webhook]\nurl_env')
        with open(cls.config, "w", encoding="utf-8") as cfg:
            cfg.write(text)
        run = lambda *a: e2e.run(*a, "--config", cls.config)
        cls.outputs = []
        cls.passes = []
        for day in DAYS:
            p = run("run", "--source", SAMPLE, "--now", now_of(day), "--json")
            cls.outputs.append(p)
            cls.passes.append(json.loads(p.stdout) if p.stdout.strip().startswith("{") else {})
        cls.slack_after_passes = cls.slack()
        cls.rerun = run("run", "--source", SAMPLE, "--now", now_of(DAYS[-1], 9), "--json")
        cls.slack_after_rerun = cls.slack()
        # The rerun finished at 09:00 on the last day: the hourly check looks from there.
        cls.check_early = run("alerts", "check", "--now", now_of(DAYS[-1], 9 + 25))
        cls.check_late = run("alerts", "check", "--now", now_of(DAYS[-1], 9 + 26))
        cls.check_again = run("alerts", "check", "--now", now_of(DAYS[-1], 9 + 27))
        cls.tasks_open = run("tasks", "--json")
        cls.tasks_text = run("tasks")
        cls.done = run("tasks", "done", "1", "--note", "appelé, paie vendredi")
        cls.done_twice = run("tasks", "done", "1")
        cls.tasks_all = run("tasks", "--all", "--json")
        cls.alerts_list = run("alerts", "--json")
        cls.everything_printed = [cls.rerun, cls.check_early, cls.check_late, cls.check_again, cls.tasks_open,
                                  cls.tasks_text, cls.done, cls.done_twice, cls.tasks_all, cls.alerts_list,
                                  *cls.outputs]

    @classmethod
    def tearDownClass(cls):
        cls.stub.terminate()
        cls.stub.wait()
        cls.folder.__exit__(None, None, None)

    @classmethod
    def requests(cls, path):
        try:
            with open(cls.folder.join("http.log"), encoding="utf-8") as log:
                lines = log.read().splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(json.loads(l)["body"]) for l in lines if json.loads(l)["path"] == path]

    @classmethod
    def slack(cls):
        return cls.requests(SECRET_PATH)

    def test_each_pass_raises_exactly_the_alerts_of_the_model(self):
        expected, _ = model()
        for i, p in enumerate(self.outputs):
            self.assertEqual(p.returncode, 0, p.stderr)
            got = sorted((a["kind"], a["subject"]) for a in self.passes[i]["alerts"]["raised"])
            self.assertEqual(got, expected[i], DAYS[i])
        self.assertTrue(any(("level", "invoice:csv/F-2026-0101") in day for day in expected))

    def test_slack_got_one_block_kit_message_per_alert(self):
        expected, _ = model()
        messages = self.slack_after_passes
        self.assertEqual(len(messages), sum(len(day) for day in expected))
        for m in messages:
            self.assertIsInstance(m["text"], str)
            self.assertLessEqual(len(m["blocks"]), 50)
            self.assertEqual(m["blocks"][0]["type"], "header")
            self.assertLessEqual(len(m["blocks"][0]["text"]["text"]), 150)
        vip = [m for m in messages if "VIP" in m["blocks"][0]["text"]["text"] and "F-2026-0107" in m["text"]]
        self.assertTrue(vip)
        fields = {f["text"] for f in vip[0]["blocks"][2]["fields"]}
        self.assertIn("*Customer*\nStudio Hélène Créations", fields)
        self.assertIn("*Amount due*\n6\u202f850,00\u00a0€", fields)
        self.assertIn("*Due date*\n2026-09-23", fields)
        buttons = vip[0]["blocks"][3]["elements"]
        self.assertEqual(buttons[0]["url"], "https://pay.example/i/F-2026-0107")

    def test_the_finance_manager_got_one_email_per_alert(self):
        expected, _ = model()
        files = sorted(os.listdir(self.folder.join("demo", "internal")))
        self.assertEqual(len(files), sum(len(day) for day in expected) + 1)  # + the check's missed pass
        msg = e2e.read_eml(self.folder.join("demo", "internal", files[0]))
        self.assertEqual(msg["to"].addresses[0].addr_spec, "compta@atelier.example")
        self.assertTrue(str(msg["subject"]).startswith("[relance] "))
        self.assertIn("Amount due:", e2e.text_of(msg))

    def test_a_rerun_sends_nothing_twice(self):
        self.assertEqual(self.rerun.returncode, 0, self.rerun.stderr)
        summary = json.loads(self.rerun.stdout)
        self.assertEqual(summary["alerts"]["raised"], [])
        self.assertEqual(summary["alerts"]["delivered"], 0)
        self.assertEqual(len(self.slack_after_rerun), len(self.slack_after_passes))

    def test_a_missed_pass_is_raised_26_hours_after_the_last_one(self):
        self.assertEqual(self.check_early.returncode, 0, self.check_early.stdout + self.check_early.stderr)
        self.assertEqual(self.check_late.returncode, 2, self.check_late.stdout + self.check_late.stderr)
        self.assertIn("The daily pass did not run: no daily pass finished for 26 hours", self.check_late.stdout)
        self.assertEqual(self.check_again.returncode, 0, self.check_again.stdout)  # raised once
        alerts = json.loads(self.alerts_list.stdout)["alerts"]
        self.assertEqual(alerts[0]["kind"], "pass_missed")
        self.assertEqual(alerts[0]["subject"], "pass:after-run-6")

    def test_follow_up_tasks_are_created_once_listed_and_closed(self):
        _, expected = model()
        flat = sorted(t for day in expected for t in day)
        for i, p in enumerate(self.passes):
            got = sorted(t["kind"] for t in p["alerts"]["tasks"])
            self.assertEqual(got, sorted(k for k, _ in expected[i]), DAYS[i])
        listed = json.loads(self.tasks_open.stdout)
        keys = sorted((t["kind"], t["invoice"] if t["kind"] in ("call", "letter") else t["subject"].split("/")[-1])
                      for t in listed)
        self.assertEqual(keys, flat)
        self.assertEqual(len(self.requests("/tasks")), len(flat))  # each sent once to the task channel
        self.assertIn("relance tasks done ID", self.tasks_text.stdout)
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        self.assertEqual(self.done_twice.returncode, 1)
        self.assertIn("already done", self.done_twice.stderr)
        closed = [t for t in json.loads(self.tasks_all.stdout) if t["done"]]
        self.assertEqual([(t["id"], t["note"]) for t in closed], [(1, "appelé, paie vendredi")])

    def test_no_secret_is_ever_printed_or_stored(self):
        for p in self.everything_printed:
            self.assertNotIn("s3cr3t", p.stdout + p.stderr)
        with open(self.folder.join("demo", "relance.db"), "rb") as db:
            self.assertNotIn(b"s3cr3t", db.read())


class AlertSettingsTest(unittest.TestCase):
    """Mistakes in [alerts] are listed at once with file:line:key; a secret file others can read is
    refused, and the secret is never printed."""

    def config(self, folder, alerts):
        assert e2e.run("init", folder.join("c")).returncode == 0
        path = folder.join("c", "relance.toml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        start = text.index("[alerts]\n")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:start] + alerts)
        self.first_line = text[:start].count("\n") + 1  # the line of [alerts]
        return path

    def test_every_mistake_is_named_with_its_line(self):
        with e2e.Folder() as folder:
            path = self.config(folder, '[alerts]\nchannels = ["slak", "email"]\nlevel = -2\n'
                                       '[[alerts.rules]]\nname = "x"\nwhen = ["colour = red"]\n')
            p = e2e.run("plan", "--config", path, "--source", SAMPLE)
        self.assertEqual(p.returncode, 1)
        line = lambda n: f"relance.toml:{self.first_line + n}: "
        for expected in [line(1) + "alerts.channels: unknown channel 'slak'",
                         line(1) + "alerts.email.to: missing: the finance manager's address",
                         line(2) + "alerts.level: expected a number from 0 to 20",
                         line(5) + "alerts.rules[0].when: 'colour = red': unknown field 'colour'"]:
            self.assertIn(expected, p.stderr)
        self.assertIn("the config has 4 problem(s)", p.stderr)

    def test_a_secret_file_others_can_read_is_refused_and_never_printed(self):
        with e2e.Folder() as folder:
            secret = folder.join("slack.url")
            with open(secret, "w") as f:
                f.write("https://hooks.slack.com/services/T0/B0/s3cr3t-in-a-file\n")
            os.chmod(secret, 0o644)
            path = self.config(folder, f'[alerts]\nchannels = ["slack"]\n[alerts.slack]\nwebhook_url_file = "{secret}"\n')
            refused = e2e.run("run", "--config", path, "--source", SAMPLE, "--now", now_of(DAYS[0]))
            os.chmod(secret, 0o600)
            env_only = e2e.run("alerts", "check", "--config", path, "--now", now_of(DAYS[0]))
        self.assertEqual(refused.returncode, 1)
        self.assertIn("alerts.slack: webhook_url_env / webhook_url_file", refused.stderr)
        self.assertIn("chmod 600", refused.stderr)
        self.assertEqual(env_only.returncode, 0, env_only.stderr)
        for p in (refused, env_only):
            self.assertNotIn("s3cr3t", p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
