// SPDX-License-Identifier: MIT
#include "adapters/sources/axonaut/axonaut_source.h"

#include <set>

#include "adapters/sources/axonaut/axonaut_mapper.h"

namespace relance::axonaut {

AxonautSource::AxonautSource(HttpTransport& http, AxonautOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::make_unique<api::HeaderAuth>("userApiKey", options.api_key), options.api,
                     std::move(hooks)) {
    client().set_headers({{"Accept", "application/json"}});
}

Result<SourceListing> AxonautSource::list_unpaid() {
    std::set<std::string> seen;
    auto listing = api::read_all_pages(
        client(), [&](int page, const std::string& /*cursor*/) { return url("/api/v2/invoices") + "?page=" + std::to_string(page); },
        [&](std::string_view body, int /*page*/) -> Result<api::MappedPage> {
            auto page = parse_invoice_list(body, options().name);
            if (!page) return page;
            bool fresh = false;
            for (const Invoice& inv : page->invoices) fresh = seen.insert(inv.number).second || fresh;
            page->more = fresh;  // an empty page, or nothing new: the end
            return page;
        });
    if (!listing) return listing;
    for (Customer& c : listing->customers) {
        const std::string what = "company " + c.id;
        auto r = client().get(url("/api/v2/companies/" + api::url_encode(c.id)), what);
        if (!r) return unexpected(std::move(r).error());
        auto company = parse_company(r->body);
        if (!company) return unexpected(std::move(company).error().with_context(what));
        c = std::move(*company);
    }
    return listing;
}

Result<FetchedInvoice> AxonautSource::fetch_one(std::string_view id) {
    auto r = client().get(url("/api/v2/invoices/" + api::url_encode(id)), "invoice");
    if (!r) return unexpected(std::move(r).error());
    auto fetched = parse_invoice(r->body);
    if (fetched) fetched->customer.reset();  // only its status matters here; the company keeps its e-mails
    return fetched;
}

}  // namespace relance::axonaut
