// SPDX-License-Identifier: MIT
#include "adapters/sources/axonaut/axonaut_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::axonaut {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

// The first of `keys` that the object has.
const Json* any_of(const Json& j, std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys) {
        if (const Json* v = member(j, k)) return v;
    }
    return nullptr;
}

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "number", "id"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    const std::string code = text(j, "currency");
    auto currency = field("currency", api::currency_code(code.empty() ? "EUR" : code));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("total", api::decimal_amount(any_of(j, {"total", "total_amount"}), *currency));
    if (!total) return unexpected(std::move(total).error());
    const Json* left_field = any_of(j, {"outstanding_amount", "remaining_amount"});
    Money remaining = text(j, "paid_date").empty() ? *total : Money::zero(*currency);
    if (left_field != nullptr) {
        auto left = field("outstanding_amount", api::decimal_amount(left_field, *currency));
        if (!left) return unexpected(std::move(left).error());
        remaining = *left;
    }
    if (auto st = api::set_amounts(inv, *total, remaining); !st) return unexpected(std::move(st).error());
    inv.status = remaining.is_positive() ? InvoiceStatus::Open : InvoiceStatus::Paid;
    if (inv.status == InvoiceStatus::Paid) {  // the day it was paid: the resolution date
        auto paid_on = field("paid_date", api::iso_date(text(j, "paid_date")));
        if (!paid_on) return unexpected(std::move(paid_on).error());
        inv.resolved_on = *paid_on;
    }
    auto issued = field("date", api::iso_date(text(j, "date")));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("due_date", api::iso_date(api::text_of(any_of(j, {"due_date", "deadline"}))));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    inv.payment_link = api::text_of(any_of(j, {"public_path", "customer_portal_url"}));
    Customer c;
    if (const Json* company = member(j, "company"); company != nullptr && company->is_object()) {
        c.id = text(*company, "id");
        c.name = text(*company, "name");
    } else {
        c.id = text(j, "company_id");
        c.name = text(j, "company_name");
    }
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'company': missing");
    if (c.name.empty()) c.name = c.id;
    inv.customer_id = c.id;
    out.customer = std::move(c);
    return out;
}

}  // namespace

Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source) {
    auto j = api::parse_payload(body, "invoice list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice list", [&]() -> Result<api::MappedPage> {
        if (!j->is_array()) return fail(ErrorCode::InvalidInput, "expected a list of invoices");
        api::MappedPage page;
        api::add_invoices(*j, source, "number", "id", page, api::kEveryItem, map_invoice);
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&] { return map_invoice(*j); });
}

Result<Customer> parse_company(std::string_view body) {
    auto j = api::parse_payload(body, "company");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("company", [&]() -> Result<Customer> {
        Customer c;
        c.id = text(*j, "id");
        c.name = text(*j, "name");
        for (const auto& e : api::emails_in(text(*j, "email"))) api::add_email(c.emails, e);
        if (const Json* contacts = any_of(*j, {"employees", "contacts"}); contacts != nullptr && contacts->is_array()) {
            for (const Json& p : *contacts) api::add_email(c.emails, text(p, "email"));
        }
        if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
        return c;
    });
}

}  // namespace relance::axonaut
