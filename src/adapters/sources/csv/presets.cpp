// SPDX-License-Identifier: MIT
#include "adapters/sources/csv/presets.h"

#include <algorithm>

namespace relance::csv::detail {
namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "invoice_number", "customer_id",   "customer_name", "customer_email", "issue_date",
    "due_date",       "currency",      "total",         "paid",           "balance",
    "credited",       "status",        "payment_link",  "pdf_url",        "language",
    "tags",           "customer_type", "settled_date",  "disputed",       "terms_days",
    "account",        "customer_address", "customer_siren",
};

// Folds the UTF-8 encodings of U+00C0..U+00FF (two bytes: C3 xx) to an ASCII letter, or 0.
char fold_latin1(unsigned char second) {
    // Index: second byte - 0x80 (U+00C0 + i). Upper case 0x80..0x9E, lower case 0xA0..0xBF.
    static constexpr char kFold[] =
        "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"   // C3 80..C3 9F
        "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";  // C3 A0..C3 BF
    static_assert(sizeof kFold == 65);
    if (second < 0x80 || second > 0xBF) return 0;
    return kFold[second - 0x80];
}

// Shared walk of normalize_header / normalize_word: lower case, accent folding, and `sep` (or
// nothing when sep == 0) for each run of spaces, '-', '_' and no-break spaces.
std::string normalize(std::string_view in, char sep) {
    std::string out;
    out.reserve(in.size());
    bool pending_sep = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        char emit = 0;
        if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '\r' || c == '\n') {
            pending_sep = true;
            continue;
        }
        if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
            pending_sep = true;  // no-break space
            ++i;
            continue;
        }
        if (c == 0xC3 && i + 1 < in.size()) {
            emit = fold_latin1(static_cast<unsigned char>(in[i + 1]));
            if (emit != 0) ++i;
        }
        if (emit == 0) {
            emit = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        }
        if (pending_sep && !out.empty() && sep != 0) out += sep;
        pending_sep = false;
        out += emit;
    }
    return out;
}

using H = std::vector<std::string_view>;

Preset native() {
    Preset p;
    p.name = "native";
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"invoice_number", "numero_facture"});
    set(Field::CustomerId, {"customer_id", "id_client"});
    set(Field::CustomerName, {"customer_name", "nom_client"});
    set(Field::CustomerEmail, {"customer_email", "email_client"});
    set(Field::IssueDate, {"issue_date", "date_facture"});
    set(Field::DueDate, {"due_date", "date_echeance"});
    set(Field::Currency, {"currency", "devise"});
    set(Field::Total, {"total", "montant_ttc"});
    set(Field::Paid, {"paid", "montant_regle"});
    set(Field::Credited, {"credited", "montant_avoir"});
    set(Field::Status, {"status", "statut"});
    set(Field::PaymentLink, {"payment_link", "lien_paiement"});
    set(Field::PdfUrl, {"pdf_url", "lien_pdf"});
    set(Field::Language, {"language", "langue"});
    set(Field::Tags, {"tags", "etiquettes"});
    set(Field::CustomerType, {"customer_type", "type_client"});
    set(Field::CustomerAddress, {"customer_address", "address", "adresse_client", "adresse"});
    set(Field::CustomerSiren, {"customer_siren", "siren", "siren_client"});
    p.status_aliases = {{"partiellementpayee", "open"},
                        {"partielle", "open"},
                        {"ouvert", "open"},
                        {"enlitige", "disputed"}};
    return p;
}

// Zoho Books / Zoho Invoice "Invoices" export: one row per line item, the invoice-level columns
// (Total, Balance, status, dates) repeated on each. No e-mail column (contacts are a separate
// file).
Preset zoho_books() {
    Preset p;
    p.name = "zoho_books";
    p.mode = RowMode::RepeatedTotals;
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"Invoice Number"});
    set(Field::CustomerId, {"Customer ID"});
    set(Field::CustomerName, {"Customer Name"});
    set(Field::IssueDate, {"Invoice Date"});
    set(Field::DueDate, {"Due Date"});
    set(Field::Currency, {"Currency Code"});
    set(Field::Total, {"Total"});
    set(Field::Balance, {"Balance"});
    set(Field::Status, {"Invoice Status"});
    // "Approved" / "Pending Approval" invoices have not been sent to the customer yet.
    p.status_aliases = {{"approved", "draft"}, {"pendingapproval", "draft"}};
    return p;
}

