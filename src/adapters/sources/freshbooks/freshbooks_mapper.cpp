// SPDX-License-Identifier: MIT
#include "adapters/sources/freshbooks/freshbooks_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::freshbooks {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

const Json* result_of(const Json& j) { return api::path(j, {"response", "result"}); }

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "invoice_number", "invoiceid"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    const std::string code = text(j, "currency_code").empty() ? api::text_of(api::path(j, {"amount", "code"}))
                                                              : text(j, "currency_code");
    auto currency = field("currency_code", api::currency_code(code));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("amount.amount", api::decimal_amount(api::path(j, {"amount", "amount"}), *currency));
    auto outstanding = field("outstanding.amount", api::decimal_amount(api::path(j, {"outstanding", "amount"}), *currency));
    auto paid = field("paid.amount", api::decimal_amount(api::path(j, {"paid", "amount"}), *currency));
    for (auto* r : {&total, &outstanding, &paid}) {
        if (!*r) return unexpected(std::move(*r).error());
    }
    if (auto st = api::set_amounts(inv, *total, *outstanding, *paid); !st) return unexpected(std::move(st).error());
    const std::string v3 = text(j, "v3_status");
    const std::string vis = text(j, "vis_state");
    if (vis == "1" || vis == "2") {
        inv.status = InvoiceStatus::Void;  // deleted or archived
    } else if (v3 == "draft") {
        inv.status = InvoiceStatus::Draft;
    } else if (v3 == "disputed" || !text(j, "dispute_status").empty()) {
        inv.status = InvoiceStatus::Disputed;
    } else {
        inv.status = outstanding->is_positive() ? InvoiceStatus::Open : InvoiceStatus::Paid;
    }
    if (inv.status == InvoiceStatus::Paid) {  // the day it was fully paid: the resolution date
        auto paid_on = field("date_paid", api::iso_date(text(j, "date_paid")));
        if (!paid_on) return unexpected(std::move(paid_on).error());
        inv.resolved_on = *paid_on;
    }
    auto issued = field("create_date", api::iso_date(text(j, "create_date")));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("due_date", api::iso_date(text(j, "due_date")));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    Customer c;
    c.id = text(j, "customerid");
    c.name = text(j, "organization");
    if (c.name.empty()) c.name = text(j, "fname") + (text(j, "lname").empty() ? "" : " " + text(j, "lname"));
    for (const auto& e : api::emails_in(text(j, "email"))) api::add_email(c.emails, e);
    c.language = api::language_of(text(j, "language"));
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'customerid': missing");
    if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
    inv.customer_id = c.id;
    out.customer = std::move(c);
    return out;
}

}  // namespace

Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source) {
    auto j = api::parse_payload(body, "invoice list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice list", [&]() -> Result<api::MappedPage> {
        const Json* result = result_of(*j);
        const Json* invoices = result != nullptr ? api::array(*result, "invoices") : nullptr;
        if (invoices == nullptr) return fail(ErrorCode::InvalidInput, "no 'response.result.invoices' in the answer");
        api::MappedPage page;
        api::add_invoices(*invoices, source, "invoice_number", "invoiceid", page, api::kEveryItem, map_invoice);
        const Json* at = member(*result, "page");
        const Json* pages = member(*result, "pages");
        page.more = at != nullptr && pages != nullptr && at->is_number_integer() && pages->is_number_integer() &&
                    at->get<std::int64_t>() < pages->get<std::int64_t>();
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&]() -> Result<FetchedInvoice> {
        const Json* result = result_of(*j);
        const Json* inv = result != nullptr ? member(*result, "invoice") : nullptr;
        if (inv == nullptr) return fail(ErrorCode::InvalidInput, "no 'response.result.invoice' in the answer");
        return map_invoice(*inv);
    });
}

}  // namespace relance::freshbooks
