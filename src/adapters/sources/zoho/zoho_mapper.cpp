// SPDX-License-Identifier: MIT
#include "adapters/sources/zoho/zoho_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::zoho {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

// Zoho Books "Invoices": draft, sent, viewed, overdue, partially_paid, unpaid, paid, void, and
// the approval states (pending_approval, approved) before an invoice is sent.
Result<InvoiceStatus> status_of(std::string_view s) {
    if (s == "sent" || s == "viewed" || s == "overdue" || s == "partially_paid" || s == "unpaid") {
        return InvoiceStatus::Open;
    }
    if (s == "paid") return InvoiceStatus::Paid;
    if (s == "void") return InvoiceStatus::Void;
    if (s == "draft" || s == "pending_approval" || s == "approved") return InvoiceStatus::Draft;
    return fail(ErrorCode::InvalidInput, "unknown invoice status '" + std::string(s) + "'");
}

// Zoho answers errors with HTTP 200 too: a non-zero `code`.
Status check_code(const Json& j) {
    const Json* code = member(j, "code");
    if (code != nullptr && code->is_number_integer() && code->get<std::int64_t>() != 0) {
        return fail(ErrorCode::Rejected, "Zoho error " + api::text_of(code) + ": " + text(j, "message"));
    }
    return ok();
}

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "invoice_number", "invoice_id"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    auto status = field("status", status_of(text(j, "status")));
    if (!status) return unexpected(std::move(status).error());
    inv.status = *status;
    auto currency = field("currency_code", api::currency_code(text(j, "currency_code")));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("total", api::decimal_amount(member(j, "total"), *currency));
    auto balance = field("balance", api::decimal_amount(member(j, "balance"), *currency));
    for (auto* r : {&total, &balance}) {
        if (!*r) return unexpected(std::move(*r).error());
    }
    if (auto st = api::set_amounts(inv, *total, *balance); !st) return unexpected(std::move(st).error());
    auto issued = field("date", api::iso_date(text(j, "date")));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("due_date", api::iso_date(text(j, "due_date")));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    if (inv.status == InvoiceStatus::Paid) {  // its last payment's day: the resolution date
        auto paid_on = field("last_payment_date", api::iso_date(text(j, "last_payment_date")));
        if (!paid_on) return unexpected(std::move(paid_on).error());
        inv.resolved_on = *paid_on;
    }
    inv.payment_link = text(j, "invoice_url");
    Customer c;
    c.id = text(j, "customer_id");
    c.name = text(j, "customer_name");
    for (const auto& e : api::emails_in(text(j, "email"))) api::add_email(c.emails, e);
    if (const Json* persons = api::array(j, "contact_persons_details")) {
        for (const Json& p : *persons) api::add_email(c.emails, text(p, "email"));
    }
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'customer_id': missing");
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
        if (auto st = check_code(*j); !st) return unexpected(std::move(st).error());
        const Json* invoices = api::array(*j, "invoices");
        if (invoices == nullptr) return fail(ErrorCode::InvalidInput, "no 'invoices' list in the answer");
        api::MappedPage page;
        api::add_invoices(*invoices, source, "invoice_number", "invoice_id", page, api::kEveryItem, map_invoice);
        const Json* more = api::path(*j, {"page_context", "has_more_page"});
        page.more = more != nullptr && more->is_boolean() && more->get<bool>();
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&]() -> Result<FetchedInvoice> {
        if (auto st = check_code(*j); !st) return unexpected(std::move(st).error());
        const Json* inv = member(*j, "invoice");
        if (inv == nullptr) return fail(ErrorCode::InvalidInput, "no 'invoice' in the answer");
        return map_invoice(*inv);
    });
}

}  // namespace relance::zoho
