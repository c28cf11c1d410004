// SPDX-License-Identifier: MIT
// Stripe invoices as an InvoiceSource: GET /v1/invoices?status=open (by default only those sent
// for manual payment, collection_method=send_invoice: Stripe charges the others itself), read
// with the cursor to the end (limit, starting_after, has_more), authenticated by the secret
// key (Authorization: Bearer sk_…; Stripe-Account for a connected account). One invoice is read
// again by GET /v1/invoices/{id}.
//
// It must not: write to Stripe, log or show the key, or use a listing that stopped half-way.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/api/api_source.h"

namespace relance::stripe {

struct StripeOptions {
    api::ApiOptions api;                       // base_url: https://api.stripe.com
    std::string secret_key;                    // sk_live_… or a restricted key rk_… (read invoices)
    std::string account;                       // Stripe-Account header (Connect), optional
    std::string collection_method = "send_invoice";  // "" = every open invoice
};

class StripeSource final : public api::ApiSource {
public:
    StripeSource(HttpTransport& http, StripeOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    StripeOptions stripe_;
};

}  // namespace relance::stripe
