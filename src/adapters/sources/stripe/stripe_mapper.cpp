// SPDX-License-Identifier: MIT
#include "adapters/sources/stripe/stripe_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::stripe {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

Result<InvoiceStatus> status_of(std::string_view s) {
    if (s == "open") return InvoiceStatus::Open;
    if (s == "paid") return InvoiceStatus::Paid;
    if (s == "void") return InvoiceStatus::Void;
    if (s == "uncollectible") return InvoiceStatus::Uncollectible;
    if (s == "draft") return InvoiceStatus::Draft;
    return fail(ErrorCode::InvalidInput, "unknown invoice status '" + std::string(s) + "'");
}

Result<std::optional<Date>> date_of(const Json& j, std::string_view key, std::string_view zone) {
    const Json* v = member(j, key);
    if (v == nullptr) return std::optional<Date>{};
    if (!v->is_number_integer()) return fail(ErrorCode::InvalidInput, "expected Unix seconds");
    auto d = api::unix_date(v->get<std::int64_t>(), zone);
    if (!d) return unexpected(std::move(d).error());
    return std::optional<Date>{*d};
}

Result<FetchedInvoice> map_invoice(const Json& j, std::string_view zone) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "number", "id"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    auto currency = field("currency", api::currency_code(text(j, "currency")));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("total", api::minor_amount(member(j, "total"), *currency));
    auto paid = field("amount_paid", api::minor_amount(member(j, "amount_paid"), *currency));
    auto remaining = field("amount_remaining", api::minor_amount(member(j, "amount_remaining"), *currency));
    for (auto* r : {&total, &paid, &remaining}) {
        if (!*r) return unexpected(std::move(*r).error());
    }
    if (auto st = api::set_amounts(inv, *total, *remaining, *paid); !st) return unexpected(std::move(st).error());
    auto status = field("status", status_of(text(j, "status")));
    if (!status) return unexpected(std::move(status).error());
    inv.status = *status;
    // Closed by credit notes rather than a payment.
    if (inv.status == InvoiceStatus::Paid && inv.paid.is_zero() && inv.credited.is_positive()) {
        inv.status = InvoiceStatus::Credited;
    }
    auto issued = field("created", date_of(j, "created", zone));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("due_date", date_of(j, "due_date", zone));  // null when charged automatically
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    // The day it was closed (Unix seconds in status_transitions: paid_at, voided_at,
    // marked_uncollectible_at), in the company's zone: the resolution date.
    if (const Json* tr = member(j, "status_transitions"); tr != nullptr) {
        const std::string_view key = inv.status == InvoiceStatus::Paid || inv.status == InvoiceStatus::Credited
                                         ? "paid_at"
                                     : inv.status == InvoiceStatus::Void          ? "voided_at"
                                     : inv.status == InvoiceStatus::Uncollectible ? "marked_uncollectible_at"
                                                                                  : "";
        if (!key.empty()) {
            auto closed = field("status_transitions." + std::string(key), date_of(*tr, key, zone));
            if (!closed) return unexpected(std::move(closed).error());
            inv.resolved_on = *closed;
        }
    }
    inv.payment_link = text(j, "hosted_invoice_url");
    inv.pdf_url = text(j, "invoice_pdf");

    Customer c;
    const Json* customer = member(j, "customer");
    if (customer != nullptr && customer->is_object()) {  // expanded
        c.id = text(*customer, "id");
        c.name = text(*customer, "name");
        api::add_email(c.emails, text(*customer, "email"));
    } else {
        c.id = api::text_of(customer);
    }
    if (const auto name = text(j, "customer_name"); !name.empty()) c.name = name;
    api::add_email(c.emails, text(j, "customer_email"));
    if (const Json* locales = api::array(j, "customer_preferred_locales"); locales != nullptr && !locales->empty()) {
        c.language = api::language_of(api::text_of(&(*locales)[0]));
    }
    if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
    if (c.id.empty()) return fail(ErrorCode::InvalidInput, "field 'customer': missing");
    inv.customer_id = c.id;
    out.customer = std::move(c);
    return out;
}

}  // namespace

Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source, std::string_view zone) {
    auto j = api::parse_payload(body, "invoice list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice list", [&]() -> Result<api::MappedPage> {
        const Json* data = api::array(*j, "data");
        if (data == nullptr) return fail(ErrorCode::InvalidInput, "no 'data' list in the answer");
        api::MappedPage page;
        api::add_invoices(*data, source, "number", "id", page, api::kEveryItem,
                          [&](const Json& item) { return map_invoice(item, zone); });
        page.more = member(*j, "has_more") != nullptr && (*j)["has_more"].is_boolean() && (*j)["has_more"].get<bool>();
        if (!data->empty()) page.next = text(data->back(), "id");
        if (page.more && page.next.empty()) return fail(ErrorCode::InvalidInput, "has_more without an invoice id");
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body, std::string_view zone) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&] { return map_invoice(*j, zone); });
}

}  // namespace relance::stripe
