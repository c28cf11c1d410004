// SPDX-License-Identifier: MIT
#include "adapters/sources/pennylane/pennylane_source.h"

#include <map>

#include "adapters/sources/pennylane/pennylane_mapper.h"

namespace relance::pennylane {
namespace {

constexpr std::string_view kApi = "/api/external/v2";
constexpr std::size_t kCustomersPerRequest = 100;  // the list endpoints' maximum limit

}  // namespace

PennylaneSource::PennylaneSource(HttpTransport& http, PennylaneOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::make_unique<api::HeaderAuth>("Authorization", "Bearer " + options.token),
                     options.api, std::move(hooks)),
      pennylane_(std::move(options)) {
    client().set_headers({{"Accept", "application/json"}});
    // pennylane.readme.io "Rate limiting": 25 requests per 5 s and per token, announced in the
    // ratelimit-* headers of every answer.
    client().set_quota_rule(api::quota_from_headers("ratelimit-remaining", "ratelimit-reset", std::chrono::seconds{5}));
}

Result<SourceListing> PennylaneSource::list_unpaid() {
    const std::string first = url(std::string(kApi) + "/customer_invoices") + "?limit=" +
                              std::to_string(options().page_size) + "&sort=id&filter=" +
                              api::url_encode(invoice_filter(pennylane_.since));
    auto listing = api::read_all_pages(
        client(),
        [&](int /*page*/, const std::string& cursor) {
            return cursor.empty() ? first : first + "&cursor=" + api::url_encode(cursor);
        },
        [&](std::string_view body, int /*page*/) { return parse_invoice_list(body, options().name); });
    if (!listing) return listing;
    if (auto st = read_customers(*listing); !st) return unexpected(std::move(st).error());
    return listing;
}

Status PennylaneSource::read_customers(SourceListing& listing) {
    std::map<std::string, Customer> known;
    std::vector<std::string> ids;
    for (const Customer& c : listing.customers) ids.push_back(c.id);
    for (std::size_t start = 0; start < ids.size(); start += kCustomersPerRequest) {
        const std::vector<std::string> batch(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                             ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + kCustomersPerRequest)));
        const std::string base = url(std::string(kApi) + "/customers") + "?limit=" +
                                 std::to_string(kCustomersPerRequest) + "&filter=" +
                                 api::url_encode(customer_filter(batch));
        std::string cursor;
        for (int page = 1;; ++page) {
            const std::string what = "customers " + std::to_string(start + 1) + "-" +
                                     std::to_string(start + batch.size()) + ", page " + std::to_string(page);
            auto r = client().get(cursor.empty() ? base : base + "&cursor=" + api::url_encode(cursor), what);
            if (!r) return unexpected(std::move(r).error());
            auto customers = parse_customers(r->body);
            if (!customers) return unexpected(std::move(customers).error().with_context(what));
            for (Customer& c : customers->customers) known[c.id] = std::move(c);
            if (!customers->more || customers->next.empty() || customers->next == cursor) break;
            cursor = customers->next;
        }
    }
    for (Customer& c : listing.customers) {
        const auto it = known.find(c.id);
        if (it == known.end()) continue;  // deleted meanwhile: no e-mail, listed as needing attention
        std::string invoice_language = std::move(c.language);
        c = it->second;
        if (c.language.empty()) c.language = std::move(invoice_language);
    }
    return ok();
}

Result<FetchedInvoice> PennylaneSource::fetch_one(std::string_view id) {
    auto r = client().get(url(std::string(kApi) + "/customer_invoices/" + api::url_encode(id)), "invoice");
    if (!r) return unexpected(std::move(r).error());
    auto fetched = parse_invoice(r->body);
    if (!fetched) return fetched;
    auto c = client().get(url(std::string(kApi) + "/customers/" + api::url_encode(fetched->invoice.customer_id)),
                          "its customer");
    // Only a customer read in full replaces the stored one; the invoice's status is what matters.
    fetched->customer.reset();
    if (c) {
        if (auto customer = parse_customer(c->body)) fetched->customer = std::move(*customer);
    }
    return fetched;
}

}  // namespace relance::pennylane
