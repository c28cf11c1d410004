// SPDX-License-Identifier: MIT
// Notion: POST /v1/pages with parent.database_id, the page's properties (title, status or
// select, number, date, people) named as in the company's database, and the details as a
// paragraph block. Headers: Authorization: Bearer <token>, Notion-Version, JSON. Notion answers
// errors as {"object":"error","status":400,"code":"validation_error","message":"..."} and rate
// limits with 429 + Retry-After (an average of three requests a second).
#include <utility>

#include "adapters/delivery/alerts/notice_support.h"

namespace relance {
namespace {

using notice::json;

// Rich text content is at most 2000 characters per text object (Notion's size limits).
json rich_text(std::string_view text) {
    return json::array({{{"type", "text"}, {"text", {{"content", notice::clip(text, 2000)}}}}});
}

class NotionChannel final : public NoticeChannel {
public:
    NotionChannel(HttpTransport& http, NotionSettings s, NoticeFormat f)
        : http_(http), s_(std::move(s)), f_(std::move(f)) {}
    [[nodiscard]] std::string_view name() const override { return "notion"; }
    [[nodiscard]] bool idempotent() const override { return false; }
    [[nodiscard]] bool takes_digest() const override { return false; }

    Result<DeliveryReceipt> deliver(const Notice& n) override {
        auto r = notice::post_json(http_, "notion", notice::join_url(s_.api_url, "/v1/pages"),
                                   {{"Authorization", "Bearer " + s_.token}, {"Notion-Version", s_.version}},
                                   notion_payload(n, s_, f_), s_.http);
        if (!r) return unexpected(std::move(r).error());
        return DeliveryReceipt{"notion page " + notice::string_field(r->body, "id"), 1};
    }

private:
    HttpTransport& http_;
    NotionSettings s_;
    NoticeFormat f_;
};

}  // namespace

std::string notion_payload(const Notice& n, const NotionSettings& s, const NoticeFormat& f) {
    json props = json::object();
    props[s.title_property] = {{"title", rich_text(notice::record_title(n))}};
    if (!s.status_property.empty()) {
        props[s.status_property] = {{s.status_type == "select" ? "select" : "status", {{"name", s.status_value}}}};
    }
    Money amount;
    std::optional<Date> due;
    std::string details;
    if (n.task) {
        amount = n.task->task.amount_due;
        due = n.task->task.due_date;
        details = n.task->task.detail + " (relance task " + std::to_string(n.task->id) +
                  ": `relance tasks done " + std::to_string(n.task->id) + "`)";
    } else if (!n.alerts.empty()) {
        const AlertCandidate& a = n.alerts.front().alert;
        amount = a.amount;
        due = a.due_date;
        details = a.reason;
    }
    const bool has_invoice = n.task ? !n.task->task.invoice_number.empty()
                                    : !n.alerts.empty() && !n.alerts.front().alert.invoice_number.empty();
    if (!s.amount_property.empty() && has_invoice) props[s.amount_property] = {{"number", notice::exact_number(amount)}};
    if (!s.due_date_property.empty() && due) props[s.due_date_property] = {{"date", {{"start", to_iso(*due)}}}};
    if (!s.assignee_property.empty() && !s.assignee_id.empty()) {
        props[s.assignee_property] = {{"people", json::array({{{"object", "user"}, {"id", s.assignee_id}}})}};
    }
    json children = json::array();
    children.push_back({{"object", "block"}, {"type", "paragraph"}, {"paragraph", {{"rich_text", rich_text(details)}}}});
    if (has_invoice) {
        const std::string money = notice::money(f, amount);
        const std::string link = notice::dashboard_link(f, n.task ? n.task->task.source : n.alerts.front().alert.source,
                                                        n.task ? n.task->task.invoice_number
                                                               : n.alerts.front().alert.invoice_number);
        const std::string line = "Amount due: " + money + (link.empty() ? "" : " · " + link);
        children.push_back({{"object", "block"}, {"type", "paragraph"}, {"paragraph", {{"rich_text", rich_text(line)}}}});
    }
    const json body = {{"parent", {{"database_id", s.database_id}}}, {"properties", props}, {"children", children}};
    return notice::dump_exact(body);
}

std::unique_ptr<NoticeChannel> make_notion_channel(HttpTransport& http, NotionSettings s, NoticeFormat format) {
    return std::make_unique<NotionChannel>(http, std::move(s), std::move(format));
}

}  // namespace relance
