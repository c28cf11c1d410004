// SPDX-License-Identifier: MIT
// An Airtable table as an InvoiceSource (REST API, https://api.airtable.com/v0): GET
// /{baseId}/{table} (optionally a `view` that keeps the invoices to follow) with offset
// pagination (pageSize 100, `offset` until none is returned), authenticated by a personal access
// token (Authorization: Bearer pat…, scope data.records:read). The records are read by the CSV
// source's reader under relance's column names ([sources.columns] maps them to the table's
// fields). A record that leaves the listing is read again (GET /{baseId}/{table}/{recordId}): its
// status column says whether it was paid; a deleted record counts as deleted.
//
// It must not: write to Airtable, log or show the token, or use a listing that stopped half-way.
#pragma once

#include <map>
#include <string>

#include "adapters/sources/api/api_source.h"
#include "adapters/sources/csv/csv_source.h"

namespace relance::airtable {

struct AirtableOptions {
    api::ApiOptions api;  // base_url: https://api.airtable.com
    std::string token;
    std::string base_id;  // "app…"
    std::string table;    // its name or id ("tbl…")
    std::string view;     // optional
    std::map<std::string, std::string> fields;  // relance column -> Airtable field name
    csv::CsvOptions csv;  // currency, decimal mark, date format of text fields
};

class AirtableSource final : public api::ApiSource {
public:
    AirtableSource(HttpTransport& http, AirtableOptions options, api::ApiHooks hooks = {});
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    [[nodiscard]] Result<FetchedInvoice> fetch_one(std::string_view id) override;
    [[nodiscard]] std::string table_url() const;
    AirtableOptions airtable_;
};

}  // namespace relance::airtable
