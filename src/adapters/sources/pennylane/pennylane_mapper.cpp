// SPDX-License-Identifier: MIT
#include "adapters/sources/pennylane/pennylane_mapper.h"

#include <set>

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::pennylane {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

// The v2 statuses (OpenAPI "Accounting" 2.0). "cancelled" is what a credit note covering the
// whole invoice leaves; "archived" hides it; "incomplete" is an imported invoice still being
// completed, which can be owed.
Result<InvoiceStatus> status_of(std::string_view s) {
    if (s == "upcoming" || s == "late" || s == "partially_paid" || s == "partially_cancelled" ||
        s == "incomplete") {
        return InvoiceStatus::Open;
    }
    if (s == "paid") return InvoiceStatus::Paid;
    if (s == "cancelled") return InvoiceStatus::Credited;
    if (s == "archived") return InvoiceStatus::Void;
    if (s == "draft") return InvoiceStatus::Draft;
    return fail(ErrorCode::InvalidInput, "unknown invoice status '" + std::string(s) + "'");
}

bool is_credit_note(const Json& j) { return text(j, "status") == "credit_note"; }

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "invoice_number", "id"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    auto status = field("status", status_of(text(j, "status")));
    if (!status) return unexpected(std::move(status).error());
    inv.status = *status;
    auto currency = field("currency", api::currency_code(text(j, "currency").empty() ? "EUR" : text(j, "currency")));
    if (!currency) return unexpected(std::move(currency).error());
    // currency_amount: in the invoice's currency (`amount` is its value in euros).
    const Json* total_field = member(j, "currency_amount") != nullptr ? member(j, "currency_amount") : member(j, "amount");
    auto total = field("currency_amount", api::decimal_amount(total_field, *currency));
    if (!total) return unexpected(std::move(total).error());
    Money remaining = inv.status == InvoiceStatus::Paid ? Money::zero(*currency) : *total;
    if (const Json* r = member(j, "remaining_amount_with_tax"); r != nullptr) {
        auto left = field("remaining_amount_with_tax", api::decimal_amount(r, *currency));
        if (!left) return unexpected(std::move(left).error());
        remaining = *left;
    }
    if (auto st = api::set_amounts(inv, *total, remaining); !st) return unexpected(std::move(st).error());
    auto issued = field("date", api::iso_date(text(j, "date")));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("deadline", api::iso_date(text(j, "deadline")));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    Customer c;
    c.id = api::text_of(api::path(j, {"customer", "id"}));
    c.language = api::language_of(text(j, "language"));
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'customer': missing");
    inv.customer_id = c.id;
    out.customer = std::move(c);
    return out;
}

Customer map_customer(const Json& j) {
    Customer c;
    c.id = text(j, "id");
    c.name = text(j, "name");
    if (const Json* emails = api::array(j, "emails")) {
        for (const Json& e : *emails) api::add_email(c.emails, api::text_of(&e));
    }
    c.language = api::language_of(text(j, "billing_language"));
    c.type = text(j, "customer_type") == "individual" ? CustomerType::B2C : CustomerType::B2B;
    if (c.name.empty()) c.name = text(j, "recipient");
    if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
    return c;
}

std::string json_text(const Json& j) { return j.dump(); }

}  // namespace

Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source) {
    auto j = api::parse_payload(body, "invoice list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice list", [&]() -> Result<api::MappedPage> {
        const Json* items = api::array(*j, "items");
        if (items == nullptr) return fail(ErrorCode::InvalidInput, "no 'items' list in the answer");
        api::MappedPage page;
        // A credit note reduces another invoice: it is not dunned itself.
        api::add_invoices(*items, source, "invoice_number", "id", page,
                          [](const Json& item) { return !is_credit_note(item); }, map_invoice);
        const Json* more = member(*j, "has_more");
        page.more = more != nullptr && more->is_boolean() && more->get<bool>();
        page.next = text(*j, "next_cursor");
        if (page.more && page.next.empty()) return fail(ErrorCode::InvalidInput, "has_more without next_cursor");
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&]() -> Result<FetchedInvoice> {
        if (is_credit_note(*j)) return fail(ErrorCode::InvalidInput, "a credit note, not an invoice");
        return map_invoice(*j);
    });
}

std::vector<std::string> customer_ids(const api::MappedPage& page) {
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const Customer& c : page.customers) {
        if (seen.insert(c.id).second) ids.push_back(c.id);
    }
    return ids;
}

Result<CustomerPage> parse_customers(std::string_view body) {
    auto j = api::parse_payload(body, "customer list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("customer list", [&]() -> Result<CustomerPage> {
        const Json* items = api::array(*j, "items");
        if (items == nullptr) return fail(ErrorCode::InvalidInput, "no 'items' list in the answer");
        CustomerPage page;
        for (const Json& item : *items) page.customers.push_back(map_customer(item));
        const Json* more = member(*j, "has_more");
        page.more = more != nullptr && more->is_boolean() && more->get<bool>();
        page.next = text(*j, "next_cursor");
        return page;
    });
}

Result<Customer> parse_customer(std::string_view body) {
    auto j = api::parse_payload(body, "customer");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("customer", [&]() -> Result<Customer> { return map_customer(*j); });
}

std::string invoice_filter(std::string_view since) {
    Json f = Json::array({Json{{"field", "draft"}, {"operator", "eq"}, {"value", "false"}},
                          Json{{"field", "credit_note"}, {"operator", "eq"}, {"value", "false"}}});
    if (!since.empty()) f.push_back(Json{{"field", "date"}, {"operator", "gteq"}, {"value", std::string(since)}});
    return json_text(f);
}

std::string customer_filter(const std::vector<std::string>& ids) {
    Json values = Json::array();
    for (const std::string& id : ids) values.push_back(id);
    return json_text(Json::array({Json{{"field", "id"}, {"operator", "in"}, {"value", values}}}));
}

}  // namespace relance::pennylane
