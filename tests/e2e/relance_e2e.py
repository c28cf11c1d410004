# SPDX-License-Identifier: MIT
"""Helpers for the black-box tests: run the real `relance` binary in a temp folder, read the
.eml files it wrote with Python's own `email` package, and an independent model of the level
rules (docs/architecture.md: levels at +7, +15, +30, +45 days after the due date, one level at a
time, at least 7 days between two reminders of one invoice, one message per invoice per day),
written here without looking at the planner's code.

The binary's path comes from the RELANCE_BIN environment variable (set by CTest)."""
import datetime
import email
import email.policy
import os
import shutil
import subprocess
import tempfile

LEVEL_DAYS = [7, 15, 30, 45]
MIN_GAP = 7


def binary():
    path = os.environ.get("RELANCE_BIN", "")
    if not path or not os.path.exists(path):
        raise RuntimeError("RELANCE_BIN must name the relance binary (CTest sets it)")
    return path


class Folder:
    """A scratch folder, removed on exit."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="relance-e2e-")
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)

    def join(self, *parts):
        return os.path.join(self.path, *parts)


def run(*args, cwd=None):
    """Runs relance with a pinned odd TZ (a local-time leak would show); returns the process."""
    env = dict(os.environ, TZ="Pacific/Chatham")
    return subprocess.run([binary(), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def read_eml(path):
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


def text_of(msg):
    return msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(msg):
    return msg.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


def french_amount(cents):
    """1234.56 EUR as French typography writes it: 1 234,56 € (narrow no-break space between
    thousands, no-break space before the sign)."""
    units, rest = divmod(cents, 100)
    digits = f"{units:,}".replace(",", "\u202f")
    return f"{digits},{rest:02d}\u00a0€"


def english_amount(cents):
    units, rest = divmod(cents, 100)
    return f"€{units:,}.{rest:02d}"


def parse_dmy(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def parse_cents(text):
    """'1 234,56' -> 123456 (the sample's French amounts), by digits, never through float."""
    text = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    units, _, dec = text.partition(",")
    return int(units) * 100 + int((dec + "00")[:2])


def expected_reminders(invoices, run_dates):
    """The model: for each run date in order, which (invoice, level) is sent that day.
    `invoices` are dicts with number, due (date or None), dunnable (bool)."""
    state = {inv["number"]: (0, None) for inv in invoices}  # last level, last contact date
    sent = []
    for day in run_dates:
        for inv in invoices:
            if not inv["dunnable"] or inv["due"] is None:
                continue
            last, contact = state[inv["number"]]
            if last == len(LEVEL_DAYS) or contact == day:
                continue
            late = (day - inv["due"]).days
            if late < LEVEL_DAYS[last]:
                continue
            if contact is not None and (day - contact).days < MIN_GAP:
                continue
            state[inv["number"]] = (last + 1, day)
            sent.append((day, inv["number"], last + 1))
    return sent
