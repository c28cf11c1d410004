// SPDX-License-Identifier: MIT
#include "adapters/sources/sheets/sheets_source.h"

#include "adapters/sources/sheets/sheets_mapper.h"

namespace relance::sheets {

SheetsSource::SheetsSource(HttpTransport& http, SheetsOptions options, api::ApiHooks hooks)
    : api::ApiSource(http, std::make_unique<api::HeaderAuth>("", ""), options.api, std::move(hooks)),
      sheets_(std::move(options)) {
    sheets_.csv.source_name = this->options().name;
}

Result<SourceListing> SheetsSource::list_unpaid() {
    client().start();
    std::string csv_text;
    std::string label;
    if (!sheets_.csv_url.empty()) {
        auto r = client().get(sheets_.csv_url, "the published sheet");
        if (!r) return unexpected(std::move(r).error());
        csv_text = std::move(r->body);
        label = options().name + " (published sheet)";
    } else {
        auto r = client().get(url("/v4/spreadsheets/" + api::url_encode(sheets_.sheet_id) + "/values/" +
                                  api::url_encode(sheets_.range)) +
                                  "?majorDimension=ROWS&key=" + api::url_encode(sheets_.api_key),
                              "the sheet's values");
        if (!r) return unexpected(std::move(r).error());
        auto text = values_to_csv(r->body);
        if (!text) return unexpected(std::move(text).error());
        csv_text = std::move(*text);
        label = options().name + " (" + sheets_.range + ")";
    }
    auto listing = csv::read_csv_invoices(csv_text, sheets_.csv, label);
    if (!listing) return listing;
    listing->source = options().name;
    return listing;
}

Result<FetchedInvoice> SheetsSource::fetch_one(std::string_view id) {
    return fail(ErrorCode::Rejected, "a sheet cannot read one row again (" + std::string(id) + ")");
}

}  // namespace relance::sheets
