// SPDX-License-Identifier: MIT
// What the alert channels share (internal to adapters/delivery/alerts): exact JSON numbers for
// amounts, texts and links of a notice, and one HTTP call to a service with the shared retry rule
// and the mapping of its answer to a delivery outcome.
//
// Must not: be included outside this folder (it brings nlohmann::json), or show a URL's path.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "adapters/delivery/alerts/alert_channels.h"

namespace relance::notice {

using nlohmann::json;
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// A placeholder for an exact decimal number (dump_exact writes it as a bare JSON number), so
/// that an amount never goes through a double.
[[nodiscard]] json exact_number(const Money& m);
/// j.dump(), with every exact_number written as the number itself: 12480.00.
[[nodiscard]] std::string dump_exact(const json& j);

/// "12 480,00 €" through the format, or "12480.00 EUR".
[[nodiscard]] std::string money(const NoticeFormat& f, const Money& m);
/// <dashboard_url>/invoice?source=<source>&number=<number> (the dashboard's invoice page, values
/// percent-encoded), the dashboard itself for a notice without invoice, or "" without one.
[[nodiscard]] std::string dashboard_link(const NoticeFormat& f, std::string_view source,
                                         std::string_view invoice_number);
/// "F-2026-0130 · Müller Logistik GmbH · 12 480,00 € · 39 days late · level 2" (what is known).
[[nodiscard]] std::string alert_facts(const NoticeFormat& f, const AlertCandidate& a);
/// "new", "worse than before", "reminder: still open".
[[nodiscard]] std::string_view why_text(RaiseReason why);
/// The title a task or alert page/record gets: "Overdue amount above 5000.00 EUR: F-2026-0130 (Müller …)".
[[nodiscard]] std::string record_title(const Notice& n);

/// Cuts `s` to at most `max` bytes at a UTF-8 boundary, with "…" when cut.
[[nodiscard]] std::string clip(std::string_view s, std::size_t max);

/// A request to a service, sent with send_with_retry. Only a request that got no answer
/// *because nothing was sent* (refused connection, unknown host, TLS handshake) is retried and
/// reported Unavailable; one whose answer was lost (timeout, dropped after sending) may have
/// taken effect: Uncertain, never repeated.
/// Outcomes: 2xx -> the response; 429 or 5xx still after the retries -> Unavailable; any other
/// status -> Rejected with `service` and the service's own error text (from `error_text`).
[[nodiscard]] Result<HttpResponse> call_service(HttpTransport& http, std::string_view service,
                                                HttpRequest request, const HttpNoticeOptions& options,
                                                const std::function<std::string(const HttpResponse&)>& error_text);

/// `base` (a configured API address, trailing slashes dropped) followed by `path`.
[[nodiscard]] std::string join_url(std::string_view base, std::string_view path);
/// POST of a JSON `body` to `url` through call_service with error_text_of, with `headers` and
/// the JSON Content-Type.
[[nodiscard]] Result<HttpResponse> post_json(HttpTransport& http, std::string_view service, std::string url,
                                             HttpHeaders headers, std::string body, const HttpNoticeOptions& options);

/// The string at `key` of a JSON object body ("id" of a Notion page), or "?".
[[nodiscard]] std::string string_field(const std::string& body, std::string_view key);

/// The service's error text from a JSON body: "message" / "error.message" / "error" / "code",
/// else the body itself (cut to 300 bytes).
[[nodiscard]] std::string error_text_of(const HttpResponse& r);

}  // namespace relance::notice
