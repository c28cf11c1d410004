// SPDX-License-Identifier: MIT
// Airtable: POST /v0/<base>/<table> with {"records":[{"fields":{...}}],"typecast":true} and
// "Authorization: Bearer <token>". Field names are those of the company's table; an empty name
// leaves the field out. Airtable answers errors as {"error":{"type":"...","message":"..."}}
// (422 for an unknown field) and rate limits with 429 (5 requests a second per base; wait 30 s).
#include <utility>

#include "adapters/delivery/alerts/notice_support.h"

namespace relance {
namespace {

using notice::json;

class AirtableChannel final : public NoticeChannel {
public:
    AirtableChannel(HttpTransport& http, AirtableSettings s, NoticeFormat f)
        : http_(http), s_(std::move(s)), f_(std::move(f)) {}
    [[nodiscard]] std::string_view name() const override { return "airtable"; }
    [[nodiscard]] bool idempotent() const override { return false; }
    [[nodiscard]] bool takes_digest() const override { return false; }

    Result<DeliveryReceipt> deliver(const Notice& n) override {
        const std::string path = "/v0/" + percent_encode(s_.base_id) + "/" + percent_encode(s_.table);
        auto r = notice::post_json(http_, "airtable", notice::join_url(s_.api_url, path), {{"Authorization", "Bearer " + s_.token}},
                                   airtable_payload(n, s_, f_), s_.http);
        if (!r) return unexpected(std::move(r).error());
        const json answer = json::parse(r->body, nullptr, false);
        const bool has = answer.is_object() && answer.contains("records") && answer["records"].is_array() &&
                         !answer["records"].empty();
        return DeliveryReceipt{"airtable record " + (has ? notice::string_field(answer["records"][0].dump(), "id") : "?"), 1};
    }

private:
    HttpTransport& http_;
    AirtableSettings s_;
    NoticeFormat f_;
};

}  // namespace

std::string airtable_payload(const Notice& n, const AirtableSettings& s, const NoticeFormat& f) {
    json fields = json::object();
    const auto put = [&](const std::string& field, json value) {
        if (!field.empty()) fields[field] = std::move(value);
    };
    put(s.title_field, notice::record_title(n));
    put(s.status_field, s.status_value);
    if (!s.assignee.empty()) put(s.assignee_field, s.assignee);
    std::string source;
    std::string invoice;
    std::string customer;
    Money amount;
    std::optional<Date> due;
    std::string details;
    if (n.task) {
        const TaskCandidate& t = n.task->task;
        source = t.source;
        invoice = t.invoice_number;
        customer = t.customer_name;
        amount = t.amount_due;
        due = t.due_date;
        details = t.detail + " (relance task " + std::to_string(n.task->id) + ": `relance tasks done " +
                  std::to_string(n.task->id) + "`)";
    } else if (!n.alerts.empty()) {
        const AlertCandidate& a = n.alerts.front().alert;
        source = a.source;
        invoice = a.invoice_number;
        customer = a.customer_name;
        amount = a.amount;
        due = a.due_date;
        details = a.reason;
    }
    if (!invoice.empty()) {
        put(s.amount_field, notice::exact_number(amount));
        put(s.invoice_field, invoice);
        put(s.customer_field, customer);
    }
    if (due) put(s.due_date_field, to_iso(*due));
    const std::string link = notice::dashboard_link(f, source, invoice);
    put(s.details_field, details + (link.empty() ? "" : "\n" + link));
    const json body = {{"records", json::array({{{"fields", fields}}})}, {"typecast", true}};
    return notice::dump_exact(body);
}

std::unique_ptr<NoticeChannel> make_airtable_channel(HttpTransport& http, AirtableSettings s, NoticeFormat format) {
    return std::make_unique<AirtableChannel>(http, std::move(s), std::move(format));
}

}  // namespace relance
