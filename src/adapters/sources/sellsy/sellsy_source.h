// SPDX-License-Identifier: MIT
// Sellsy invoices as an InvoiceSource (API v2, https://api.sellsy.com/v2): POST /invoices/search
// for the open ones (status due, payinprogress, late; the filters re-sent with every page), read
// with the seek cursor (limit, offset from pagination.offset) to the end; then each billed
// company (its dunning contact's e-mail first) or individual. Authenticated with OAuth 2.0 client
// credentials (a private API access: client id + secret, token from login.sellsy.com). Sellsy
// counts quotas per second, minute, day and month: an X-Quota-Remaining-By-Second or -By-Minute
// at 0 pauses the reading before a 429.
//
// It must not: write to Sellsy, log or show a secret or token, or use a listing that stopped
// half-way.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::sellsy {

struct SellsyOptions {
    api::ApiOptions api;  // base_url: https://api.sellsy.com
};

class SellsySource final : public api::ApiSource {
public:
    /// `auth`: OAuth client credentials (api::OAuthClientCredentials), built by the wiring.
    SellsySource(HttpTransport& http, std::unique_ptr<api::Auth> auth, SellsyOptions options,
                 api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    /// The company or individual "kind:id", with its dunning contact's e-mail first.
    [[nodiscard]] Result<Customer> read_party(const std::string& key);
};

}  // namespace relance::sellsy
