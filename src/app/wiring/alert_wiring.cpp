// SPDX-License-Identifier: MIT
#include "app/wiring/alert_wiring.h"

#include <algorithm>

#include "adapters/delivery/alerts/alert_channels.h"
#include "adapters/http/curl_transport.h"
#include "adapters/render/locale_format.h"
#include "app/wiring/store_wiring.h"
#include "app/wiring/source_wiring.h"
#include "app/wiring/wiring.h"

namespace relance {
namespace {

HttpNoticeOptions http_options(const AlertSettings& a) {
    HttpNoticeOptions o;
    o.retry.attempts = a.http_attempts;
    o.retry.first_backoff = std::chrono::milliseconds{1000};
    // Notion's Retry-After is at most a minute for its per-connection limit, Airtable asks for 30 s.
    o.retry.max_backoff = std::chrono::milliseconds{60000};
    o.retry.budget = std::chrono::milliseconds{180000};
    o.timeout = std::chrono::seconds{a.http_timeout_seconds};
    return o;
}

Result<std::string> secret(const std::string& keys, const std::string& what, const SecretSource& s) {
    return read_secret(keys, what, s.env, s.file);
}

// One notice channel by name; `email` is created on first use.
Result<std::unique_ptr<NoticeChannel>> make_notice_channel(const std::string& name, const Settings& settings,
                                                           WiredAlerts& w, const NoticeFormat& format) {
    const AlertSettings& a = settings.alerts;
    if (name == "email") {
        if (!w.email) {
            auto email = make_email_channel(settings, a.email_outbox_dir);
            if (!email) return unexpected(std::move(email).error().with_context("alerts.email"));
            w.email = std::move(*email);
        }
        EmailNoticeSettings s;
        for (const auto& to : a.email_to) s.to.push_back(Address{"", to});
        s.from = Address{"relance — " + settings.company.name, settings.company.email};
        s.message_domain = settings.company.message_domain;
        return make_email_notice_channel(*w.email, std::move(s), format);
    }
    if (!w.http) w.http = std::make_unique<CurlTransport>();
    if (name == "slack") {
        SlackSettings s;
        auto url = secret("alerts.slack: webhook_url_env / webhook_url_file", "webhook URL", a.slack_url);
        if (!url) return unexpected(std::move(url).error());
        s.webhook_url = std::move(*url);
        s.http = http_options(a);
        return make_slack_channel(*w.http, std::move(s), format);
    }
    if (name == "notion") {
        NotionSettings s = a.notion;
        auto token = secret("alerts.notion: token_env / token_file", "token", a.notion_token);
        if (!token) return unexpected(std::move(token).error());
        s.token = std::move(*token);
        s.http = http_options(a);
        return make_notion_channel(*w.http, std::move(s), format);
    }
    if (name == "airtable") {
        AirtableSettings s = a.airtable;
        auto token = secret("alerts.airtable: token_env / token_file", "token", a.airtable_token);
        if (!token) return unexpected(std::move(token).error());
        s.token = std::move(*token);
        s.http = http_options(a);
        return make_airtable_channel(*w.http, std::move(s), format);
    }
    if (name == "webhook") {
        WebhookSettings s;
        auto url = secret("alerts.webhook: url_env / url_file", "URL", a.webhook_url);
        if (!url) return unexpected(std::move(url).error());
        s.url = std::move(*url);
        if (!a.webhook_token.env.empty() || !a.webhook_token.file.empty()) {
            auto token = secret("alerts.webhook: token_env / token_file", "token", a.webhook_token);
            if (!token) return unexpected(std::move(token).error());
            s.token = std::move(*token);
        }
        s.http = http_options(a);
        return make_webhook_channel(*w.http, std::move(s), format);
    }
    return fail(ErrorCode::InvalidInput, "alerts: unknown channel '" + name + "'");
}

}  // namespace

Result<std::unique_ptr<AlertStore>> open_alert_store(const Settings& settings) {
    return open_alert_store(store_target(settings));
}

Result<WiredAlerts> wire_alerts(const Settings& settings, Store& store) {
    WiredAlerts w;
    const AlertSettings& a = settings.alerts;
    if (!a.enabled) return w;
    auto alert_store = open_alert_store(settings);
    if (!alert_store) return unexpected(std::move(alert_store).error());
    w.store = std::move(*alert_store);

    NoticeFormat format;
    const std::string language = settings.company.language;
    format.money = [language](const Money& m) { return format_money(m, language); };
    // The dashboard's own address ([web] base_url) unless [alerts] names another one.
    format.dashboard_url = a.dashboard_url.empty() ? settings.web.base_url : a.dashboard_url;
    format.company_name = settings.company.name;

    // One channel object per name, shared when alerts and tasks go to the same service.
    std::vector<std::string> names = a.channels;
    for (const auto& t : a.task_channels) {
        if (std::find(names.begin(), names.end(), t) == names.end()) names.push_back(t);
    }
    std::vector<NoticeChannel*> alert_channels;
    std::vector<NoticeChannel*> task_channels;
    for (const std::string& name : names) {
        auto c = make_notice_channel(name, settings, w, format);
        if (!c) return unexpected(std::move(c).error());
        NoticeChannel* ptr = c->get();
        w.channels.push_back(std::move(*c));
        if (std::find(a.channels.begin(), a.channels.end(), name) != a.channels.end()) alert_channels.push_back(ptr);
        if (std::find(a.task_channels.begin(), a.task_channels.end(), name) != a.task_channels.end()) {
            task_channels.push_back(ptr);
        }
    }
    w.pass = std::make_unique<AlertPass>(store, *w.store, std::move(alert_channels), std::move(task_channels),
                                         a.engine_rules(), settings.policy, a.digest);
    return w;
}

}  // namespace relance
