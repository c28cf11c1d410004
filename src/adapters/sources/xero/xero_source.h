// SPDX-License-Identifier: MIT
// Xero invoices as an InvoiceSource (Accounting API, https://api.xero.com/api.xro/2.0): GET
// /Invoices?where=Type=="ACCREC"&Statuses=AUTHORISED, page by page (page, pageSize) to
// pagination.pageCount, with the organisation's xero-tenant-id header. OAuth 2.0: a refresh
// token (rotated by Xero on every use, saved back at once; access tokens last 30 minutes).
// Xero allows 60 calls a minute per organisation: X-MinLimit-Remaining at 0 pauses the reading.
// The hosted invoice link (OnlineInvoice) costs one call per invoice and is not read.
//
// It must not: write to Xero, log or show a token or secret, or use a listing that stopped
// half-way.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::xero {

struct XeroOptions {
    api::ApiOptions api;   // base_url: https://api.xero.com
    std::string tenant_id;  // the organisation (GET https://api.xero.com/connections)
};

class XeroSource final : public api::ApiSource {
public:
    XeroSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, XeroOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
};

}  // namespace relance::xero
