// SPDX-License-Identifier: MIT
// PdfLetterRenderer: the LetterRenderer port as an A4 PDF laid out with cairo and pango
// (deps.md §4.10: exact text extraction, embedded subset fonts, every accent). The words come
// from mustache templates (letter_templates.h); this file places them:
//   - the sender block top left (20 mm from the left, 15 mm from the top, 80 × 32 mm);
//   - the recipient block in the window of a French DL or C5 window envelope (window 100 × 45 mm,
//     20 mm from the right edge and 15 mm from the bottom of a DL envelope): the block is drawn
//     inside x 100–190 mm, y 49–86 mm of the page (the name on at most 3 lines, then one
//     line for each address line), 5 mm in from the window on every side so that
//     the letter may slide in the envelope; fold marks at 99 and 198 mm;
//   - the body below (place and date, "Lettre recommandée avec accusé de réception", subject,
//     paragraphs, invoice tables, signature), then the legal footer and "Page n / N" on every
//     page. Long texts wrap; a name or address that cannot fit its block is cut with "…"; long
//     tables and paragraphs continue on the next page (the table header is repeated).
//
// Fonts: DejaVu Sans, pinned by name (fonts-dejavu-core); fontconfig must find it.
// Template variables (French name / English alias):
//   creditor: entreprise/company_name, forme_juridique/legal_form, capital/share_capital,
//   siren_entreprise/company_siren, rcs, tva_intracom/vat_number, adresse_entreprise/
//   company_address (list of ligne/line), ville/city, telephone_entreprise/company_phone,
//   email_entreprise/company_email, contact, signataire/signatory, titre_signataire/
//   signatory_title, iban, bic, banque/bank;
//   debtor: nom_client/customer_name, adresse_client/customer_address (list of ligne/line),
//   siren_client/customer_siren, professionnel/business, consommateur/consumer;
//   letter: date_lettre/letter_date ("3 décembre 2026"), reference, delai_jours/deadline_days;
//   claim: factures/invoices (each: numero_facture/invoice_number, date_facture/issue_date,
//   date_echeance/due_date, montant_total/total, montant_regle/amount_paid, montant/amount_due,
//   jours_retard/days_late, penalites/penalties, indemnite/indemnity, taux_penalites/
//   penalty_rate, lien_paiement/payment_link), and the sums montant, montant_total,
//   montant_regle, penalites, indemnite, total_reclame/total_claimed, taux_penalites (distinct
//   rates joined by " / "), numero_facture (numbers joined by ", "), nombre_factures/
//   invoice_count, plusieurs_factures/several_invoices, avec_penalites/has_penalties (a business
//   debtor with penalty figures), taux_bce/statutory_rate, taux_contractuel/contractual_rate,
//   taux_trois_fois_legal/three_times_legal_rate (where the rate comes from).
//
// Must not: compute amounts (the engine gives them), read the clock (the letter's date is a
// fact: the PDF's creation date is that day, so the same facts give the same bytes), or let a
// cairo/pango failure escape as anything but a Result.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/render/pdf/letter_templates.h"
#include "core/error.h"
#include "core/ports/letter.h"

namespace relance {

/// The date as a letter writes it: fr "3 décembre 2026", "1er mars 2026"; en "3 December 2026".
[[nodiscard]] std::string format_long_date(Date date, std::string_view lang);

class PdfLetterRenderer final : public LetterRenderer {
public:
    /// The built-in French and English templates.
    [[nodiscard]] static Result<PdfLetterRenderer> builtin();
    /// Templates `<folder>/<lang>/letter.<part>.mustache` replace the built-in ones; missing
    /// files keep the built-in part. A broken template is InvalidInput naming the file.
    [[nodiscard]] static Result<PdfLetterRenderer> from_folder(const std::filesystem::path& folder);
    [[nodiscard]] static Result<PdfLetterRenderer> from_sources(std::vector<LetterTemplateSource> sources);

    PdfLetterRenderer(PdfLetterRenderer&&) noexcept;
    PdfLetterRenderer& operator=(PdfLetterRenderer&&) noexcept;
    ~PdfLetterRenderer() override;

    [[nodiscard]] Result<std::string> render_letter(const LetterFacts& facts) override;
    [[nodiscard]] std::vector<std::string> missing_items(const LetterFacts& facts) const override;

private:
    struct Impl;
    explicit PdfLetterRenderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace relance
