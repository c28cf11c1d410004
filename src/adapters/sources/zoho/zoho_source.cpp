// SPDX-License-Identifier: MIT
#include "adapters/sources/zoho/zoho_source.h"

#include "adapters/sources/zoho/zoho_mapper.h"

namespace relance::zoho {

ZohoSource::ZohoSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, ZohoOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::move(auth), options.api, std::move(hooks)), zoho_(std::move(options)) {
    std::vector<std::pair<std::string, std::string>> headers{{"Accept", "application/json"}};
    if (zoho_.product == "invoice") headers.emplace_back("X-com-zoho-invoice-organizationid", zoho_.organization_id);
    client().set_headers(std::move(headers));
}

std::string ZohoSource::invoices_url(std::string_view rest) const {
    const std::string path = zoho_.product == "invoice" ? "/invoice/v3/invoices" : "/books/v3/invoices";
    // Zoho Books takes the organisation as a parameter of every call.
    const std::string org = zoho_.product == "invoice" ? "" : "organization_id=" + api::url_encode(zoho_.organization_id);
    std::string u = url(path + std::string(rest));
    if (!org.empty()) u += (u.find('?') == std::string::npos ? "?" : "&") + org;
    return u;
}

Result<SourceListing> ZohoSource::list_unpaid() {
    const std::string base = invoices_url("?status=unpaid&per_page=" + std::to_string(options().page_size));
    return api::read_all_pages(
        client(), [&](int page, const std::string& /*cursor*/) { return base + "&page=" + std::to_string(page); },
        [&](std::string_view body, int /*page*/) { return parse_invoice_list(body, options().name); });
}

Result<FetchedInvoice> ZohoSource::fetch_one(std::string_view id) {
    auto r = client().get(invoices_url("/" + api::url_encode(id)), "invoice");
    if (!r) return unexpected(std::move(r).error());
    return parse_invoice(r->body);
}

}  // namespace relance::zoho
