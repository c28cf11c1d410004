// SPDX-License-Identifier: MIT
#include "adapters/sources/sellsy/sellsy_mapper.h"

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::sellsy {
namespace {

using api::Json;
using api::field;
using api::member;
using api::text;

Result<InvoiceStatus> status_of(std::string_view s) {
    if (s == "due" || s == "payinprogress" || s == "late") return InvoiceStatus::Open;
    if (s == "paid") return InvoiceStatus::Paid;
    if (s == "cancelled") return InvoiceStatus::Void;
    if (s == "draft") return InvoiceStatus::Draft;
    return fail(ErrorCode::InvalidInput, "unknown invoice status '" + std::string(s) + "'");
}

// The billed party: the first company or individual among `related`.
std::string billed(const Json& j) {
    if (const Json* related = api::array(j, "related")) {
        for (const Json& r : *related) {
            const std::string type = text(r, "type");
            if (type == "company" || type == "individual") return type + ":" + text(r, "id");
        }
    }
    return {};
}

Result<FetchedInvoice> map_invoice(const Json& j) {
    FetchedInvoice out;
    if (auto st = api::identify(out, j, "number", "id"); !st) return unexpected(std::move(st).error());
    Invoice& inv = out.invoice;
    auto status = field("status", status_of(text(j, "status")));
    if (!status) return unexpected(std::move(status).error());
    inv.status = *status;
    auto currency = field("currency", api::currency_code(text(j, "currency").empty() ? "EUR" : text(j, "currency")));
    if (!currency) return unexpected(std::move(currency).error());
    auto total = field("amounts.total_incl_tax", api::decimal_amount(api::path(j, {"amounts", "total_incl_tax"}), *currency));
    if (!total) return unexpected(std::move(total).error());
    Money remaining = inv.status == InvoiceStatus::Paid ? Money::zero(*currency) : *total;
    if (const Json* r = api::path(j, {"amounts", "total_remaining_due_incl_tax"}); r != nullptr) {
        auto left = field("amounts.total_remaining_due_incl_tax", api::decimal_amount(r, *currency));
        if (!left) return unexpected(std::move(left).error());
        remaining = *left;
    }
    if (auto st = api::set_amounts(inv, *total, remaining); !st) return unexpected(std::move(st).error());
    auto issued = field("date", api::iso_date(text(j, "date")));
    if (!issued) return unexpected(std::move(issued).error());
    inv.issue_date = *issued;
    auto due = field("due_date", api::iso_date(text(j, "due_date")));
    if (!due) return unexpected(std::move(due).error());
    inv.due_date = *due;
    if (const Json* link = member(j, "public_link"); link != nullptr && link->is_object()) {
        const Json* enabled = member(*link, "enabled");
        if (enabled == nullptr || (enabled->is_boolean() && enabled->get<bool>())) inv.payment_link = text(*link, "url");
    }
    inv.pdf_url = text(j, "pdf_link");
    inv.customer_id = billed(j);
    if (inv.customer_id.empty()) return fail(ErrorCode::InvalidInput, "field 'related': no company or individual billed");
    Customer c;  // its name and e-mails: from the company or individual (parse_party)
    c.id = inv.customer_id;
    out.customer = std::move(c);
    return out;
}

}  // namespace

Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source) {
    auto j = api::parse_payload(body, "invoice list");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice list", [&]() -> Result<api::MappedPage> {
        const Json* data = api::array(*j, "data");
        if (data == nullptr) return fail(ErrorCode::InvalidInput, "no 'data' list in the answer");
        api::MappedPage page;
        api::add_invoices(*data, source, "number", "id", page, api::kEveryItem, map_invoice);
        // Seek pagination: an opaque offset; a page shorter than the limit is the last one.
        const Json* pagination = member(*j, "pagination");
        if (pagination != nullptr) {
            page.next = text(*pagination, "offset");
            const Json* count = member(*pagination, "count");
            const Json* limit = member(*pagination, "limit");
            page.more = count != nullptr && limit != nullptr && count->is_number_integer() &&
                        limit->is_number_integer() && count->get<std::int64_t>() > 0 &&
                        count->get<std::int64_t>() >= limit->get<std::int64_t>() && !page.next.empty();
        }
        return page;
    });
}

Result<FetchedInvoice> parse_invoice(std::string_view body) {
    auto j = api::parse_payload(body, "invoice");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("invoice", [&] { return map_invoice(*j); });
}

Result<Party> parse_party(std::string_view body, std::string_view kind) {
    auto j = api::parse_payload(body, std::string(kind));
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json(kind, [&]() -> Result<Party> {
        Party p;
        Customer& c = p.customer;
        c.id = std::string(kind) + ":" + text(*j, "id");
        c.name = text(*j, "name");
        if (c.name.empty()) {
            c.name = text(*j, "first_name");
            if (const auto last = text(*j, "last_name"); !last.empty()) c.name += (c.name.empty() ? "" : " ") + last;
        }
        api::add_email(c.emails, text(*j, "email"));
        c.type = kind == "individual" ? CustomerType::B2C : CustomerType::B2B;
        if (const auto siren = api::text_of(api::path(*j, {"legal_france", "siren"})); !siren.empty()) c.siren = siren;
        for (const char* key : {"dunning_contact_id", "invoicing_contact_id", "main_contact_id"}) {
            p.contact_id = text(*j, key);
            if (!p.contact_id.empty()) break;
        }
        if (c.name.empty()) c.name = c.emails.empty() ? c.id : c.emails.front();
        return p;
    });
}

Result<std::string> parse_contact_email(std::string_view body) {
    auto j = api::parse_payload(body, "contact");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("contact", [&]() -> Result<std::string> { return text(*j, "email"); });
}

std::string search_body() {
    return Json{{"filters", {{"status", Json::array({"due", "payinprogress", "late"})}}}}.dump();
}

}  // namespace relance::sellsy
