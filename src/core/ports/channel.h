// SPDX-License-Identifier: MIT
// Channel: delivers one rendered message (file outbox, SMTP, ...). Holds no dunning logic.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace relance {

struct Address {
    std::string name;   // display name, may hold any UTF-8 (encoded by the channel)
    std::string email;  // addr-spec
};

/// A file sent with a message (the formal-notice letter as a PDF).
struct Attachment {
    std::string filename;      // UTF-8; the channel encodes it (RFC 2231)
    std::string content_type;  // "application/pdf"
    std::string bytes;
};

struct OutgoingMessage {
    std::string message_id;  // deterministic "<...@...>" derived from invoice x level x channel
    Address from;
    std::string reply_to;    // e-mail address or empty
    std::vector<Address> to;
    std::vector<std::string> cc;
    std::vector<std::string> bcc;
    std::string subject;     // UTF-8, one line
    std::string text;        // text/plain body, UTF-8
    std::string html;        // text/html body, UTF-8
    std::chrono::sys_seconds date{};  // Date header
    std::string file_stem;   // a readable, filesystem-safe name for file-based channels
    std::vector<Attachment> attachments;
};

struct DeliveryReceipt {
    std::string detail;  // e.g. the file written, the server's reply
    int attempts = 1;    // > 1 when the channel had to try again (SMTP 4xx, dropped connection)
};

class Channel {
public:
    virtual ~Channel() = default;
    /// Stable id used in config, logs and the outbox table, e.g. "email".
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// True when delivering the same message twice has the effect of delivering it once (a file
    /// named after the Message-ID). A message interrupted mid-delivery on such a channel is
    /// delivered again; on other channels it becomes "uncertain" for a person to settle.
    [[nodiscard]] virtual bool idempotent() const = 0;
    /// Errors: Unavailable (nothing was delivered; worth trying again later), Rejected (refused
    /// for good, e.g. SMTP 5xx: a person must fix the address), Uncertain (the link broke after
    /// the whole message was handed over: it may have been delivered), InvalidInput.
    [[nodiscard]] virtual Result<DeliveryReceipt> deliver(const OutgoingMessage& message) = 0;
};

}  // namespace relance
