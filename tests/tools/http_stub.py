#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A scriptable HTTP server for the tests, on 127.0.0.1 only (Python's http.server).

Routes come from a JSON file: a list of
  {"method": "GET", "path": "/v1/invoices", "query": {"starting_after": "in_2"}   (optional),
   "responses": [{"status": 200, "headers": {...}, "body": "..." | {json}, "body_file": "x.json",
                  "delay_ms": 0, "drop": false}, ...]}
A route matches on method and path ("path_prefix" instead: every path that starts with it)
(and, when given, on each listed query parameter); its
responses are used in order, the last one repeating. "drop" closes the connection without an
answer. An unmatched request gets 404 with a JSON error. Each request is appended to the log as
one JSON line: method, path, query (dict of lists), headers (dict), body (text).
When listening, writes its port to PORT_FILE. Stops on SIGTERM."""
import argparse
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--routes", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--port-file", required=True)
    args = p.parse_args()
    base = os.path.dirname(os.path.abspath(args.routes))
    with open(args.routes, encoding="utf-8") as f:
        routes = json.load(f)
    served = [0] * len(routes)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *a):
            pass

        def handle_any(self):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            with lock:
                with open(args.log, "a", encoding="utf-8") as log:
                    log.write(json.dumps({"method": self.command, "path": url.path, "query": query,
                                          "headers": {k.lower(): v for k, v in self.headers.items()},
                                          "body": body}) + "\n")
                index = None
                for i, r in enumerate(routes):
                    if r.get("method", "GET") != self.command:
                        continue
                    if ("path_prefix" in r and not url.path.startswith(r["path_prefix"])) or \
                            ("path" in r and r["path"] != url.path):
                        continue
                    if any(query.get(k, [None])[0] != str(v) for k, v in r.get("query", {}).items()):
                        continue
                    index = i
                    break
                if index is None:
                    resp = {"status": 404, "body": {"error": "no route for " + self.command + " " + url.path}}
                else:
                    answers = routes[index]["responses"]
                    resp = answers[min(served[index], len(answers) - 1)]
                    served[index] += 1
            if resp.get("delay_ms"):
                time.sleep(resp["delay_ms"] / 1000)
            if resp.get("drop"):
                self.close_connection = True
                self.connection.close()
                return
            data = resp.get("body", "")
            if "body_file" in resp:
                with open(os.path.join(base, resp["body_file"]), "rb") as f:
                    payload = f.read()
                ctype = "application/json"
            elif isinstance(data, (dict, list)):
                payload, ctype = json.dumps(data).encode(), "application/json"
            else:
                payload, ctype = str(data).encode(), "text/plain; charset=utf-8"
            self.send_response(resp.get("status", 200))
            headers = {"Content-Type": ctype, **resp.get("headers", {})}
            for k, v in headers.items():
                self.send_header(k, str(v))
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
