// SPDX-License-Identifier: MIT
#include "adapters/sources/quickbooks/quickbooks_source.h"

#include "adapters/sources/quickbooks/quickbooks_mapper.h"

namespace relance::quickbooks {

QuickBooksSource::QuickBooksSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, QuickBooksOptions options,
                                   api::ApiHooks hooks)
    : api::ApiSource(http, std::move(auth), options.api, std::move(hooks)), qbo_(std::move(options)) {
    client().set_headers({{"Accept", "application/json"}});
}

std::string QuickBooksSource::company_url(std::string_view path) const {
    return url("/v3/company/" + api::url_encode(qbo_.realm_id) + std::string(path));
}

Result<SourceListing> QuickBooksSource::list_unpaid() {
    const int size = options().page_size;
    return api::read_all_pages(
        client(),
        [&](int page, const std::string& /*cursor*/) {
            return company_url("/query") + "?query=" + api::url_encode(invoice_query(page, size)) +
                   "&include=invoiceLink&minorversion=" + api::url_encode(qbo_.minor_version);
        },
        [&](std::string_view body, int /*page*/) { return parse_query(body, options().name, size); });
}

Result<FetchedInvoice> QuickBooksSource::fetch_one(std::string_view id) {
    auto r = client().get(company_url("/invoice/" + api::url_encode(id)) + "?include=invoiceLink&minorversion=" +
                              api::url_encode(qbo_.minor_version),
                          "invoice");
    if (!r) {
        // QBO answers a deleted entity with HTTP 400 and fault 610 "Object Not Found".
        if (r.error().message.find("Object Not Found") != std::string::npos) {
            return unexpected(make_error(ErrorCode::NotFound, r.error().message));
        }
        return unexpected(std::move(r).error());
    }
    return parse_invoice(r->body);
}

}  // namespace relance::quickbooks
