// SPDX-License-Identifier: MIT
#include "adapters/sources/freshbooks/freshbooks_source.h"

#include "adapters/sources/freshbooks/freshbooks_mapper.h"

namespace relance::freshbooks {

FreshBooksSource::FreshBooksSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, FreshBooksOptions options,
                                   api::ApiHooks hooks)
    : api::ApiSource(http, std::move(auth), options.api, std::move(hooks)),
      invoices_(url("/accounting/account/" + api::url_encode(options.account_id) + "/invoices/invoices")) {
    client().set_headers({{"Accept", "application/json"}});
}

Result<SourceListing> FreshBooksSource::list_unpaid() {
    const std::string base = invoices_ + "?per_page=" + std::to_string(options().page_size);
    return api::read_all_pages(
        client(), [&](int page, const std::string& /*cursor*/) { return base + "&page=" + std::to_string(page); },
        [&](std::string_view body, int /*page*/) { return parse_invoice_list(body, options().name); });
}

Result<FetchedInvoice> FreshBooksSource::fetch_one(std::string_view id) {
    auto r = client().get(invoices_ + "/" + api::url_encode(id), "invoice");
    if (!r) return unexpected(std::move(r).error());
    return parse_invoice(r->body);
}

}  // namespace relance::freshbooks
