// SPDX-License-Identifier: MIT
// Charts drawn by the server as inline SVG: horizontal bars and a stacked area over days. Pure
// string building, no JavaScript and no style attributes (the page's Content-Security-Policy
// allows none): colours come from CSS classes (l0 .. l4 per level). Values are integers (minor
// units, counts); the caller gives each one its formatted text, so charts know no currency.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace relance::web {

struct Bar {
    std::string label;       // left of the bar
    std::int64_t value = 0;  // its length, relative to the largest
    std::string text;        // right of the bar, e.g. "12 480,00 €"
    std::string css_class;   // e.g. "l2"
};

/// One bar per row, scaled to the largest value; readable down to a 320 px wide phone.
[[nodiscard]] std::string bar_chart(std::span<const Bar> bars, std::string_view title);

struct Band {
    std::string label;                // legend
    std::string css_class;            // e.g. "l1"
    std::vector<std::int64_t> values; // one per x label
};

/// Bands stacked over the x labels (days), with a y axis of `ticks` gridlines whose values are
/// written by `format`. Empty input draws a note instead of a chart.
[[nodiscard]] std::string stacked_area_chart(std::span<const std::string> x_labels,
                                             std::span<const Band> bands,
                                             const std::function<std::string(std::int64_t)>& format,
                                             std::string_view title, std::string_view empty_note);

/// Escapes text for HTML and SVG (& < > " ').
[[nodiscard]] std::string escape(std::string_view text);
/// Percent-encodes everything but unreserved characters (RFC 3986), for query values.
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace relance::web
