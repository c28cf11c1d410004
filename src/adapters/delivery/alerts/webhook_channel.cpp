// SPDX-License-Identifier: MIT
// A generic JSON webhook: POST of one document per notice (an alert, a digest of alerts, or a
// task), with an Idempotency-Key header naming the notice. Amounts are strings of exact decimals
// ("12480.00") with their currency, dates ISO 8601: any receiver can read them without floats.
#include <utility>

#include "adapters/delivery/alerts/notice_support.h"

namespace relance {
namespace {

using notice::json;

json alert_json(const AlertNotice& n, const NoticeFormat& f) {
    const AlertCandidate& a = n.alert;
    json j = {{"id", n.id},
              {"kind", a.kind},
              {"subject", a.subject},
              {"occurrence", n.occurrence},
              {"why", std::string(to_string(n.why))},
              {"raised_on", to_iso(n.raised_on)},
              {"title", a.title},
              {"reason", a.reason},
              {"level", a.level}};
    if (!a.invoice_number.empty()) {
        j["invoice"] = {{"source", a.source},
                        {"number", a.invoice_number},
                        {"customer_id", a.customer_id},
                        {"customer_name", a.customer_name},
                        {"amount_due", a.amount.to_plain_string()},
                        {"total", a.total.to_plain_string()},
                        {"currency", std::string(a.amount.currency().code())},
                        {"due_date", a.due_date ? json(to_iso(*a.due_date)) : json(nullptr)},
                        {"days_late", a.days_late},
                        {"payment_link", a.payment_link},
                        {"dashboard_url", notice::dashboard_link(f, a.source, a.invoice_number)}};
    }
    return j;
}

json task_json(const TaskRecord& r, const NoticeFormat& f) {
    const TaskCandidate& t = r.task;
    return {{"id", r.id},
            {"kind", std::string(to_string(t.kind))},
            {"subject", t.subject},
            {"title", t.title},
            {"detail", t.detail},
            {"created_on", to_iso(r.created_on)},
            {"source", t.source},
            {"invoice_number", t.invoice_number},
            {"customer_id", t.customer_id},
            {"customer_name", t.customer_name},
            {"amount_due", t.amount_due.to_plain_string()},
            {"currency", std::string(t.amount_due.currency().code())},
            {"due_date", t.due_date ? json(to_iso(*t.due_date)) : json(nullptr)},
            {"level", t.level},
            {"dashboard_url", notice::dashboard_link(f, t.source, t.invoice_number)}};
}

class WebhookChannel final : public NoticeChannel {
public:
    WebhookChannel(HttpTransport& http, WebhookSettings s, NoticeFormat f)
        : http_(http), s_(std::move(s)), f_(std::move(f)) {}
    [[nodiscard]] std::string_view name() const override { return "webhook"; }
    [[nodiscard]] bool idempotent() const override { return false; }
    [[nodiscard]] bool takes_digest() const override { return true; }

    Result<DeliveryReceipt> deliver(const Notice& n) override {
        notice::HttpHeaders headers = {{"Idempotency-Key", "relance-" + n.key}};
        if (!s_.token.empty()) headers.emplace_back("Authorization", "Bearer " + s_.token);
        auto r = notice::post_json(http_, "webhook", s_.url, std::move(headers), webhook_payload(n, f_), s_.http);
        if (!r) return unexpected(std::move(r).error());
        return DeliveryReceipt{"webhook: HTTP " + std::to_string(r->status), 1};
    }

private:
    HttpTransport& http_;
    WebhookSettings s_;
    NoticeFormat f_;
};

}  // namespace

std::string webhook_payload(const Notice& n, const NoticeFormat& f) {
    json j = {{"source", "relance"}, {"key", n.key}, {"date", to_iso(n.date)}};
    if (!f.company_name.empty()) j["company"] = f.company_name;
    if (n.task) {
        j["type"] = "task";
        j["task"] = task_json(*n.task, f);
    } else {
        j["type"] = n.alerts.size() == 1 ? "alert" : "digest";
        json alerts = json::array();
        for (const AlertNotice& a : n.alerts) alerts.push_back(alert_json(a, f));
        j["alerts"] = alerts;
    }
    return j.dump();
}

std::unique_ptr<NoticeChannel> make_webhook_channel(HttpTransport& http, WebhookSettings s, NoticeFormat format) {
    return std::make_unique<WebhookChannel>(http, std::move(s), std::move(format));
}

}  // namespace relance
