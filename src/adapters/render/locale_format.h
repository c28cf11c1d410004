// SPDX-License-Identifier: MIT
// Display formats for amounts and dates in a message's language ("1 234,56 €", "15 March 2026").
// Pure functions over fixed tables: they never read std::locale, the C locale, the TZ variable or
// the clock, so the host's settings cannot change a message. Parsing lives in core/, not here.
//
// Spaces (exact bytes, asserted by the tests):
//  - French groups thousands with U+202F NARROW NO-BREAK SPACE (bytes E2 80 AF) and puts
//    U+00A0 NO-BREAK SPACE (bytes C2 A0) between the number and the symbol or code, as the
//    French typographic rule and CLDR do. Both are no-break, so "1 234,56 €" never wraps.
//  - English writes "€1,234.56" (symbol glued in front) and "KWD 1,234.567" (code, then U+00A0).
#pragma once

#include <string>
#include <string_view>

#include "core/money/money.h"
#include "core/time/date.h"

namespace relance {

/// U+202F narrow no-break space: the French thousands separator.
inline constexpr std::string_view kNarrowNbsp = "\xE2\x80\xAF";
/// U+00A0 no-break space: between an amount and its currency sign.
inline constexpr std::string_view kNbsp = "\xC2\xA0";

/// The number conventions used for a language tag. Tags starting with "en" (en, en-GB, EN_us)
/// are English; every other tag, the empty one included, is French (the product's default).
enum class NumberStyle { French, English };
[[nodiscard]] NumberStyle number_style(std::string_view lang);

/// The sign for a currency: € $ £ ¥ for EUR USD GBP JPY; empty for every other currency,
/// which is then written with its ISO code.
[[nodiscard]] std::string_view currency_symbol(Currency currency);

/// An amount with the currency's own number of decimals (JPY 0, EUR 2, KWD 3):
/// fr "1 234,56 €", "-1 234,56 €", "1 234,567 KWD"; en "€1,234.56", "-€1,234.56", "KWD 1,234.567".
[[nodiscard]] std::string format_money(const Money& amount, std::string_view lang);

/// A rate in basis points with two decimals: fr "12,15 %" (U+202F before the sign, as CLDR),
/// en "12.15%".
[[nodiscard]] std::string format_rate(int rate_bps, std::string_view lang);

/// A civil date exactly as stored, never shifted: fr "05/03/2026", en "5 March 2026".
[[nodiscard]] std::string format_date(Date date, std::string_view lang);

}  // namespace relance
