// SPDX-License-Identifier: MIT
// Airtable records -> CSV text for the CSV source's reader (pure: text in, text out). Each
// record's fields are written under relance's column names (invoice_number, customer_email,
// due_date, total, status …), the Airtable field name of each given by [sources.columns] (by
// default the same name), so that amounts, dates, statuses and e-mails are read and checked
// exactly as in an export. Lists (a multiple select, several e-mails) are joined with ';'.
//
// It must not: interpret a value (the CSV reader does), or fetch anything.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace relance::airtable {

/// Records as CSV, with the tool's record id of each invoice number.
struct RecordsCsv {
    std::string csv;
    std::map<std::string, std::string> record_ids;  // invoice number -> "rec…"
    std::string offset;                             // the next page's offset ("" = last page)
};

/// The relance columns an Airtable table can fill, in the order they are written.
[[nodiscard]] const std::vector<std::string>& logical_fields();

/// A page of GET /v0/{base}/{table} ({"records": [...], "offset"}). `fields` maps a relance
/// column to its Airtable field name (missing: the same name).
[[nodiscard]] Result<RecordsCsv> records_to_csv(std::string_view body,
                                                const std::map<std::string, std::string>& fields);
/// One record (GET /v0/{base}/{table}/{id}).
[[nodiscard]] Result<RecordsCsv> record_to_csv(std::string_view body,
                                               const std::map<std::string, std::string>& fields);

}  // namespace relance::airtable
