// SPDX-License-Identifier: MIT
// Reading the JSON bodies of invoicing APIs without ever turning an amount into a double: a SAX
// pass keeps every number with a fraction or an exponent as its text (a JSON string in the
// tree), integers stay exact, and the helpers below read amounts digit by digit through core's
// parse_money, dates as civil dates. nlohmann::json exceptions are caught here and become
// InvalidInput errors naming the field and the page.
//
// Include this header from a mapper's .cpp only: nlohmann/json.hpp is slow to compile and must
// not spread through widely included headers. It must not know any vendor.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/sources/api/api_source.h"
#include "core/error.h"
#include "core/money/money.h"
#include "core/time/date.h"

namespace relance::api {

using Json = nlohmann::json;

/// Parses a response body; `what` names it in errors ("page 3 of GET /v1/invoices"). Numbers
/// with a fraction or an exponent come back as JSON strings holding their exact text.
[[nodiscard]] Result<Json> parse_payload(std::string_view body, std::string_view what);

/// The member `key` of the object `j`; nullptr when `j` is no object, or the member is absent or
/// null.
[[nodiscard]] const Json* member(const Json& j, std::string_view key);
/// The member at a path of keys, e.g. path(j, {"outstanding", "amount"}); nullptr as member().
[[nodiscard]] const Json* path(const Json& j, std::initializer_list<std::string_view> keys);
/// A member's text: a string as it is, a number (or a number kept as text) in its decimal form,
/// true/false; "" when absent or null.
[[nodiscard]] std::string text(const Json& j, std::string_view key);
[[nodiscard]] std::string text_of(const Json* v);
/// The array member `key`, or nullptr (absent, null, or not an array).
[[nodiscard]] const Json* array(const Json& j, std::string_view key);

/// An amount in major units, as an API gives it: "1234.56" (string), 1234.56 (number, read as
/// its text) or 1234 (integer). Extra zero decimals ("1000.0" in JPY) are dropped; any other
/// decimal beyond the currency's exponent is an error, never rounded.
[[nodiscard]] Result<Money> decimal_amount(const Json* v, Currency currency);
/// The same on a text.
[[nodiscard]] Result<Money> decimal_amount_text(std::string_view text, Currency currency);
/// An amount as an integer count of minor units (Stripe: 1050 = 10.50 EUR, 1050 = 1050 JPY).
[[nodiscard]] Result<Money> minor_amount(const Json* v, Currency currency);
/// An ISO 4217 code in any case ("eur", "EUR").
[[nodiscard]] Result<Currency> currency_code(std::string_view code);

/// "2026-03-14", or the date part of "2026-03-14T00:00:00" / "2026-03-14T10:00:00+01:00" (the
/// tool's own civil date, never shifted). Empty text: no date.
[[nodiscard]] Result<std::optional<Date>> iso_date(std::string_view text);
/// The civil date in `zone` (the company's IANA zone) at Unix second `seconds` (Stripe).
[[nodiscard]] Result<Date> unix_date(std::int64_t seconds, std::string_view zone);
/// A Microsoft JSON date, "/Date(1546128000000+0000)/" (Xero): milliseconds since the epoch in
/// UTC, shifted by the offset when one is given, then its civil date. Empty text: no date.
[[nodiscard]] Result<std::optional<Date>> ms_json_date(std::string_view text);

/// `r`, with "field 'name'" as context when it failed.
template <class T>
[[nodiscard]] Result<T> field(std::string_view name, Result<T> r) {
    if (!r) return unexpected(std::move(r).error().with_context("field '" + std::string(name) + "'"));
    return r;
}

/// Runs `body` (a mapping over a parsed payload), turning a nlohmann exception (a member of the
/// wrong type, say) into InvalidInput with `what` as context.
template <class F>
auto guarded_json(std::string_view what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Json::exception& e) {
        return unexpected(make_error(ErrorCode::InvalidInput,
                                     std::string("unexpected JSON shape: ") + e.what())
                              .with_context(std::string(what)));
    }
}

/// Sets the invoice's number (member `number_key`; its id when it has none, a draft's say) and
/// the tool's id (member `id_key`). InvalidInput when it has neither.
[[nodiscard]] Status identify(FetchedInvoice& out, const Json& j, std::string_view number_key,
                              std::string_view id_key);

/// Maps each invoice of a list page with `map(item)` (a Result<FetchedInvoice>) into `page`:
/// one that fails is a rejected row named by its number (else its id) and the rest goes on;
/// drafts are left out; items for which `keep(item)` is false are skipped unread.
template <class Keep, class Map>
void add_invoices(const Json& items, std::string_view source, std::string_view number_key,
                  std::string_view id_key, MappedPage& page, Keep&& keep, Map&& map) {
    for (const Json& item : items) {
        if (!keep(item)) continue;
        std::string label = text(item, number_key);
        if (label.empty()) label = text(item, id_key);
        auto mapped = guarded_json("invoice " + label, [&] { return map(item); });
        if (!mapped) {
            page.rejected.push_back(rejected_invoice(source, label, mapped.error()));
            continue;
        }
        if (mapped->invoice.status == InvoiceStatus::Draft) continue;
        page.remote_ids[mapped->invoice.number] = mapped->remote_id;
        if (mapped->customer) page.customers.push_back(std::move(*mapped->customer));
        page.invoices.push_back(std::move(mapped->invoice));
    }
}

/// Every item.
inline constexpr auto kEveryItem = [](const Json& /*item*/) { return true; };

}  // namespace relance::api
