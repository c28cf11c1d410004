// SPDX-License-Identifier: MIT
// [alerts] and [tasks] of relance.toml: the alert rules (core/alerts), where alerts and follow-up
// tasks go (Slack, e-mail to the finance manager, Notion, Airtable, a JSON webhook) and how to
// reach each service. Webhook URLs and tokens are secrets: the file only names where they are
// (an environment variable, or a file of mode 0600), never the secret itself.
#pragma once

#include <string>
#include <vector>

#include "adapters/delivery/alerts/alert_channels.h"
#include "core/alerts/alert_rules.h"

namespace relance {

/// Where a secret is read: the file when one is given (mode 0600), else the environment variable.
struct SecretSource {
    std::string env;
    std::string file;
};

struct AlertSettings {
    // The tutorial's four default rules.
    std::string amount_threshold = "5000";  // overdue amount per invoice, in `currency`
    std::string currency = "EUR";
    int level = 3;                          // alert when this level is reached
    std::vector<std::string> vip_tags{"vip"};
    bool first_invoice = true;

    bool enabled = true;                    // false: no alert, no task
    std::vector<std::string> exclude_tags;  // customers the four defaults skip ("manual-pay")
    std::vector<FieldRule> rules;           // [[alerts.rules]]
    int missed_run_hours = 26;              // 0: no "pass did not run" alert
    bool failed_run = true;
    int stuck_run_hours = 2;
    int remind_after_days = 30;             // 0: an alert is never raised again unless it gets worse
    bool digest = false;                    // one message per channel and pass instead of one per alert
    std::string dashboard_url;              // links in the messages ("" = [web] base_url, if any)
    std::vector<std::string> channels;       // where alerts go: slack, email, notion, airtable, webhook
    std::vector<std::string> task_channels;  // [tasks] channels: where tasks go (notion, airtable ...)
    int http_attempts = 4;                   // per request, with backoff (429 Retry-After honoured)
    int http_timeout_seconds = 20;

    SecretSource slack_url{"RELANCE_SLACK_WEBHOOK_URL", ""};      // [alerts.slack]
    std::vector<std::string> email_to;                           // [alerts.email] to
    std::string email_outbox_dir = "internal";  // with the file outbox: where alert e-mails go
    SecretSource notion_token{"RELANCE_NOTION_TOKEN", ""};        // [alerts.notion]
    NotionSettings notion;
    SecretSource airtable_token{"RELANCE_AIRTABLE_TOKEN", ""};    // [alerts.airtable]
    AirtableSettings airtable;
    SecretSource webhook_url{"RELANCE_WEBHOOK_URL", ""};          // [alerts.webhook]
    SecretSource webhook_token{"", ""};

    /// The rules as the engine takes them (amount_threshold parsed: load_settings checked it).
    [[nodiscard]] AlertRules engine_rules() const;
};

}  // namespace relance
