// SPDX-License-Identifier: MIT
// QuickBooks Online invoices as an InvoiceSource (Accounting API v3, JSON): GET
// /v3/company/{realmId}/query with "select * from Invoice where Balance > '0' ORDERBY Id
// STARTPOSITION … MAXRESULTS …", page after page until a short one, with include=invoiceLink for
// the payment page. OAuth 2.0: a refresh token that Intuit rotates (saved back at once; access
// tokens last an hour). An invoice read again (GET …/invoice/{id}) that QBO no longer has
// ("Object Not Found") was deleted.
//
// It must not: write to QuickBooks, log or show a token or secret, or use a listing that stopped
// half-way.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::quickbooks {

struct QuickBooksOptions {
    api::ApiOptions api;            // base_url: https://quickbooks.api.intuit.com (sandbox: https://sandbox-quickbooks.api.intuit.com)
    std::string realm_id;           // the company id
    std::string minor_version = "75";
};

class QuickBooksSource final : public api::ApiSource {
public:
    QuickBooksSource(HttpTransport& http, std::unique_ptr<api::Auth> auth, QuickBooksOptions options,
                     api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    [[nodiscard]] std::string company_url(std::string_view path) const;
    QuickBooksOptions qbo_;
};

}  // namespace relance::quickbooks
