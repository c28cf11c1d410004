// SPDX-License-Identifier: MIT
#include "adapters/sources/xero/xero_source.h"

#include "adapters/sources/xero/xero_mapper.h"

namespace relance::xero {

XeroSource::XeroSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, XeroOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::move(auth), options.api, std::move(hooks)) {
    client().set_headers({{"Accept", "application/json"}, {"xero-tenant-id", options.tenant_id}});
    // developer.xero.com FAQ "Limits": 60 calls per minute and tenant.
    client().set_quota_rule(api::quota_from_headers("X-MinLimit-Remaining", "", std::chrono::seconds{60}));
}

Result<SourceListing> XeroSource::list_unpaid() {
    const std::string base = url("/api.xro/2.0/Invoices") + "?where=" + api::url_encode("Type==\"ACCREC\"") +
                             "&Statuses=AUTHORISED&pageSize=" + std::to_string(options().page_size);
    return api::read_all_pages(
        client(), [&](int page, const std::string& /*cursor*/) { return base + "&page=" + std::to_string(page); },
        [&](std::string_view body, int /*page*/) {
            return parse_invoice_list(body, options().name, options().page_size);
        });
}

Result<FetchedInvoice> XeroSource::fetch_one(std::string_view id) {
    auto r = client().get(url("/api.xro/2.0/Invoices/" + api::url_encode(id)), "invoice");
    if (!r) return unexpected(std::move(r).error());
    return parse_invoice(r->body);
}

}  // namespace relance::xero
