// SPDX-License-Identifier: MIT
// FreshBooks invoices as an InvoiceSource (https://api.freshbooks.com): GET
// /accounting/account/{accountId}/invoices/invoices, page by page (page, per_page up to 100) to
// the last of `pages`. FreshBooks cannot list unpaid invoices only through a documented single
// filter, so every active invoice is read and paid ones are recorded so. OAuth 2.0: a refresh
// token that FreshBooks replaces at every use (saved back at once), the client credentials in a
// JSON body with the app's redirect URI. The hosted link (share_link) costs one call per invoice
// and is not read.
//
// It must not: write to FreshBooks, log or show a token or secret, or use a listing that
// stopped half-way.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::freshbooks {

struct FreshBooksOptions {
    api::ApiOptions api;     // base_url: https://api.freshbooks.com
    std::string account_id;  // "xZNQ1X": GET /auth/api/v1/users/me, business_memberships
};

class FreshBooksSource final : public api::ApiSource {
public:
    FreshBooksSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, FreshBooksOptions options,
                     api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    std::string invoices_;  // the account's invoices URL
};

}  // namespace relance::freshbooks
