// SPDX-License-Identifier: MIT
// Axonaut invoices as an InvoiceSource (API v2, https://axonaut.com/api/v2), authenticated by the
// account's API key in the `userApiKey` header: GET /invoices page after page (`page`) until a
// page brings nothing new (an empty page, or one whose invoices were all seen: what an endpoint
// that does not page would answer), then each billed company (GET /companies/{id}) for its
// e-mails. Axonaut publishes no specification of these answers (axonaut_mapper.h).
//
// It must not: write to Axonaut, log or show the key, or use a listing that stopped half-way.
#pragma once

#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::axonaut {

struct AxonautOptions {
    api::ApiOptions api;  // base_url: https://axonaut.com
    std::string api_key;  // Axonaut: Paramètres → API
};

class AxonautSource final : public api::ApiSource {
public:
    AxonautSource(HttpTransport& http, AxonautOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
};

}  // namespace relance::axonaut
