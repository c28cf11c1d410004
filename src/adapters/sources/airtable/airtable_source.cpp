// SPDX-License-Identifier: MIT
#include "adapters/sources/airtable/airtable_source.h"

#include <set>

#include "adapters/sources/airtable/airtable_mapper.h"

namespace relance::airtable {

AirtableSource::AirtableSource(HttpTransport& http, AirtableOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::make_unique<api::HeaderAuth>("Authorization", "Bearer " + options.token), options.api,
                     std::move(hooks)),
      airtable_(std::move(options)) {
    airtable_.csv.source_name = this->options().name;
    airtable_.csv.preset = "native";
    airtable_.csv.columns.clear();  // the records are written under relance's own names
    airtable_.csv.separator = ",";
}

std::string AirtableSource::table_url() const {
    return url("/v0/" + api::url_encode(airtable_.base_id) + "/" + api::url_encode(airtable_.table));
}

Result<SourceListing> AirtableSource::list_unpaid() {
    client().start();
    std::string base = table_url() + "?pageSize=" + std::to_string(options().page_size);
    if (!airtable_.view.empty()) base += "&view=" + api::url_encode(airtable_.view);
    std::string csv_text;
    std::map<std::string, std::string> ids;
    std::string offset;
    std::set<std::string> offsets;
    for (int page = 1;; ++page) {
        const std::string what = "page " + std::to_string(page);
        auto r = client().get(offset.empty() ? base : base + "&offset=" + api::url_encode(offset), what);
        if (!r) return unexpected(std::move(r).error());
        auto records = records_to_csv(r->body, airtable_.fields);
        if (!records) return unexpected(std::move(records).error().with_context(what));
        csv_text += page == 1 ? records->csv : records->csv.substr(records->csv.find("\r\n") + 2);
        ids.merge(records->record_ids);
        if (records->offset.empty()) break;
        if (!offsets.insert(records->offset).second) {
            return fail(ErrorCode::Unavailable, "Airtable gave the same offset twice (" + what + ")");
        }
        offset = records->offset;
    }
    auto listing = csv::read_csv_invoices(csv_text, airtable_.csv, options().name);
    if (!listing) return listing;
    listing->source = options().name;
    for (const Invoice& inv : listing->invoices) {
        if (auto it = ids.find(inv.number); it != ids.end()) listing->remote_ids[inv.number] = it->second;
    }
    return listing;
}

Result<FetchedInvoice> AirtableSource::fetch_one(std::string_view id) {
    auto r = client().get(table_url() + "/" + api::url_encode(id), "record");
    if (!r) return unexpected(std::move(r).error());
    auto record = record_to_csv(r->body, airtable_.fields);
    if (!record) return unexpected(std::move(record).error());
    auto one = csv::read_csv_invoices(record->csv, airtable_.csv, options().name);
    if (!one) return unexpected(std::move(one).error());
    if (one->invoices.empty()) {
        const std::string why = one->rejected.empty() ? "the record holds no invoice" : one->rejected.front().message;
        return fail(ErrorCode::InvalidInput, why);
    }
    FetchedInvoice out;
    out.invoice = std::move(one->invoices.front());
    out.remote_id = std::string(id);
    if (!one->customers.empty()) out.customer = std::move(one->customers.front());
    return out;
}

}  // namespace relance::airtable
