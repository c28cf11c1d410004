#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A real SMTP server for the tests (Debian's python3-aiosmtpd), listening on 127.0.0.1 only.

Each accepted message is written whole (temp file + rename) to DIR as NNNNNN.eml, with the
envelope in NNNNNN.env (MAIL FROM on the first line, one RCPT TO per line after it). Faults to
play, counted over the server's life (all connections):
  --tempfail-data N    answer "451 4.3.0 try again later" to the first N messages' data
  --reject ADDR        answer "550 5.1.1 no such mailbox" to RCPT TO:<ADDR> (repeatable)
  --drop-at-data K     for the K-th message (1-based): read the whole data, then close the
                       connection without answering and without keeping the message
  --auth USER:PASS     require AUTH (PLAIN or LOGIN, allowed without TLS on loopback)
  --delay-ms MS        wait this long before answering each message's data
When listening, writes its port to PORT_FILE (atomically). Stops on SIGTERM or SIGINT."""
import argparse
import asyncio
import os
import signal

from aiosmtpd.smtp import SMTP, AuthResult


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0       # messages whose data was received (any outcome)
        self.stored = 0
        self.rejected = {a.lower() for a in args.reject}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return "550 5.1.1 <%s>: no such mailbox" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        if self.args.delay_ms:
            await asyncio.sleep(self.args.delay_ms / 1000)
        if n <= self.args.tempfail_data:
            return "451 4.3.0 try again later"
        if n == self.args.drop_at_data:
            server.transport.abort()
            return "250 OK"  # never reaches the client: the connection is gone
        self.stored += 1
        stem = os.path.join(self.args.dir, "%06d" % self.stored)
        for ext, data in ((".eml", envelope.original_content),
                          (".env", ("\n".join([envelope.mail_from] + envelope.rcpt_tos) + "\n").encode())):
            tmp = stem + ext + ".tmp"
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, stem + ext)
        return "250 2.0.0 queued as %06d" % self.stored


def authenticator(user_pass):
    user, _, password = user_pass.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)

    return check


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--tempfail-data", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--drop-at-data", type=int, default=0)
    p.add_argument("--auth", default="")
    p.add_argument("--delay-ms", type=int, default=0)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args)
    kwargs = dict(decode_data=False, enable_SMTPUTF8=True, data_size_limit=10 * 1024 * 1024)
    if args.auth:
        kwargs.update(auth_required=True, auth_require_tls=False,
                      authenticator=authenticator(args.auth))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="sink.test", **kwargs),
                                      host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.replace(args.port_file + ".tmp", args.port_file)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
