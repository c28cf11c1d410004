// SPDX-License-Identifier: MIT
// Letter ports: the formal notice (mise en demeure, level 4) as a printable letter. A
// LetterRenderer lays the facts out as a document (adapters/render/pdf: A4 PDF with cairo and
// pango); a LetterSink keeps it where a person will print and post it (adapters/delivery/letter:
// the letters folder). Neither decides who gets a letter (the engine does) nor computes amounts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/ports/renderer.h"
#include "core/time/date.h"

namespace relance {

/// Who writes: the creditor's identity, every item rules.md §6.1 (2.) asks of a formal notice,
/// and how to pay (§6.1, 6.).
struct CreditorIdentity {
    std::string name;        // legal name ("Atelier Dupont SAS")
    std::string legal_form;  // "SAS", "SARL" ...
    std::string capital;     // share capital as printed ("10 000 €"), optional
    std::string siren;       // 9 digits
    std::string rcs;         // registry city ("RCS Paris"), optional
    std::string vat_number;  // intra-EU VAT number, optional
    std::vector<std::string> address;  // street ... postcode and city, one line each
    std::string city;        // place of the letter: "Paris, le 3 décembre 2026"
    std::string phone;
    std::string email;
    std::string contact;     // the person the debtor may call about the claim
    std::string signatory;   // a person authorised to sign for the creditor (§6.1, 8.)
    std::string signatory_title;
    std::string iban;
    std::string bic;
    std::string bank;
};

/// One letter: a customer and every invoice it claims, with the penalty figures.
struct LetterFacts {
    std::string language;  // "fr" or "en"
    Date date{};           // date of the letter (the company's today)
    int deadline_days = 8; // days from receipt to pay (customary, not a legal rule: §6.1, 6.)
    std::string reference; // printed "Réf." line, e.g. "MED-C-001-2026-12-03"
    CreditorIdentity creditor;
    Customer customer;     // name, postal address, SIREN, B2B or B2C
    std::vector<InvoiceLine> lines;  // with their LinePenalty for a B2B debtor
    std::string rate_basis;          // legal basis of the rate, one line (PenaltyBreakdown)
};

/// Lays a letter out. InvalidInput: no invoice, mixed currencies, a broken template;
/// Internal: the layout library failed.
class LetterRenderer {
public:
    virtual ~LetterRenderer() = default;
    /// The document's bytes (a PDF for the default renderer).
    [[nodiscard]] virtual Result<std::string> render_letter(const LetterFacts& facts) = 0;
    /// Items of rules.md §6.1 the facts lack (an empty creditor address, no SIREN ...), one
    /// sentence each naming the config key to set; empty when the letter is complete.
    [[nodiscard]] virtual std::vector<std::string> missing_items(const LetterFacts& facts) const = 0;
};

/// Where letters are kept for printing and posting.
class LetterSink {
public:
    virtual ~LetterSink() = default;
    /// Stores `bytes` under `stem` (a filesystem-safe name without extension) and returns where
    /// it went (a path). The same stem and bytes give the same result (idempotent).
    /// Unavailable: could not be written (retry later).
    [[nodiscard]] virtual Result<std::string> put(std::string_view stem, std::string_view bytes) = 0;
};

}  // namespace relance
