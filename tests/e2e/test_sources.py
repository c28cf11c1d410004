# SPDX-License-Identifier: MIT
"""The invoicing-tool sources from the command line, against tests/tools/http_stub.py on
127.0.0.1 serving Stripe's recorded payloads: `relance sources test` shows what a source sees
(counts, amounts due, the oldest due date) and writes nothing; `relance sync` stores the invoices
without planning or sending; the API key comes from a 0600 file or the environment and is never
printed; an unknown `type` lists the tools; a source that cannot be read is exit 2."""
import json
import os
import subprocess
import sys
import time
import unittest

import relance_e2e as e2e

HERE = os.path.dirname(os.path.abspath(__file__))
STUB = os.path.join(HERE, "..", "tools", "http_stub.py")
FIXTURES = os.path.join(HERE, "..", "fixtures", "stripe")
KEY = "sk_test_e2eSecretKey42"


class Stub:
    """http_stub.py with `routes`, in `folder`."""

    def __init__(self, folder, routes):
        self.folder = folder
        with open(folder.join("routes.json"), "w", encoding="utf-8") as f:
            json.dump(routes, f)
        self.port_file = folder.join("http.port")
        self.log = folder.join("http.log")
        self.proc = subprocess.Popen([sys.executable, STUB, "--routes", folder.join("routes.json"),
                                      "--log", self.log, "--port-file", self.port_file])
        for _ in range(200):
            if os.path.exists(self.port_file):
                break
            time.sleep(0.02)
        with open(self.port_file, encoding="utf-8") as f:
            self.url = "http://127.0.0.1:" + f.read().strip()

    def requests(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def page(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


ROUTES = [
    {"path": "/v1/invoices", "query": {"starting_after": "in_1Test000000000000000002"},
     "responses": [{"status": 200, "body": page("open_page2.json")}]},
    {"path": "/v1/invoices", "responses": [{"status": 200, "body": page("open_page1.json")}]},
]


class SourcesTest(unittest.TestCase):
    def setUp(self):
        self.folder = e2e.Folder().__enter__()
        self.stub = Stub(self.folder, ROUTES)

    def tearDown(self):
        self.stub.stop()
        self.folder.__exit__(None, None, None)

    def config(self, key_lines, extra=""):
        path = self.folder.join("relance.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[company]\nname = "Atelier"\nemail = "relances@atelier.example"\n'
                    '[store]\npath = "r.db"\n'
                    f'[[sources]]\nname = "stripe"\ntype = "stripe"\nbase_url = "{self.stub.url}"\n'
                    + key_lines + extra)
        return path

    def key_file(self, mode=0o600):
        path = self.folder.join("stripe.key")
        with open(path, "w", encoding="utf-8") as f:
            f.write(KEY + "\n")
        os.chmod(path, mode)
        return path

    def test_sources_test_shows_what_the_source_sees_and_writes_nothing(self):
        cfg = self.config(f'api_key_file = "{self.key_file()}"\n')

        p = e2e.run("sources", "test", "--config", cfg)

        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("source stripe (Stripe): OK", p.stdout)
        self.assertIn("4 invoices (4 open)", p.stdout)
        self.assertIn("oldest due date 2026-03-15 (F-2026-0103)", p.stdout)
        self.assertFalse(os.path.exists(self.folder.join("r.db")))
        got = self.stub.requests()
        self.assertEqual(len(got), 2)
        self.assertEqual(got[0]["headers"]["authorization"], "Bearer " + KEY)
        self.assertNotIn(KEY, p.stdout + p.stderr)

    def test_sync_stores_the_invoices_and_plans_nothing(self):
        cfg = self.config('api_key_env = "RELANCE_E2E_STRIPE_KEY"\n')
        os.environ["RELANCE_E2E_STRIPE_KEY"] = KEY
        try:
            p = e2e.run("sync", "--config", cfg, "--date", "2026-04-08")
        finally:
            del os.environ["RELANCE_E2E_STRIPE_KEY"]

        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("source stripe: 4 new", p.stdout)
        self.assertIn("nothing planned, nothing sent", p.stdout)
        self.assertFalse(os.path.exists(self.folder.join("outbox")))

    def test_a_key_file_others_can_read_is_refused_and_never_printed(self):
        cfg = self.config(f'api_key_file = "{self.key_file(0o644)}"\n')

        p = e2e.run("sources", "test", "--config", cfg)

        self.assertEqual(p.returncode, 1)
        self.assertIn("chmod 600", p.stderr)
        self.assertNotIn(KEY, p.stdout + p.stderr)
        self.assertEqual(self.stub.requests(), [])

    def test_a_missing_key_names_the_environment_variable(self):
        cfg = self.config("")

        p = e2e.run("sources", "test", "--config", cfg)

        self.assertEqual(p.returncode, 1)
        self.assertIn("RELANCE_STRIPE_API_KEY", p.stderr)

    def test_an_unknown_type_lists_the_tools_and_a_tool_key_is_checked(self):
        path = self.folder.join("bad.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[[sources]]\nname = "x"\ntype = "stripee"\n'
                    '[[sources]]\nname = "q"\ntype = "quickbooks"\nclient_id = "abc"\n')

        p = e2e.run("sources", "test", "--config", path)

        self.assertEqual(p.returncode, 1)
        self.assertIn("sources[0].type: expected \"csv\", \"stripe\"", p.stderr)
        self.assertIn("sources[1].realm_id: missing", p.stderr)
        self.assertIn("sources[1].refresh_token_file: missing", p.stderr)

    def test_an_unreachable_source_is_exit_2(self):
        self.stub.stop()
        cfg = self.config(f'api_key_file = "{self.key_file()}"\nbudget_seconds = 5\n')

        p = e2e.run("sources", "test", "--config", cfg)
        self.stub = Stub(self.folder, ROUTES)  # for tearDown

        self.assertEqual(p.returncode, 2)
        self.assertIn("FAILED", p.stdout)
        self.assertNotIn(KEY, p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
