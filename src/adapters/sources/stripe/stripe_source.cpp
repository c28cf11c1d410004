// SPDX-License-Identifier: MIT
#include "adapters/sources/stripe/stripe_source.h"

#include "adapters/sources/stripe/stripe_mapper.h"

namespace relance::stripe {

StripeSource::StripeSource(HttpTransport& http, StripeOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::make_unique<api::HeaderAuth>("Authorization", "Bearer " + options.secret_key),
                     options.api, std::move(hooks)),
      stripe_(std::move(options)) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!stripe_.account.empty()) headers.emplace_back("Stripe-Account", stripe_.account);
    client().set_headers(std::move(headers));
}

Result<SourceListing> StripeSource::list_unpaid() {
    const std::string first = url("/v1/invoices") + "?status=open&limit=" +
                              std::to_string(options().page_size) +
                              (stripe_.collection_method.empty()
                                   ? std::string()
                                   : "&collection_method=" + api::url_encode(stripe_.collection_method));
    return api::read_all_pages(
        client(),
        [&](int /*page*/, const std::string& cursor) {
            return cursor.empty() ? first : first + "&starting_after=" + api::url_encode(cursor);
        },
        [&](std::string_view body, int /*page*/) {
            return parse_invoice_list(body, options().name, options().zone);
        });
}

Result<FetchedInvoice> StripeSource::fetch_one(std::string_view id) {
    auto r = client().get(url("/v1/invoices/" + api::url_encode(id)), "invoice");
    if (!r) return unexpected(std::move(r).error());
    return parse_invoice(r->body, options().zone);
}

}  // namespace relance::stripe
