// SPDX-License-Identifier: MIT
#include "adapters/sources/api/api_source.h"

#include <algorithm>

namespace relance::api {

ApiSource::ApiSource(HttpTransport& http, std::unique_ptr<Auth> auth, ApiOptions options, ApiHooks hooks)
    : options_(std::move(options)),
      auth_(std::move(auth)),
      client_(http, *auth_, options_.name, options_.limits, std::move(hooks.sleep), std::move(hooks.clock)) {}

Result<FetchedInvoice> ApiSource::fetch_invoice(std::string_view id) {
    client_.start();
    auto r = fetch_one(id);
    if (!r) return unexpected(std::move(r).error().with_context("invoice " + std::string(id)));
    r->invoice.source = options_.name;
    if (r->remote_id.empty()) r->remote_id = std::string(id);
    return r;
}

std::string ApiSource::url(std::string_view path) const {
    std::string base = options_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!path.empty() && path.front() != '/') base += '/';
    return base + std::string(path);
}

Status set_amounts(Invoice& invoice, const Money& total, const Money& remaining, std::optional<Money> paid) {
    if (!(total.currency() == remaining.currency()) || (paid && !(paid->currency() == total.currency()))) {
        return fail(ErrorCode::InvalidInput, "amounts in two currencies");
    }
    const std::int64_t settled = total.minor() - remaining.minor();  // paid + credited
    std::int64_t p = paid ? paid->minor() : settled;
    if (settled >= 0) p = std::clamp<std::int64_t>(p, 0, settled);
    if (settled < 0) p = settled;  // overdue balance above the total (fees added): a negative "paid"
    invoice.total = total;
    invoice.paid = Money{p, total.currency()};
    invoice.credited = Money{settled - p, total.currency()};
    return ok();
}

RejectedRow rejected_invoice(std::string_view source, std::string_view number, const Error& error,
                             std::string_view field) {
    return RejectedRow{std::string(source), 0, std::string(field), error.describe(), std::string(number)};
}

std::string language_of(std::string_view locale) {
    std::string l;
    for (char c : locale.substr(0, std::min<std::size_t>(locale.size(), 16))) {
        l += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (l.rfind("fr", 0) == 0) return "fr";
    if (l.rfind("en", 0) == 0) return "en";
    return {};
}

void add_email(std::vector<std::string>& emails, std::string_view e) {
    const auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('.', at) == std::string_view::npos) return;
    if (e.find_first_of(" \t\r\n<>,;\"") != std::string_view::npos) return;
    if (std::find(emails.begin(), emails.end(), e) == emails.end()) emails.emplace_back(e);
}

std::vector<std::string> emails_in(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find_first_of(",; \t\r\n", start);
        const std::string_view one = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!one.empty()) add_email(out, one);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace relance::api
