// SPDX-License-Identifier: MIT
#include "adapters/sources/xero/xero_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::xero {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

// developer.xero.com, Invoices "Status": an AUTHORISED invoice is awaiting payment; SUBMITTED
// awaits approval and was never sent, as a DRAFT.
Result<InvoiceStatus> status_of(std::string_view s) {
    if (s == "AUTHORISED") return InvoiceStatus::Open;
    if (s == "PAID") return InvoiceStatus::Paid;
    if (s == "VOIDED" || s == "DELETED") return InvoiceStatus::Void;
    if (s == "DRAFT" || s == "SUBMITTED") return InvoiceStatus::Draft;
    return fail(ErrorCode::InvalidInput, "unknown invoice status '" + std::string(s) + "'");
}

Result<std::optional<Date>> date_of(const Json& j, std::string_view key) {
    auto d = api::ms_json_date(text(j, key));
    if (!d || d->has_value()) return d;
    return api::iso_date(text(j, std::string(key) + "String"));  // "2018-12-30T00:00:00"
}

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "InvoiceNumber", "InvoiceID"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    auto status = field("Status", status_of(text(j, "Status")));
    if (!status) return unexpected(std::move(status).error());
    inv.status = *status;
    auto currency = field("CurrencyCode", api::currency_code(text(j, "CurrencyCode")));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("Total", api::decimal_amount(member(j, "Total"), *currency));
    auto due_amount = field("AmountDue", api::decimal_amount(member(j, "AmountDue"), *currency));
    auto paid = field("AmountPaid", api::decimal_amount(member(j, "AmountPaid"), *currency));
    for (auto* r : {&total, &due_amount, &paid}) {
        if (!*r) return unexpected(std::move(*r).error());
    }
    if (auto st = api::set_amounts(inv, *total, *due_amount, *paid); !st) return unexpected(std::move(st).error());
    if (inv.status == InvoiceStatus::Paid && inv.paid.is_zero() && inv.credited.is_positive()) {
        inv.status = InvoiceStatus::Credited;  // settled by credit notes
    }
    auto issued = field("Date", date_of(j, "Date"));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("DueDate", date_of(j, "DueDate"));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    if (inv.status == InvoiceStatus::Paid || inv.status == InvoiceStatus::Credited) {
        // The day of the last payment or credit that settled it: the resolution date.
        auto paid_on = field("FullyPaidOnDate", date_of(j, "FullyPaidOnDate"));
        if (!paid_on) return unexpected(std::move(paid_on).error());
        inv.resolved_on = *paid_on;
    }
    const Json* contact = member(j, "Contact");
    if (contact == nullptr) return fail(ErrorCode::InvalidInput, "field 'Contact': missing");
    Customer c;
    c.id = text(*contact, "ContactID");
    c.name = text(*contact, "Name");
    api::add_email(c.emails, text(*contact, "EmailAddress"));
    if (const Json* persons = api::array(*contact, "ContactPersons")) {
        for (const Json& p : *persons) {
            const Json* include = member(p, "IncludeInEmails");
            if (include != nullptr && include->is_boolean() && include->get<bool>()) {
                api::add_email(c.emails, text(p, "EmailAddress"));
            }
        }
    }
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'Contact.ContactID': missing");
    if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
    inv.customer_id = c.id;
    out.customer = std::move(c);
    return out;
}

}  // namespace

Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source, int page_size) {
    auto j = api::parse_payload(body, "invoice list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice list", [&]() -> Result<api::MappedPage> {
        const Json* invoices = api::array(*j, "Invoices");
        if (invoices == nullptr) return fail(ErrorCode::InvalidInput, "no 'Invoices' list in the answer");
        api::MappedPage page;
        // Bills to pay (ACCPAY) are not dunned.
        api::add_invoices(*invoices, source, "InvoiceNumber", "InvoiceID", page,
                          [](const Json& item) { return text(item, "Type") == "ACCREC"; }, map_invoice);
        if (const Json* p = member(*j, "pagination"); p != nullptr) {
            const Json* at = member(*p, "page");
            const Json* count = member(*p, "pageCount");
            page.more = at != nullptr && count != nullptr && at->is_number_integer() && count->is_number_integer() &&
                        at->get<std::int64_t>() < count->get<std::int64_t>();
        } else {
            page.more = static_cast<int>(invoices->size()) >= page_size;
        }
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&]() -> Result<FetchedInvoice> {
        const Json* invoices = api::array(*j, "Invoices");
        if (invoices == nullptr || invoices->empty()) return fail(ErrorCode::InvalidInput, "no invoice in the answer");
        return map_invoice((*invoices)[0]);
    });
}

}  // namespace relance::xero
