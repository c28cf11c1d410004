// SPDX-License-Identifier: MIT
// The base of every invoicing-API source: its name, its HTTP client (auth, retries, budget) and
// the confirming fetch of one invoice; plus the mapping helpers all the tools' mappers share
// (amounts that add up, rejected invoices, languages, e-mail lists).
//
// It must not: know a vendor's payload or endpoint (each tool's folder does), or decide anything
// about dunning (that is core's planner).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::api {

/// What every API source is configured with.
struct ApiOptions {
    std::string name;      // the configured source name
    std::string base_url;  // e.g. "https://api.stripe.com"; tests and regional hosts change it
    ApiLimits limits;
    std::string zone = "Europe/Paris";  // the company's IANA zone (instants -> civil dates)
    int page_size = 100;
    std::string default_currency = "EUR";  // when the tool gives none
    /// How long data listed earlier still counts when a listing fails (InvoiceSource::freshness).
    std::chrono::seconds freshness{0};
};

/// For tests: no real waiting, a fake monotonic clock.
struct ApiHooks {
    SleepFn sleep;
    MonotonicFn clock;
};

class ApiSource : public InvoiceSource {
public:
    ApiSource(HttpTransport& http, std::unique_ptr<Auth> auth, ApiOptions options, ApiHooks hooks);

    [[nodiscard]] std::string_view name() const override { return options_.name; }
    [[nodiscard]] bool can_fetch() const override { return true; }
    [[nodiscard]] std::chrono::seconds freshness() const override { return options_.freshness; }
    /// Starts a budget of its own, then fetch_one(); errors name the invoice id.
    [[nodiscard]] Result<FetchedInvoice> fetch_invoice(std::string_view id) override;

protected:
    [[nodiscard]] virtual Result<FetchedInvoice> fetch_one(std::string_view id) = 0;
    [[nodiscard]] ApiClient& client() { return client_; }
    [[nodiscard]] const ApiOptions& options() const { return options_; }
    /// base_url + path, without a doubled '/'.
    [[nodiscard]] std::string url(std::string_view path) const;

private:
    ApiOptions options_;
    std::unique_ptr<Auth> auth_;
    ApiClient client_;
};

/// Sets total, paid and credited so that amount_due() is `remaining`: `paid` as the tool gives
/// it (when it does, capped to what the difference allows), the rest of total - remaining as
/// credited. Fails on a currency mismatch.
[[nodiscard]] Status set_amounts(Invoice& invoice, const Money& total, const Money& remaining,
                                 std::optional<Money> paid = std::nullopt);

/// The rejected row of an invoice that could not be mapped; the listing goes on without it.
[[nodiscard]] RejectedRow rejected_invoice(std::string_view source, std::string_view number,
                                           const Error& error, std::string_view field = "");

/// "fr" or "en" from a locale or a language ("fr-FR", "fr_CA", "French", "en"); "" otherwise.
[[nodiscard]] std::string language_of(std::string_view locale);

/// The addresses of a text holding one or several, separated by ',', ';' or spaces; those that
/// do not look like an address (no '@', no dot after it) are left out.
[[nodiscard]] std::vector<std::string> emails_in(std::string_view text);

/// Adds `e` to `emails` when it looks like an address and is not there yet.
void add_email(std::vector<std::string>& emails, std::string_view e);

}  // namespace relance::api
