// SPDX-License-Identifier: MIT
// Coordinates are computed in double (display only: amounts stay integers until here) and
// written with one decimal, which keeps the SVG small and stable for tests.
#include "app/web/charts.h"

#include <fmt/format.h>

#include <algorithm>

namespace relance::web {
namespace {

constexpr double kWidth = 420;

std::string num(double v) { return fmt::format("{:.1f}", v); }

/// A round step for `ticks` gridlines up to `max` (1, 2 or 5 times a power of ten).
std::int64_t nice_step(std::int64_t max, int ticks) {
    const std::int64_t raw = std::max<std::int64_t>(1, (max + ticks - 1) / ticks);
    std::int64_t power = 1;
    while (power * 10 <= raw) power *= 10;
    for (std::int64_t m : {1, 2, 5, 10}) {
        if (m * power >= raw) return m * power;
    }
    return 10 * power;
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string url_encode(std::string_view s) {
    std::string out;
    for (char raw : s) {
        const auto ch = static_cast<unsigned char>(raw);
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out += static_cast<char>(ch);
        } else {
            out += fmt::format("%{:02X}", ch);
        }
    }
    return out;
}

std::string bar_chart(std::span<const Bar> bars, std::string_view title) {
    constexpr double kRow = 34;
    constexpr double kLabel = 118;  // label column
    constexpr double kText = 104;   // value column
    const double height = kRow * static_cast<double>(bars.size()) + 8;
    std::int64_t max = 1;
    for (const Bar& b : bars) max = std::max(max, b.value);
    std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
                      "\" role=\"img\" aria-label=\"" + escape(title) + "\"><title>" +
                      escape(title) + "</title>";
    double y = 4;
    for (const Bar& b : bars) {
        const double room = kWidth - kLabel - kText;
        const double w = b.value <= 0 ? 0 : std::max(2.0, room * static_cast<double>(b.value) /
                                                               static_cast<double>(max));
        svg += "<g><title>" + escape(b.label) + ": " + escape(b.text) + "</title>";
        svg += "<text class=\"label\" x=\"0\" y=\"" + num(y + 21) + "\">" + escape(b.label) + "</text>";
        svg += "<rect class=\"bar " + escape(b.css_class) + "\" x=\"" + num(kLabel) + "\" y=\"" +
               num(y + 4) + "\" width=\"" + num(w) + "\" height=\"" + num(kRow - 10) + "\" rx=\"3\"/>";
        svg += "<text class=\"value\" x=\"" + num(kLabel + w + 6) + "\" y=\"" + num(y + 21) + "\">" +
               escape(b.text) + "</text></g>";
        y += kRow;
    }
    return svg + "</svg>";
}

std::string stacked_area_chart(std::span<const std::string> x_labels, std::span<const Band> bands,
                               const std::function<std::string(std::int64_t)>& format,
                               std::string_view title, std::string_view empty_note) {
    if (x_labels.empty() || bands.empty()) {
        return "<p class=\"empty\">" + escape(empty_note) + "</p>";
    }
    constexpr double kHeight = 230;
    constexpr double kLeft = 78;   // y axis labels
    constexpr double kBottom = 24; // x axis labels
    constexpr double kTop = 8;
    constexpr int kTicks = 4;
    const std::size_t n = x_labels.size();
    std::vector<std::int64_t> top(n, 0);
    for (const Band& b : bands) {
        for (std::size_t i = 0; i < n && i < b.values.size(); ++i) top[i] += b.values[i];
    }
    const std::int64_t highest = std::max<std::int64_t>(1, *std::max_element(top.begin(), top.end()));
    const std::int64_t step = nice_step(highest, kTicks);
    const int ticks = static_cast<int>((highest + step - 1) / step);  // 1 .. kTicks gridlines
    const double y_max = static_cast<double>(step * ticks);
    const double plot_w = kWidth - kLeft - 8;
    const double plot_h = kHeight - kTop - kBottom;
    const auto x_at = [&](std::size_t i) {
        return n == 1 ? kLeft + plot_w / 2
                      : kLeft + plot_w * static_cast<double>(i) / static_cast<double>(n - 1);
    };
    const auto y_at = [&](std::int64_t v) {
        return kTop + plot_h - plot_h * static_cast<double>(v) / y_max;
    };

    std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                      "\" role=\"img\" aria-label=\"" + escape(title) + "\"><title>" +
                      escape(title) + "</title>";
    for (int t = 0; t <= ticks; ++t) {
        const double y = y_at(step * t);
        svg += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - 8) + "\" y1=\"" +
               num(y) + "\" y2=\"" + num(y) + "\"/>";
        svg += "<text class=\"axis\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(y + 4) +
               "\" text-anchor=\"end\">" + escape(format(step * t)) + "</text>";
    }
    // Bands from the bottom up: each one's polygon runs along its top, then back along its base.
    std::vector<std::int64_t> base(n, 0);
    for (const Band& b : bands) {
        std::vector<std::int64_t> upper(base);
        for (std::size_t i = 0; i < n && i < b.values.size(); ++i) upper[i] += b.values[i];
        std::string points;
        for (std::size_t i = 0; i < n; ++i) points += num(x_at(i)) + "," + num(y_at(upper[i])) + " ";
        for (std::size_t i = n; i-- > 0;) points += num(x_at(i)) + "," + num(y_at(base[i])) + " ";
        if (n == 1) {  // a single day: a bar rather than a line of zero width
            const double x = x_at(0);
            svg += "<rect class=\"area " + escape(b.css_class) + "\" x=\"" + num(x - 12) + "\" y=\"" +
                   num(y_at(upper[0])) + "\" width=\"24\" height=\"" +
                   num(y_at(base[0]) - y_at(upper[0])) + "\"><title>" + escape(b.label) + "</title></rect>";
        } else {
            points.pop_back();
            svg += "<polygon class=\"area " + escape(b.css_class) + "\" points=\"" + points +
                   "\"><title>" + escape(b.label) + "</title></polygon>";
        }
        base = std::move(upper);
    }
    // At most 5 x labels: first, last and evenly spaced ones between.
    const std::size_t labels = std::min<std::size_t>(n, 5);
    for (std::size_t k = 0; k < labels; ++k) {
        const std::size_t i = labels == 1 ? 0 : k * (n - 1) / (labels - 1);
        const char* anchor = k == 0 && n > 1 ? "start" : (k + 1 == labels && n > 1 ? "end" : "middle");
        svg += "<text class=\"axis\" x=\"" + num(x_at(i)) + "\" y=\"" + num(kHeight - 6) +
               "\" text-anchor=\"" + anchor + "\">" + escape(x_labels[i]) + "</text>";
    }
    svg += "</svg><ul class=\"legend\">";
    for (const Band& b : bands) {
        svg += "<li><span class=\"swatch " + escape(b.css_class) + "\"></span>" + escape(b.label) + "</li>";
    }
    return svg + "</ul>";
}

}  // namespace relance::web