// FreshBooks classic invoice export: one row per line; no due date and no paid amount columns.
Preset freshbooks() {
    Preset p;
    p.name = "freshbooks";
    p.mode = RowMode::SumLineTotals;
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"Invoice #"});
    set(Field::CustomerName, {"Client Name"});
    set(Field::IssueDate, {"Date Issued"});
    set(Field::Status, {"Invoice Status"});
    set(Field::SettledDate, {"Date Paid"});
    set(Field::Total, {"Line Total"});
    set(Field::Currency, {"Currency"});
    p.status_aliases = {
        {"autopaid", "paid"}, {"retry", "open"}, {"failed", "open"}, {"resent", "open"}};
    return p;
}

// Invoice Ninja v4 invoice export: a preamble before the header, one row per line item with the
// invoice's Amount and Paid repeated, `$` amounts.
Preset invoice_ninja() {
    Preset p;
    p.name = "invoice_ninja";
    p.mode = RowMode::RepeatedTotals;
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"Invoice Number"});
    set(Field::CustomerName, {"Client"});
    set(Field::CustomerEmail, {"Email"});
    set(Field::IssueDate, {"Invoice Date"});
    set(Field::DueDate, {"Due Date"});
    set(Field::Total, {"Amount"});
    set(Field::Paid, {"Paid"});
    set(Field::Status, {"Status"});
    p.status_aliases = {
        {"approved", "open"}, {"pastdue", "open"}, {"reversed", "void"}, {"unsent", "draft"}};
    return p;
}

// Wave "Account Transactions" export: a general ledger. The invoice is the positive row booked on
// Accounts Receivable; payments are negative rows on the same account and invoice number.
Preset wave() {
    Preset p;
    p.name = "wave";
    p.mode = RowMode::Ledger;
    p.ledger_account = "accounts_receivable";
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"Invoice Number"});
    set(Field::CustomerName, {"Customer"});
    set(Field::IssueDate, {"Transaction Date"});
    set(Field::Total, {"Amount (One column)"});
    set(Field::Account, {"Account Name"});
    return p;
}

// Invoice2go export: one row per document, UTF-8 with BOM, JSON-like cells (ignored), the open
// amount in BalanceDueAmount and the payment terms in days in TermsOld (no due date column).
Preset invoice2go() {
    Preset p;
    p.name = "invoice2go";
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"DocumentNumber"});
    set(Field::CustomerName, {"Name"});
    set(Field::CustomerEmail, {"EmailRecipient"});
    set(Field::IssueDate, {"DocumentDate"});
    set(Field::TermsDays, {"TermsOld"});
    set(Field::Status, {"DocumentStatus"});
    set(Field::Currency, {"CurrencyCode"});
    set(Field::Total, {"TotalAmount"});
    set(Field::Balance, {"BalanceDueAmount"});
    // "unsent" documents were never sent from Invoice2go: treated as drafts, never dunned.
    p.status_aliases = {{"unsent", "draft"}, {"fullypaid", "paid"}};
    return p;
}

// IBM Watson Analytics "Accounts Receivable" sample: settled invoices with a settlement date,
// US dates, zero-padded invoice numbers, no currency, no names (customerID is both).
Preset ibm_ar() {
    Preset p;
    p.name = "ibm_ar";
    auto set = [&](Field f, H names) { p.headers[static_cast<std::size_t>(f)] = std::move(names); };
    set(Field::InvoiceNumber, {"invoiceNumber"});
    set(Field::CustomerId, {"customerID"});
    set(Field::CustomerName, {"customerID"});
    set(Field::IssueDate, {"InvoiceDate"});
    set(Field::DueDate, {"DueDate"});
    set(Field::Total, {"InvoiceAmount"});
    set(Field::Disputed, {"Disputed"});
    set(Field::SettledDate, {"SettledDate"});
    return p;
}

const std::vector<Preset>& presets() {
    static const std::vector<Preset> kPresets = {
        native(), zoho_books(), freshbooks(), invoice_ninja(), wave(), invoice2go(), ibm_ar()};
    return kPresets;
}

}  // namespace

std::string_view field_name(Field f) {
    return kFieldNames[static_cast<std::size_t>(f)];
}

std::optional<Field> field_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        if (kFieldNames[i] == name) return static_cast<Field>(i);
    }
    return std::nullopt;
}

const Preset* find_preset(std::string_view name) {
    const auto& all = presets();
    auto it = std::find_if(all.begin(), all.end(), [&](const Preset& p) { return p.name == name; });
    return it == all.end() ? nullptr : &*it;
}

std::vector<std::string_view> preset_names() {
    std::vector<std::string_view> out;
    for (const auto& p : presets())
        out.push_back(p.name);
    return out;
}

std::string normalize_header(std::string_view header) {
    return normalize(header, '_');
}
std::string normalize_word(std::string_view word) {
    return normalize(word, 0);
}

}  // namespace relance::csv::detail
