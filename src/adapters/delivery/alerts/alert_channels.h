// SPDX-License-Identifier: MIT
// The channels of the internal alerts and follow-up tasks (NoticeChannel): a Slack incoming
// webhook (Block Kit), an e-mail to the finance manager (through the company's e-mail Channel:
// file outbox or SMTP), a Notion page in a database, an Airtable record, a generic JSON webhook.
// Each HTTP channel goes through HttpTransport with the shared retry rule (send_with_retry: 429
// with Retry-After, 5xx, backoff within a budget), and never repeats a request that may have
// reached the service (an answer lost after the request went out is Uncertain).
//
// Must not: decide which alerts exist, or put a webhook URL, a token or a URL's path in an error,
// a receipt or a log (they are secrets: only the scheme and host are ever shown).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/http/curl_transport.h"
#include "core/ports/alerts.h"
#include "core/ports/channel.h"
#include "core/ports/http.h"

namespace relance {

/// How notices present figures and links, whatever the channel.
struct NoticeFormat {
    /// "12 480,00 €"; empty: "12480.00 EUR".
    std::function<std::string(const Money&)> money;
    /// The dashboard's base URL; invoice links go to its invoice page,
    /// <dashboard_url>/invoice?source=<source>&number=<number>. Empty: no dashboard link.
    std::string dashboard_url;
    std::string company_name;
};

/// Waits between retries (tests record the waits instead).
using SleepFn = std::function<void(std::chrono::milliseconds)>;

struct HttpNoticeOptions {
    RetryPolicy retry;
    std::chrono::milliseconds timeout{20000};  // one request
    SleepFn sleep;                              // empty: really wait
};

struct SlackSettings {
    std::string webhook_url;  // secret: https://hooks.slack.com/services/T.../B.../...
    HttpNoticeOptions http;
};

/// Notion: one page per notice in a database (API version `version`, parent database_id).
/// The property names are those of the company's database; an empty name leaves it out.
struct NotionSettings {
    std::string token;                   // secret: the integration's token
    std::string database_id;
    std::string api_url = "https://api.notion.com";
    std::string version = "2022-06-28";  // the Notion-Version header
    std::string title_property = "Name";
    std::string status_property = "Status";
    std::string status_type = "status";  // "status" or "select"
    std::string status_value = "Not started";
    std::string amount_property = "Amount";      // a number
    std::string due_date_property = "Due date";  // a date: the invoice's due date
    std::string assignee_property = "Assignee";  // people
    std::string assignee_id;                     // a Notion user id; empty: unassigned
    HttpNoticeOptions http;
};

/// Airtable: one record per notice in a table (typecast on, so a new status option is created).
struct AirtableSettings {
    std::string token;  // secret: a personal access token
    std::string base_id;
    std::string table = "Relances";
    std::string api_url = "https://api.airtable.com";
    std::string title_field = "Name";
    std::string status_field = "Status";
    std::string status_value = "Todo";
    std::string amount_field = "Amount";      // a number (or currency) field
    std::string due_date_field = "Due date";  // a date field
    std::string assignee_field = "Assignee";  // a text field (or a collaborator, by e-mail)
    std::string assignee;                     // empty: unassigned
    std::string customer_field = "Customer";
    std::string invoice_field = "Invoice";
    std::string details_field = "Details";
    HttpNoticeOptions http;
};

/// A generic JSON webhook (POST). The body is documented in the README; amounts are strings of
/// exact decimals. An Idempotency-Key header names the notice, so a receiver can drop a repeat.
struct WebhookSettings {
    std::string url;    // secret
    std::string token;  // secret, optional: sent as "Authorization: Bearer <token>"
    HttpNoticeOptions http;
};

/// E-mail to the finance manager through `email` (the company's FileOutbox or SmtpChannel).
struct EmailNoticeSettings {
    std::vector<Address> to;
    Address from;               // the company's sender address
    std::string message_domain;  // Message-ID domain
};

[[nodiscard]] std::unique_ptr<NoticeChannel> make_slack_channel(HttpTransport& http, SlackSettings s,
                                                                NoticeFormat format);
[[nodiscard]] std::unique_ptr<NoticeChannel> make_notion_channel(HttpTransport& http, NotionSettings s,
                                                                 NoticeFormat format);
[[nodiscard]] std::unique_ptr<NoticeChannel> make_airtable_channel(HttpTransport& http,
                                                                   AirtableSettings s,
                                                                   NoticeFormat format);
[[nodiscard]] std::unique_ptr<NoticeChannel> make_webhook_channel(HttpTransport& http,
                                                                  WebhookSettings s,
                                                                  NoticeFormat format);
[[nodiscard]] std::unique_ptr<NoticeChannel> make_email_notice_channel(Channel& email,
                                                                       EmailNoticeSettings s,
                                                                       NoticeFormat format);

// The request bodies and the e-mail, exposed for the tests (pure).
[[nodiscard]] std::string slack_payload(const Notice& notice, const NoticeFormat& format);
[[nodiscard]] std::string notion_payload(const Notice& notice, const NotionSettings& s,
                                         const NoticeFormat& format);
[[nodiscard]] std::string airtable_payload(const Notice& notice, const AirtableSettings& s,
                                           const NoticeFormat& format);
[[nodiscard]] std::string webhook_payload(const Notice& notice, const NoticeFormat& format);
[[nodiscard]] OutgoingMessage notice_email(const Notice& notice, const EmailNoticeSettings& s,
                                           const NoticeFormat& format);

}  // namespace relance
