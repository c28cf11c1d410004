// SPDX-License-Identifier: MIT
// Zoho Books and Zoho Invoice invoices as an InvoiceSource (API v3 on www.zohoapis.com, or the
// regional host: .eu, .in, .com.au …): GET /books/v3/invoices?organization_id=…&status=unpaid
// (Zoho Invoice: /invoice/v3/invoices with the X-com-zoho-invoice-organizationid header), page by
// page (page, per_page up to 200) while page_context.has_more_page. OAuth 2.0 refresh token
// (Zoho does not rotate it), sent as "Authorization: Zoho-oauthtoken …"; the token endpoint is
// the accounts server of the same region.
//
// It must not: write to Zoho, log or show a token or secret, or use a listing that stopped
// half-way.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::zoho {

struct ZohoOptions {
    api::ApiOptions api;            // base_url: https://www.zohoapis.com
    std::string organization_id;
    std::string product = "books";  // "books" (Zoho Books) or "invoice" (Zoho Invoice)
};

class ZohoSource final : public api::ApiSource {
public:
    ZohoSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, ZohoOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    [[nodiscard]] std::string invoices_url(std::string_view rest) const;
    ZohoOptions zoho_;
};

}  // namespace relance::zoho
