// SPDX-License-Identifier: MIT
// Slack incoming webhook: one Block Kit message per alert (header, reason, the invoice's fields,
// buttons to the payment page and the dashboard, a context line), or one digest listing every
// alert. Limits kept (Block Kit reference): 50 blocks a message, 150 characters of plain text in
// a header, 3000 in a section, 2000 in a field, 10 fields, 75 in a button's text. Texts are
// mrkdwn-escaped (& < > become entities) so that no customer name can make a link or mention.
#include <utility>

#include "adapters/delivery/alerts/notice_support.h"

namespace relance {
namespace {

using notice::json;

constexpr std::size_t kMaxBlocks = 50;

std::string escaped(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else {
            out += c;
        }
    }
    return out;
}

json plain(std::string_view text, std::size_t max) {
    return {{"type", "plain_text"}, {"text", notice::clip(text, max)}, {"emoji", true}};
}
json mrkdwn(std::string_view text, std::size_t max) {
    return {{"type", "mrkdwn"}, {"text", notice::clip(text, max)}};
}

std::string_view icon(const AlertCandidate& a) {
    if (a.kind == "pass_missed" || a.kind == "pass_failed") return ":rotating_light:";
    if (a.kind == "level" || a.kind == "amount") return ":red_circle:";
    return ":large_orange_circle:";
}

json button(std::string_view text, const std::string& url, const std::string& action, bool primary) {
    json b = {{"type", "button"}, {"text", plain(text, 75)}, {"url", url}, {"action_id", action}};
    if (primary) b["style"] = "primary";
    return b;
}

void one_alert(json& blocks, const AlertNotice& n, const NoticeFormat& f) {
    const AlertCandidate& a = n.alert;
    blocks.push_back({{"type", "header"}, {"text", plain(std::string(icon(a)) + " " + a.title, 150)}});
    blocks.push_back({{"type", "section"}, {"text", mrkdwn(escaped(a.reason), 3000)}});
    if (!a.invoice_number.empty()) {
        json fields = json::array();
        const auto field = [&](std::string_view label, const std::string& value) {
            fields.push_back(mrkdwn("*" + std::string(label) + "*\n" + escaped(value), 2000));
        };
        field("Customer", a.customer_name);
        field("Invoice", a.invoice_number);
        field("Amount due", notice::money(f, a.amount));
        field("Days late", std::to_string(a.days_late));
        field("Level", a.level > 0 ? std::to_string(a.level) : "no reminder yet");
        if (a.due_date) field("Due date", to_iso(*a.due_date));
        blocks.push_back({{"type", "section"}, {"fields", fields}});
    }
    json buttons = json::array();
    if (!a.payment_link.empty()) buttons.push_back(button("Payment link", a.payment_link, "payment_link", false));
    const std::string dash = notice::dashboard_link(f, a.source, a.invoice_number);
    if (!dash.empty()) buttons.push_back(button("Open in relance", dash, "dashboard", true));
    if (!buttons.empty()) blocks.push_back({{"type", "actions"}, {"elements", buttons}});
    blocks.push_back({{"type", "context"},
                      {"elements", json::array({mrkdwn("relance · " + std::string(notice::why_text(n.why)) +
                                                           " · raised " + to_iso(n.raised_on) +
                                                           (f.company_name.empty() ? "" : " · " + escaped(f.company_name)),
                                                       300)})}});
}

void digest(json& blocks, const Notice& n, const NoticeFormat& f) {
    blocks.push_back({{"type", "header"},
                      {"text", plain(":bell: relance: " + std::to_string(n.alerts.size()) + " alerts — " + to_iso(n.date), 150)}});
    const std::size_t room = kMaxBlocks - 3;  // header, context, and "and N more"
    std::size_t shown = 0;
    for (const AlertNotice& an : n.alerts) {
        if (shown == room) break;
        const AlertCandidate& a = an.alert;
        std::string text = "*" + escaped(a.title) + "*";
        const std::string dash = notice::dashboard_link(f, a.source, a.invoice_number);
        if (!a.invoice_number.empty()) {
            text += " — " + (dash.empty() ? escaped(a.invoice_number) : "<" + dash + "|" + escaped(a.invoice_number) + ">");
        }
        text += "\n" + escaped(a.reason);
        if (!a.payment_link.empty()) text += "\n<" + a.payment_link + "|Payment link>";
        blocks.push_back({{"type", "section"}, {"text", mrkdwn(text, 3000)}});
        ++shown;
    }
    if (shown < n.alerts.size()) {
        blocks.push_back({{"type", "section"},
                          {"text", mrkdwn("… and " + std::to_string(n.alerts.size() - shown) +
                                              " more: `relance alerts` lists them all", 3000)}});
    }
    const std::string dash = notice::dashboard_link(f, "", "");
    blocks.push_back({{"type", "context"},
                      {"elements", json::array({mrkdwn("relance" + (dash.empty() ? "" : " · <" + dash + "|dashboard>"), 300)})}});
}

void task(json& blocks, const TaskRecord& t, const NoticeFormat& f) {
    blocks.push_back({{"type", "header"}, {"text", plain(":clipboard: " + t.task.title, 150)}});
    blocks.push_back({{"type", "section"}, {"text", mrkdwn(escaped(t.task.detail), 3000)}});
    const std::string dash = notice::dashboard_link(f, t.task.source, t.task.invoice_number);
    if (!dash.empty()) {
        blocks.push_back({{"type", "actions"}, {"elements", json::array({button("Open in relance", dash, "dashboard", true)})}});
    }
    blocks.push_back({{"type", "context"},
                      {"elements", json::array({mrkdwn("relance task " + std::to_string(t.id) +
                                                           " · close it with `relance tasks done " +
                                                           std::to_string(t.id) + "`", 300)})}});
}

class SlackChannel final : public NoticeChannel {
public:
    SlackChannel(HttpTransport& http, SlackSettings s, NoticeFormat f)
        : http_(http), s_(std::move(s)), f_(std::move(f)) {}
    [[nodiscard]] std::string_view name() const override { return "slack"; }
    [[nodiscard]] bool idempotent() const override { return false; }
    [[nodiscard]] bool takes_digest() const override { return true; }

    Result<DeliveryReceipt> deliver(const Notice& n) override {
        // Slack answers "ok", or its error as plain text: "invalid_blocks", "no_service" ...
        auto r = notice::post_json(http_, "slack", s_.webhook_url, {}, slack_payload(n, f_), s_.http);
        if (!r) return unexpected(std::move(r).error());
        return DeliveryReceipt{"slack: " + notice::clip(r->body, 60), 1};
    }

private:
    HttpTransport& http_;
    SlackSettings s_;
    NoticeFormat f_;
};

}  // namespace

std::string slack_payload(const Notice& n, const NoticeFormat& f) {
    json blocks = json::array();
    std::string fallback;
    if (n.task) {
        task(blocks, *n.task, f);
        fallback = n.task->task.title;
    } else if (n.alerts.size() == 1) {
        one_alert(blocks, n.alerts.front(), f);
        fallback = notice::record_title(n);
    } else {
        digest(blocks, n, f);
        fallback = "relance: " + std::to_string(n.alerts.size()) + " alerts";
    }
    // `text` is the notification's text and the fallback where blocks cannot be shown.
    return json{{"text", notice::clip(escaped(fallback), 3000)}, {"blocks", blocks}}.dump();
}

std::unique_ptr<NoticeChannel> make_slack_channel(HttpTransport& http, SlackSettings s, NoticeFormat format) {
    return std::make_unique<SlackChannel>(http, std::move(s), std::move(format));
}

}  // namespace relance
