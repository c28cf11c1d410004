// SPDX-License-Identifier: MIT
// Pennylane invoices as an InvoiceSource (Company API v2, https://app.pennylane.com/api/external/v2):
// GET /customer_invoices with the opaque cursor (limit, cursor; has_more, next_cursor) and the
// filter re-sent on every page (drafts and credit notes left out, optionally `since` a date),
// then the customers of those invoices (GET /customers?filter=id in […], 100 at a time) for
// their names, e-mails and language. Authenticated by a company API token (Authorization:
// Bearer). Pennylane allows 25 requests per 5 s: its ratelimit-remaining/reset headers pause
// the reading before a 429, and a 429's retry-after is honoured. The v2 list cannot filter on
// the status, so paid invoices come in the listing too, and are recorded resolved as such.
//
// It must not: write to Pennylane, log or show the token, or use a listing that stopped half-way.
#pragma once

#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::pennylane {

struct PennylaneOptions {
    api::ApiOptions api;  // base_url: https://app.pennylane.com
    std::string token;    // company API token (or an OAuth access token with customer_invoices:readonly)
    std::string since;    // only invoices dated on or after (YYYY-MM-DD); "" = all
};

class PennylaneSource final : public api::ApiSource {
public:
    PennylaneSource(HttpTransport& http, PennylaneOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    /// Replaces each listed customer (an id) by Pennylane's record of it.
    [[nodiscard]] Status read_customers(SourceListing& listing);
    PennylaneOptions pennylane_;
};

}  // namespace relance::pennylane
