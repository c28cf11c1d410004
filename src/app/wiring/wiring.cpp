// SPDX-License-Identifier: MIT
#include "app/wiring/wiring.h"

#include "adapters/delivery/outbox/file_outbox.h"
#include "adapters/delivery/smtp/smtp_channel.h"
#include "adapters/http/curl_transport.h"
#include "adapters/render/default_templates.h"
#include "adapters/render/template_renderer.h"
#include "adapters/sources/csv/csv_source.h"
#include "app/config/source_types.h"
#include "app/wiring/letter_wiring.h"
#include "app/wiring/source_wiring.h"
#include "app/wiring/store_wiring.h"

namespace relance {
namespace {

// The SMTP password: from `password_file` (which must not be readable by group or others) or
// from the environment variable `password_env`. Errors name the key, never the secret.
Result<std::string> smtp_password(const SmtpConfig& c) {
    if (c.password_file.empty() && c.username.empty()) return std::string();
    return read_secret("delivery.smtp: password_env / password_file", "password", c.password_env,
                       c.password_file);
}

Result<std::unique_ptr<Channel>> make_channel(const Settings& settings) {
    if (settings.channel != "smtp") {
        return std::unique_ptr<Channel>(std::make_unique<FileOutbox>(settings.outbox_dir));
    }
    const SmtpConfig& c = settings.smtp;
    SmtpSettings s;
    s.host = c.host;
    s.port = c.port;
    s.security = c.security == "tls"    ? SmtpSecurity::Tls
                 : c.security == "none" ? SmtpSecurity::None
                                        : SmtpSecurity::StartTls;
    s.username = c.username;
    auto password = smtp_password(c);
    if (!password) return unexpected(std::move(password).error());
    s.password = std::move(*password);
    s.auth_method = c.auth;
    s.helo_domain = c.helo;
    s.ca_file = c.ca_file;
    s.timeout = std::chrono::seconds(c.timeout_seconds);
    s.attempts = c.attempts;
    s.backoff = std::chrono::milliseconds(c.backoff_ms);
    s.per_minute = c.per_minute;
    if (auto st = validate_smtp(s, c.allow_plain); !st) {
        return unexpected(std::move(st).error().with_context("delivery.smtp"));
    }
    return std::unique_ptr<Channel>(std::make_unique<SmtpChannel>(std::move(s)));
}

}  // namespace

std::vector<InvoiceSource*> Wired::source_ptrs() const {
    std::vector<InvoiceSource*> out;
    for (const auto& s : sources) out.push_back(s.get());
    return out;
}

Result<std::unique_ptr<Channel>> make_email_channel(const Settings& settings, const std::string& outbox_dir) {
    Settings copy = settings;
    copy.outbox_dir = outbox_dir;
    return make_channel(copy);
}

Result<std::unique_ptr<Store>> open_store(const Settings& settings) {
    return open_store(store_target(settings));
}

Result<WiredSources> wire_sources(const Settings& settings, Date today) {
    WiredSources w;
    for (const SourceSettings& s : settings.sources) {
        if (find_source_type(s.type) != nullptr) {
            if (!w.http) w.http = std::make_unique<CurlTransport>();
            auto source = make_tool_source(s, settings, *w.http, today);
            if (!source) return unexpected(std::move(source).error());
            w.sources.push_back(std::move(*source));
            continue;
        }
        auto options = csv_options(s, today);
        if (!options) return unexpected(std::move(options).error());
        w.sources.push_back(std::make_unique<csv::CsvSource>(s.path, std::move(*options)));
    }
    return w;
}

Result<Wired> wire(const Settings& settings, Date today) {
    Wired w;
    auto store = open_store(settings);
    if (!store) return unexpected(std::move(store).error());
    w.store = std::move(*store);

    auto sources = wire_sources(settings, today);
    if (!sources) return unexpected(std::move(sources).error());
    w.http = std::move(sources->http);
    w.sources = std::move(sources->sources);

    auto renderer = settings.templates_dir.empty() ? TemplateRenderer::builtin()
                                                   : TemplateRenderer::from_folder(settings.templates_dir);
    if (!renderer) return unexpected(std::move(renderer).error());
    w.renderer = std::make_unique<TemplateRenderer>(std::move(*renderer));

    auto channel = make_channel(settings);
    if (!channel) return unexpected(std::move(channel).error());
    w.channel = std::move(*channel);
    return w;
}

Result<int> write_templates(const std::string& folder) {
    auto messages = write_default_templates(folder, true);
    if (!messages) return messages;
    auto letters = write_letter_templates(folder, true);  // letter.<part>.mustache (letter_wiring.h)
    if (!letters) return letters;
    return *messages + *letters;
}

}  // namespace relance
