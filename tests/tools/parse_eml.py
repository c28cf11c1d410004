#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Parses .eml files with Python's own MIME parser (email, policy.default), independently of
GMime, and prints what a mail client would show, one `key=HEX` line per value (HEX is the
UTF-8 bytes in hex, so any character survives the trip to the C++ test that reads it).

Usage: parse_eml.py FILE.eml [FILE.eml ...]  (with several files, each starts with a `file=` line)
Keys: subject, from_name, from_addr, to_name/to_addr (once per recipient, in order), cc,
reply_to, message_id, date, auto_submitted, x_relance_bcc, has_bcc ("yes"/"no"),
content_type, text, html (bodies with CRLF turned into LF), attachment_name, attachment_type and
attachment_bytes (once per attachment, in order; attachment_bytes is the decoded content itself in
hex, not UTF-8), defects (names, comma-separated; empty when the parser found nothing wrong).
"""
import email
import email.policy
import sys


def emit(key, value):
    sys.stdout.write(key + "=" + value.encode("utf-8").hex() + "\n")


def main():
    files = sys.argv[1:]
    for path in files:
        if len(files) > 1:
            emit("file", path)
        parse(path)


def parse(path):
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    emit("subject", str(msg["subject"]))
    sender = msg["from"].addresses[0]
    emit("from_name", sender.display_name)
    emit("from_addr", sender.addr_spec)
    for a in msg["to"].addresses:
        emit("to_name", a.display_name)
        emit("to_addr", a.addr_spec)
    for a in (msg["cc"].addresses if msg["cc"] else ()):
        emit("cc", a.addr_spec)
    if msg["reply-to"]:
        emit("reply_to", msg["reply-to"].addresses[0].addr_spec)
    emit("message_id", str(msg["message-id"]))
    emit("date", str(msg["date"]))
    emit("auto_submitted", str(msg["auto-submitted"] or ""))
    emit("x_relance_bcc", str(msg["x-relance-bcc"] or ""))
    emit("has_bcc", "yes" if "bcc" in msg else "no")
    emit("content_type", msg.get_content_type())
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    emit("text", text.get_content().replace("\r\n", "\n") if text is not None else "")
    emit("html", html.get_content().replace("\r\n", "\n") if html is not None else "")
    for part in msg.iter_attachments():
        emit("attachment_name", part.get_filename() or "")
        emit("attachment_type", part.get_content_type())
        sys.stdout.write("attachment_bytes=" + part.get_payload(decode=True).hex() + "\n")
    defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
    emit("defects", ",".join(defects))


if __name__ == "__main__":
    main()
