// SPDX-License-Identifier: MIT
// Builds the RFC 5322 bytes of one reminder with GMime 3: UTF-8 text and HTML parts in a
// multipart/alternative, quoted-printable (so the file is 7-bit clean and no line exceeds 76
// characters), RFC 2047 encoded Subject and display names, CRLF line ends everywhere, a Date
// in UTC ("+0000") and the Message-ID exactly as given. The same message always gives the same
// bytes (the MIME boundary is derived from the content, never random), which is what makes the
// file outbox idempotent. With attachments (the formal-notice PDF) the body goes first in a
// multipart/mixed, then each file in base64 with its name (RFC 2231 for non-ASCII names).
// Used by the file outbox, the SMTP channel and the benchmarks.
//
// Must not: read the clock, the host's time zone or locale, or touch the file system.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ports/channel.h"

namespace relance {

/// What to do with OutgoingMessage::bcc in the bytes.
enum class BccMode {
    /// Not written at all: right for SMTP, where Bcc recipients go only in the envelope
    /// (RCPT TO), never in the message every recipient receives.
    Omit,
    /// Written as "X-Relance-Bcc: a@x.example, b@y.example" for a file outbox: the pickup
    /// that sends the file reads it as an envelope recipient list. It is deliberately not a
    /// "Bcc:" header, which a transport that sends the file as it is would leak to everyone.
    XRelanceHeader,
};

/// Checks what compose_eml cannot repair: a Message-ID "<left@right>" made of RFC 5322
/// dot-atoms; From, To, Cc, Bcc and Reply-To addr-specs in printable ASCII (one "@", no spaces,
/// no <>()[],;:"\); at least one To; a non-empty subject and text. InvalidInput names the field.
[[nodiscard]] Status validate_message(const OutgoingMessage& message);

/// The message as .eml bytes (CRLF line ends, 7-bit). Display names and the subject lose their
/// CR, LF and other control characters (each becomes a space), so no value can start a new
/// header; addresses and the Message-ID lose every character not allowed in them. Call
/// validate_message first to refuse such input instead of repairing it.
[[nodiscard]] std::string compose_eml(const OutgoingMessage& message, BccMode bcc = BccMode::Omit);

/// A deterministic, RFC 5322 valid Message-ID for one reminder:
///   "<relance.<source>.<invoice_number>.l<level>.<channel>@<domain>>".
/// Parts made only of letters, digits, '-' and '_' are used as they are (so the id is readable
/// and distinct inputs give distinct ids: the dots always separate exactly these five atoms).
/// When a part holds anything else ("F/2026 42", "Facture n°7", a dot) every such character
/// becomes '-' (readable parts are cut to 64 bytes), and a sixth atom, 16 hex digits of the
/// FNV-1a 64-bit hash of the exact inputs, keeps the ids of different reminders different.
/// An invalid or empty domain is replaced by "relance.invalid".
[[nodiscard]] std::string make_message_id(std::string_view source, std::string_view invoice_number,
                                          int level, std::string_view channel,
                                          std::string_view domain);

/// "Mon, 16 Mar 2026 09:00:00 +0000": the RFC 5322 date of an instant, always in UTC.
[[nodiscard]] std::string format_rfc5322_date(std::chrono::sys_seconds when);

}  // namespace relance
