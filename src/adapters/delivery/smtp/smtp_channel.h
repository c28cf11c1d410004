// SPDX-License-Identifier: MIT
// SmtpChannel: the "email" channel that sends each reminder to the company's mail server. The
// bytes are composed by compose_eml (GMime, adapters/delivery/outbox/eml.h); the SMTP dialogue is
// libcurl's (one easy handle, so one connection is reused for many messages).
//
// What the caller gets back decides what happens to the reminder (see Channel::deliver):
//   - 5xx from the server (unknown mailbox, policy refusal): Rejected, kept for a person;
//   - 4xx, refused or dropped connection, timeout before the whole message was handed over:
//     tried again here with backoff (`attempts` in all), then Unavailable, retried next run;
//   - the link broke after the whole message was handed over but before the server's 250:
//     Uncertain. The server may have accepted it, so it is never sent again automatically.
// Security: STARTTLS is required for any host that is not loopback unless `security` says
// otherwise; the password is given by the app (from the environment or a 0600 file) and never
// appears in an error or a log.
//
// Must not: decide anything about reminders, or sleep longer than its rate limit and backoff.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ports/channel.h"

namespace relance {

enum class SmtpSecurity {
    StartTls,  // smtp:// then STARTTLS, required (no silent downgrade)
    Tls,       // smtps:// (implicit TLS, usually port 465)
    None,      // plain SMTP: only for a relay on this machine or a trusted network
};

struct SmtpSettings {
    std::string host = "localhost";
    int port = 587;
    SmtpSecurity security = SmtpSecurity::StartTls;
    std::string username;          // empty: no AUTH
    std::string password;          // the secret itself (the app reads it from env or a file)
    std::string auth_method;       // "", "PLAIN" or "LOGIN" ("" lets the server and curl agree)
    std::string helo_domain;       // EHLO name; empty: curl's default
    std::string ca_file;           // extra CA bundle for a private server's certificate
    std::chrono::seconds connect_timeout{15};
    std::chrono::seconds timeout{60};       // one whole message
    int attempts = 3;                       // per message, for 4xx and connection errors
    std::chrono::milliseconds backoff{2000};  // before the 2nd attempt; doubled each time
    int per_minute = 0;                     // rate limit; 0 = none
};

/// Whether `host` names this machine (localhost, 127.0.0.0/8, ::1): the only hosts where
/// sending without TLS is the default-safe choice.
[[nodiscard]] bool is_loopback_host(std::string_view host);

/// Checks the settings: a host, a port in 1..65535, attempts >= 1, a password when a user is set,
/// and no plain SMTP to a host that is not loopback unless `allow_plain_remote` is true.
[[nodiscard]] Status validate_smtp(const SmtpSettings& settings, bool allow_plain_remote);

class SmtpChannel final : public Channel {
public:
    explicit SmtpChannel(SmtpSettings settings);
    ~SmtpChannel() override;
    SmtpChannel(const SmtpChannel&) = delete;
    SmtpChannel& operator=(const SmtpChannel&) = delete;

    [[nodiscard]] std::string_view name() const override { return "email"; }
    [[nodiscard]] bool idempotent() const override { return false; }
    [[nodiscard]] Result<DeliveryReceipt> deliver(const OutgoingMessage& message) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace relance
