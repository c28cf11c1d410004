# SPDX-License-Identifier: MIT
"""Crash test of SMTP delivery with the real binary and a real SMTP server (aiosmtpd on
127.0.0.1): a pass of 600 reminders is killed with SIGKILL at several random moments, then run
again until it completes. Every (invoice, level) must have been received at most once, every
reminder recorded as sent must have been received, and every one not received must be listed
by `relance outbox --json` as uncertain or failed: none silently lost.

The random moments come from a seed printed at the start (RELANCE_CRASH_SEED replays one)."""
import json
import os
import random
import signal
import subprocess
import sys
import time
import unittest
import email
import email.policy

import relance_e2e as e2e

SINK = os.path.join(os.path.dirname(__file__), "..", "tools", "smtp_sink.py")
N = 600
HEADER = ("invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total;"
          "paid;status;tags;payment_link\n")


class SmtpCrashTest(unittest.TestCase):
    def test_kill_nine_mid_pass_never_sends_twice_nor_loses(self):
        seed = int(os.environ.get("RELANCE_CRASH_SEED", str(int(time.time()))))
        print(f"crash test seed: {seed}", file=sys.stderr)
        rnd = random.Random(seed)
        with e2e.Folder() as folder:
            with open(folder.join("factures.csv"), "w", encoding="utf-8") as f:
                f.write(HEADER)
                for i in range(1, N + 1):
                    f.write(f"F-{i:04d};C-{i:04d};Client {i};c{i:04d}@client.example;2026-03-01;"
                            f"2026-03-31;100,00;0;open;;\n")
            port_file = folder.join("sink.port")
            sink = subprocess.Popen(["/usr/bin/python3", SINK, "--dir", folder.join("received"),
                                     "--port-file", port_file])
            try:
                for _ in range(200):
                    if os.path.exists(port_file):
                        break
                    time.sleep(0.05)
                port = int(open(port_file).read())
                config = folder.join("relance.toml")
                with open(config, "w", encoding="utf-8") as f:
                    f.write('[company]\nname = "Atelier"\nemail = "relances@atelier.example"\n'
                            '[store]\npath = "relance.db"\n'
                            '[delivery]\nchannel = "smtp"\n'
                            f'[delivery.smtp]\nhost = "127.0.0.1"\nport = {port}\n'
                            'security = "none"\nattempts = 2\nbackoff_ms = 10\n'
                            '[[sources]]\nname = "csv"\ntype = "csv"\npath = "factures.csv"\n')
                args = [e2e.binary(), "run", "--config", config, "--date", "2026-04-08", "-q"]
                env = dict(os.environ, TZ="Pacific/Chatham")
                kills = 0
                for _ in range(6):
                    p = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
                    time.sleep(rnd.uniform(0.02, 0.5))
                    if p.poll() is None:
                        p.send_signal(signal.SIGKILL)
                        kills += 1
                    p.wait()
                for _ in range(5):  # then let it finish
                    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
                    self.assertIn(done.returncode, (0, 2), done.stderr)
                    if "Reminders sent: 0" in done.stdout:
                        break
                self.assertGreater(kills, 0, "no run was killed mid-pass (the machine is too fast?)")
                outbox = json.loads(e2e.run("outbox", "--config", config, "--all", "--json").stdout)
            finally:
                sink.send_signal(signal.SIGTERM)
                sink.wait()

            received = {}
            received_dir = folder.join("received")
            for name in sorted(os.listdir(received_dir)):
                if not name.endswith(".eml"):
                    continue
                with open(os.path.join(received_dir, name), "rb") as f:
                    msg = email.message_from_bytes(f.read(), policy=email.policy.default)
                mid = str(msg["message-id"])
                received[mid] = received.get(mid, 0) + 1
            duplicates = {m: n for m, n in received.items() if n > 1}
            self.assertEqual(duplicates, {}, "messages received more than once")

            self.assertEqual(len(outbox), N)  # one row per invoice at level 1
            by_state = {}
            for row in outbox:
                self.assertEqual(row["level"], 1)
                by_state.setdefault(row["state"], []).append(row)
                got = row["message_id"] in received
                if row["state"] == "sent":
                    self.assertTrue(got, f"{row['invoice']} recorded as sent but never received")
                elif not got:
                    self.assertIn(row["state"], ("uncertain", "failed"), row)
            self.assertEqual(len(received), sum(1 for r in outbox if r["message_id"] in received))
            self.assertLessEqual(len(by_state.get("uncertain", [])), kills)
            print(f"kills={kills} received={len(received)} states="
                  f"{ {k: len(v) for k, v in by_state.items()} }", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
