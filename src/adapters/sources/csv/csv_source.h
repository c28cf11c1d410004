// SPDX-License-Identifier: MIT
// The CSV invoice source: reads an export of unpaid invoices (relance's native layout, or the
// export of an invoicing tool through a preset or a column mapping) into a SourceListing.
//
// It decodes the bytes (UTF-8 with or without BOM, else Windows-1252; see encoding.h), splits
// records with its own RFC 4180 reader (see tokenizer.h for why not libcsv), finds the header,
// works out the decimal mark and date layout over the whole file unless configured (detect.h),
// then maps each row. A row that cannot be read becomes a RejectedRow with its file, physical
// line, column and reason, and the rest goes on; only problems that make the whole file
// untrustworthy are errors (nothing returned).
//
// It must not: parse amounts through floating point (core parse_money does it digit by digit),
// guess an ambiguous date or decimal mark, round, silently drop a row, keep a malformed e-mail
// address, or decide anything about dunning (that is core's planner). Names are kept as text:
// HTML in a name is escaped by the renderer, not here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ports/source.h"
#include "core/time/date.h"

namespace relance::csv {

/// How to read one CSV source. Every string option is validated by validate_options (and again
/// by read_csv_invoices), so the config layer can pass its TOML values through as they are.
struct CsvOptions {
    /// Configured source name, copied to SourceListing::source and Invoice::source.
    std::string source_name = "csv";
    /// Column layout: "native" (default), "zoho_books", "freshbooks", "invoice_ninja", "wave",
    /// "invoice2go" or "ibm_ar".
    std::string preset = "native";
    /// Logical field -> header name, overriding the preset for that field; "" unmaps it. Fields:
    /// invoice_number, customer_id, customer_name, customer_email, issue_date, due_date,
    /// currency, total, paid, balance, credited, status, payment_link, pdf_url, language, tags,
    /// customer_type, settled_date, disputed, terms_days, account, customer_address (postal
    /// address for letters: one line per line break in the quoted field, or per '|'),
    /// customer_siren.
    std::map<std::string, std::string> columns;
    /// Extra status words of the export -> a relance status (open, paid, void, uncollectible,
    /// credited, disputed, draft). Keys compare without case, accents, spaces, '-' and '_'.
    std::map<std::string, std::string> status_aliases;
    /// "auto" (from the header line), ",", ";", "tab" (or "\t").
    std::string separator = "auto";
    /// "auto" (UTF-8 if valid, else Windows-1252), "utf-8", "windows-1252".
    std::string encoding = "auto";
    /// "auto" (from the amounts of the whole file), "," or ".".
    std::string decimal = "auto";
    /// "auto" (from the dates of the whole file), "iso", "dmy" or "mdy".
    std::string date_format = "auto";
    /// ISO 4217 code for rows without a currency column or value.
    std::string default_currency = "EUR";
    /// With a settled_date column: an invoice settled on or before this date is paid, one settled
    /// later is still open (for replaying history). Without it, any settled date means paid.
    std::optional<Date> as_of;
};

/// Checks option values, the preset name and the field names of `columns` and `status_aliases`.
[[nodiscard]] Status validate_options(const CsvOptions& options);

/// Preset names, "native" first.
[[nodiscard]] std::vector<std::string_view> csv_presets();

/// Reads a whole CSV export held in memory. `file_label` names it in rejected rows and errors.
/// Errors (InvalidInput): empty file, no header, missing required column, encoding, conflicting
/// decimal marks, ambiguous or mixed dates, an unclosed quote, wrong field count on most rows.
[[nodiscard]] Result<SourceListing> read_csv_invoices(std::string_view bytes,
                                                      const CsvOptions& options,
                                                      std::string_view file_label);

/// InvoiceSource over one CSV file, read in full at each list_unpaid().
class CsvSource final : public InvoiceSource {
public:
    CsvSource(std::string path, CsvOptions options);

    [[nodiscard]] std::string_view name() const override { return options_.source_name; }
    /// Reads the file: NotFound when it does not exist, InvalidInput when it cannot be read or
    /// parsed (see read_csv_invoices), Unavailable on an I/O error worth retrying.
    [[nodiscard]] Result<SourceListing> list_unpaid() override;

private:
    std::string path_;
    CsvOptions options_;
};

}  // namespace relance::csv
