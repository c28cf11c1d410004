// SPDX-License-Identifier: MIT
#include "adapters/sources/quickbooks/quickbooks_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::quickbooks {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "DocNumber", "Id"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    // A company without multicurrency gives no CurrencyRef: its home currency, USD by default.
    const std::string code = api::text_of(api::path(j, {"CurrencyRef", "value"}));
    auto currency = field("CurrencyRef", api::currency_code(code.empty() ? "USD" : code));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("TotalAmt", api::decimal_amount(member(j, "TotalAmt"), *currency));
    auto balance = field("Balance", api::decimal_amount(member(j, "Balance"), *currency));
    for (auto* r : {&total, &balance}) {
        if (!*r) return unexpected(std::move(*r).error());
    }
    if (auto st = api::set_amounts(inv, *total, *balance); !st) return unexpected(std::move(st).error());
    const bool voided = total->is_zero() && balance->is_zero() && text(j, "PrivateNote").find("Voided") != std::string::npos;
    inv.status = voided ? InvoiceStatus::Void : balance->is_positive() ? InvoiceStatus::Open : InvoiceStatus::Paid;
    auto issued = field("TxnDate", api::iso_date(text(j, "TxnDate")));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("DueDate", api::iso_date(text(j, "DueDate")));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    inv.payment_link = text(j, "InvoiceLink");
    Customer c;
    c.id = api::text_of(api::path(j, {"CustomerRef", "value"}));
    c.name = api::text_of(api::path(j, {"CustomerRef", "name"}));
    for (const auto& e : api::emails_in(api::text_of(api::path(j, {"BillEmail", "Address"})))) api::add_email(c.emails, e);
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'CustomerRef': missing");
    if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
    inv.customer_id = c.id;
    out.customer = std::move(c);
    return out;
}

}  // namespace

Result<api::MappedPage> parse_query(std::string_view body, std::string_view source, int page_size) {
    auto j = api::parse_payload(body, "query answer");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("query answer", [&]() -> Result<api::MappedPage> {
        const Json* response = member(*j, "QueryResponse");
        if (response == nullptr) return fail(ErrorCode::InvalidInput, "no 'QueryResponse' in the answer");
        api::MappedPage page;
        const Json* invoices = api::array(*response, "Invoice");  // absent when none match
        if (invoices == nullptr) return page;
        api::add_invoices(*invoices, source, "DocNumber", "Id", page, api::kEveryItem, map_invoice);
        page.more = static_cast<int>(invoices->size()) >= page_size;
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&]() -> Result<FetchedInvoice> {
        const Json* inv = member(*j, "Invoice");
        if (inv == nullptr) return fail(ErrorCode::InvalidInput, "no 'Invoice' in the answer");
        return map_invoice(*inv);
    });
}

std::string invoice_query(int page, int page_size) {
    // STARTPOSITION is 1-based; MAXRESULTS is at most 1000 (developer.intuit.com, "Query operations").
    return "select * from Invoice where Balance > '0' ORDERBY Id STARTPOSITION " +
           std::to_string((page - 1) * page_size + 1) + " MAXRESULTS " + std::to_string(page_size);
}

}  // namespace relance::quickbooks
