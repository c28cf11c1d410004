# SPDX-License-Identifier: MIT
"""Helpers for the workers' black-box tests (test_workers.py): a database of its own on the
PostgreSQL test server, per-tenant CSV sources from relance-gen, the real SMTP sink, and an
independent model of which invoices get a first reminder on a fresh store (written from the
README's rules, not from the planner's code)."""
import csv
import datetime
import email.parser
import os
import random
import re
import subprocess
import time
import zoneinfo

import relance_e2e as e2e

SINK = os.path.join(os.path.dirname(__file__), "..", "tools", "smtp_sink.py")
# Zones far apart, so that at one instant the tenants are on two different local dates.
ZONES = ["Europe/Paris", "Pacific/Auckland", "America/Los_Angeles", "Asia/Tokyo",
         "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]
LEVEL1_DAYS = 7
HOLD_TAGS = {"negotiation", "négociation", "pause"}
MESSAGE_ID = re.compile(r"^<relance\.[0-9a-f]{16}\.(.+)\.l(\d+)@(.+)>$")


def skip_reason():
    """Why the PostgreSQL tests cannot run here ("" when they can)."""
    url = os.environ.get("RELANCE_TEST_PG", "")
    if not url:
        return "RELANCE_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server and sets it)"
    p = subprocess.run(["psql", url, "-Atc", "SELECT 1"], capture_output=True, text=True)
    if p.returncode != 0:
        return "the PostgreSQL server of RELANCE_TEST_PG cannot be reached: " + p.stderr.strip()
    return ""


class Database:
    """A database of its own on the test server, dropped on exit."""

    def __enter__(self):
        self.server = os.environ["RELANCE_TEST_PG"]
        self.name = f"relance_e2e_{os.getpid()}_{random.randrange(10**6)}"
        subprocess.run(["psql", self.server, "-qc", f"CREATE DATABASE {self.name}"], check=True)
        base = self.server.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"
        return self

    def __exit__(self, *exc):
        subprocess.run(["psql", self.server, "-qc", f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"],
                       capture_output=True)


def gen_binary():
    path = os.environ.get("RELANCE_GEN", "")
    if not path or not os.path.exists(path):
        raise RuntimeError("RELANCE_GEN must name the relance-gen binary (CTest sets it)")
    return path


def tenant_id(i):
    return f"t{i:02d}"


def local_date(zone, instant):
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).date()


def generate(folder, tenants, total, instant, due_share_days=11):
    """Writes one CSV per tenant (relance-gen, seed = 1000 + i) into folder; returns
    {tenant: (csv path, zone, local date)}. The generator spreads due dates over the 90 days up
    to its reference date; putting the reference date 83 - due_share_days days after the
    tenant's local date makes about due_share_days/90 of the invoices 7+ days late today."""
    out = {}
    per = total // tenants
    for i in range(tenants):
        t = tenant_id(i)
        zone = ZONES[i % len(ZONES)]
        day = local_date(zone, instant)
        reference = day + datetime.timedelta(days=83 - due_share_days)
        path = os.path.join(folder, f"factures_{t}.csv")
        with open(path, "wb") as f:
            subprocess.run([gen_binary(), str(per), str(1000 + i), reference.isoformat()], stdout=f, check=True)
        out[t] = (path, zone, day)
    return out


def write_tenant(tenants_dir, t, csv_path, zone, smtp_port):
    os.makedirs(os.path.join(tenants_dir, t), exist_ok=True)
    with open(os.path.join(tenants_dir, t, "relance.toml"), "w", encoding="utf-8") as f:
        f.write(f'[company]\nname = "Société {t}"\nemail = "relances@{t}.example"\n'
                f'timezone = "{zone}"\n'
                '[delivery]\nchannel = "smtp"\n'
                f'[delivery.smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\n'
                'security = "none"\nattempts = 2\nbackoff_ms = 10\n'
                f'[[sources]]\nname = "csv"\ntype = "csv"\npath = "{csv_path}"\n')


def cents(text):
    """'1 234,56' -> 123456 (the exponent is the same for a row's total and paid)."""
    return int(text.replace(" ", "").replace(",", "") or "0")


def expected_first_reminders(csv_path, day):
    """Invoice numbers that get a level-1 reminder on `day` from a fresh store: open (not paid,
    not disputed), something left to pay, an e-mail address, no pausing tag, 7+ days late."""
    due = set()
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter=";", quotechar='"')
        header = next(rows)
        col = {h: i for i, h in enumerate(header)}
        for row in rows:
            if row[col["statut"]] != "ouverte":
                continue
            if cents(row[col["montant_ttc"]]) - cents(row[col["montant_regle"]]) <= 0:
                continue
            if not row[col["email_client"]].strip():
                continue
            if HOLD_TAGS & {t.strip() for t in re.split("[,;]", row[col["tags"]])}:
                continue
            d = datetime.datetime.strptime(row[col["date_echeance"]], "%d/%m/%Y").date()
            if (day - d).days >= LEVEL1_DAYS:
                due.add(row[col["numero_facture"]])
    return due


class Sink:
    """The real SMTP server (tests/tools/smtp_sink.py) writing what it accepts to a folder."""

    def __init__(self, folder, delay_ms=0):
        self.dir = os.path.join(folder, "received")
        port_file = os.path.join(folder, "sink.port")
        self.proc = subprocess.Popen(["/usr/bin/python3", SINK, "--dir", self.dir, "--port-file", port_file,
                                      "--delay-ms", str(delay_ms)])
        for _ in range(400):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        self.port = int(read(port_file))

    def count(self):
        try:
            return sum(1 for n in os.listdir(self.dir) if n.endswith(".eml"))
        except FileNotFoundError:
            return 0

    def message_ids(self):
        """{(tenant, invoice, level): times received}, from each message's Message-ID."""
        seen = {}
        parser = email.parser.BytesHeaderParser()
        for name in os.listdir(self.dir):
            if not name.endswith(".eml"):
                continue
            with open(os.path.join(self.dir, name), "rb") as f:
                mid = str(parser.parse(f)["message-id"]).strip()
            m = MESSAGE_ID.match(mid)
            key = (m.group(3).split(".")[0], m.group(1), int(m.group(2))) if m else ("?", mid, 0)
            seen[key] = seen.get(key, 0) + 1
        return seen

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def start_worker(tenants_dir, url, name, now, lease, log_path):
    """A `relance run --worker` process, its output (stdout and stderr) in log_path."""
    env = dict(os.environ, TZ="Pacific/Chatham")
    with open(log_path, "w") as log:
        return subprocess.Popen([e2e.binary(), "run", "--worker", "--tenants", tenants_dir, "--store", url,
                                 "--worker-name", name, "--now", now, "--lease", str(lease)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()
