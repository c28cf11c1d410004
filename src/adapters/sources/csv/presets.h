// SPDX-License-Identifier: MIT
// Column layouts of the CSV exports relance reads: the logical fields an invoice row may carry,
// the native layout (docs/design.md "Native CSV layout", with its French aliases), and one preset
// per invoicing tool whose export people feed us (Zoho Books, FreshBooks, Invoice Ninja v4, Wave,
// Invoice2go, the IBM accounts-receivable sample). Pure data plus header-name normalisation: no
// parsing of values here, and no tool's sample data either (those files are not ours to ship).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relance::csv::detail {

/// What a column means to relance. The names (field_name) are the keys of CsvOptions::columns.
enum class Field : std::size_t {
    InvoiceNumber,
    CustomerId,
    CustomerName,
    CustomerEmail,
    IssueDate,
    DueDate,
    Currency,
    Total,
    Paid,
    Balance,   // amount still due; paid = total - balance when no paid column is mapped
    Credited,  // active credit notes against the invoice
    Status,
    PaymentLink,
    PdfUrl,
    Language,
    Tags,
    CustomerType,
    SettledDate,  // date the invoice was settled: paid on or before CsvOptions::as_of
    Disputed,     // yes/no flag: yes holds the invoice (status disputed)
    TermsDays,    // payment terms in days: due date = issue date + n when no due date is given
    Account,      // ledger exports: the account a row was booked on
    CustomerAddress,  // postal address for letters: lines split by line breaks or '|'
    CustomerSiren,    // the customer's SIREN (printed on a formal notice to a business)
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::CustomerSiren) + 1;

[[nodiscard]] std::string_view field_name(Field f);
[[nodiscard]] std::optional<Field> field_from_name(std::string_view name);

/// How rows relate to invoices in an export.
enum class RowMode {
    OnePerInvoice,   // a second row with the same number is a duplicate and is rejected
    RepeatedTotals,  // one row per line item, invoice-level fields repeated on each (Zoho, IN v4)
    SumLineTotals,   // one row per line item; the invoice total is the sum of the line totals
    Ledger,          // accounting transactions; only rows booked on ledger_account count (Wave)
};

struct Preset {
    std::string_view name;
    RowMode mode = RowMode::OnePerInvoice;
    /// Accepted header names per field (compared after normalize_header); empty = not exported.
    std::array<std::vector<std::string_view>, kFieldCount> headers;
    /// Tool-specific status words (normalised with normalize_word) -> a word parse_invoice_status
    /// knows.
    std::vector<std::pair<std::string_view, std::string_view>> status_aliases;
    /// Ledger mode: the account whose rows are receivables (positive = invoiced, negative = paid).
    std::string_view ledger_account;
};

/// The preset called `name`, or nullopt.
[[nodiscard]] const Preset* find_preset(std::string_view name);
[[nodiscard]] std::vector<std::string_view> preset_names();

/// Header comparison key: trimmed, ASCII lower case, common Latin-1 accents folded (é -> e),
/// runs of spaces, '-' and '_' turned into one '_'. "Date d'Échéance" and "date_d'echeance" match.
[[nodiscard]] std::string normalize_header(std::string_view header);
/// Status/flag comparison key: lower case, accents folded, spaces, '-' and '_' removed.
[[nodiscard]] std::string normalize_word(std::string_view word);

}  // namespace relance::csv::detail
