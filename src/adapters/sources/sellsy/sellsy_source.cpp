// SPDX-License-Identifier: MIT
#include "adapters/sources/sellsy/sellsy_source.h"

#include <map>

#include "adapters/sources/sellsy/sellsy_mapper.h"

namespace relance::sellsy {

SellsySource::SellsySource(HttpTransport& http, std::unique_ptr<api::Auth> auth, SellsyOptions options,
                           api::ApiHooks hooks)
    : api::ApiSource(http, std::move(auth), options.api, std::move(hooks)) {
    client().set_headers({{"Accept", "application/json"}});
    // Sellsy v2 introduction, "Quotas": a 429 as soon as one window is used up.
    const auto per_second = api::quota_from_headers("X-Quota-Remaining-By-Second", "", std::chrono::seconds{1});
    const auto per_minute = api::quota_from_headers("X-Quota-Remaining-By-Minute", "", std::chrono::seconds{60});
    client().set_quota_rule([per_second, per_minute](const HttpResponse& r) {
        auto minute = per_minute(r);
        return minute ? minute : per_second(r);
    });
}

Result<SourceListing> SellsySource::list_unpaid() {
    const std::string body = search_body();
    auto listing = api::read_all_pages_with(
        client(),
        [&](int /*page*/, const std::string& cursor) {
            HttpRequest r;
            r.method = "POST";
            r.url = url("/v2/invoices/search") + "?limit=" + std::to_string(options().page_size) +
                    (cursor.empty() ? std::string() : "&offset=" + api::url_encode(cursor));
            r.headers = {{"Content-Type", "application/json"}};
            r.body = body;
            return r;
        },
        [&](std::string_view page, int /*number*/) { return parse_invoice_list(page, options().name); });
    if (!listing) return listing;
    for (Customer& c : listing->customers) {
        auto party = read_party(c.id);
        if (!party) return unexpected(std::move(party).error());
        c = std::move(*party);
    }
    return listing;
}

Result<Customer> SellsySource::read_party(const std::string& key) {
    const auto colon = key.find(':');
    const std::string kind = key.substr(0, colon);
    const std::string id = key.substr(colon + 1);
    const std::string what = kind + " " + id;
    auto r = client().get(url("/v2/" + (kind == "company" ? std::string("companies/") : std::string("individuals/")) + api::url_encode(id)), what);
    if (!r) return unexpected(std::move(r).error());
    auto party = parse_party(r->body, kind);
    if (!party) return unexpected(std::move(party).error().with_context(what));
    if (!party->contact_id.empty()) {
        auto contact = client().get(url("/v2/contacts/" + api::url_encode(party->contact_id)),
                                    "contact " + party->contact_id + " of " + what);
        if (!contact) return unexpected(std::move(contact).error());
        auto email = parse_contact_email(contact->body);
        if (!email) return unexpected(std::move(email).error());
        std::vector<std::string> emails;
        api::add_email(emails, *email);
        for (const auto& e : party->customer.emails) api::add_email(emails, e);
        party->customer.emails = std::move(emails);
    }
    return std::move(party->customer);
}

Result<FetchedInvoice> SellsySource::fetch_one(std::string_view id) {
    auto r = client().get(url("/v2/invoices/" + api::url_encode(id)), "invoice");
    if (!r) return unexpected(std::move(r).error());
    return parse_invoice(r->body);
}

}  // namespace relance::sellsy
