// SPDX-License-Identifier: MIT
// A Google Sheet as an InvoiceSource, read whole at each listing and handed to the CSV source's
// reader (same columns, presets and checks as an export): either the sheet published to the web
// as CSV (File → Share → Publish to web → CSV: a link, no key), or the Sheets API values endpoint
// (GET https://sheets.googleapis.com/v4/spreadsheets/{id}/values/{range}?key=…) with an API key
// for a sheet shared "anyone with the link can view". A sheet cannot read one row again: an
// invoice that leaves it is resolved as from a CSV export (on a complete reading only).
//
// It must not: log or show the key (it travels in the query, which errors never show), or use a
// reading that failed.
#pragma once

#include <string>

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/csv/csv_source.h"

namespace relance::sheets {

struct SheetsOptions {
    api::ApiOptions api;      // base_url: https://sheets.googleapis.com (the Sheets API)
    std::string csv_url;      // a sheet published as CSV; or, with the API:
    std::string sheet_id;     // the id in the sheet's URL (/spreadsheets/d/<id>/edit)
    std::string range = "A1:Z";  // A1 notation, e.g. "Factures!A1:N"
    std::string api_key;
    csv::CsvOptions csv;      // how to read the columns (preset, [sources.columns] …)
};

class SheetsSource final : public api::ApiSource {
public:
    SheetsSource(HttpTransport& http, SheetsOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] bool can_fetch() const override { return false; }
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    SheetsOptions sheets_;
};

}  // namespace relance::sheets
