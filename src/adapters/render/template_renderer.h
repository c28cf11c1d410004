// SPDX-License-Identifier: MIT
// TemplateRenderer: the Renderer port over mustache templates (kainjow/mustache, kept out of
// this header). It turns MessageFacts into subject, text and HTML with the language's formats.
// Templates are `<folder>/<lang>/level<N>.{subject,txt,html}.mustache`; any file left out falls
// back to the built-in template of the same language, level and part. Every template is parsed
// once, when the renderer is built, so a broken template is reported then, with its file name.
//
// Escaping: the HTML part escapes & < > " ' in every value; the subject and the text part are
// written with no escaping at all (never "&amp;" or "&#39;" in plain text). Values are made
// single-line (CR, LF and other control characters become spaces) so that no value can break a
// line of the subject; the subject as a whole is folded to one line.
//
// Must not: decide levels or amounts (it only formats the facts it is given), read the clock
// or the host locale, or send anything. Not thread-safe: use one renderer per thread.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "adapters/render/default_templates.h"
#include "core/error.h"
#include "core/ports/renderer.h"

namespace relance {

/// Template variables, each available under its French name and its English alias:
///   nom_client/customer_name, entreprise/company_name, email_entreprise/company_email,
///   telephone_entreprise/company_phone, niveau/level, montant/amount_due (what is still owed;
///   the sum of all invoices in a grouped message), montant_total/total, montant_regle/amount_paid,
///   numero_facture/invoice_number, date_echeance/due_date, date_facture/issue_date,
///   jours_retard/days_late, lien_paiement/payment_link (absent when there is none, or when it
///   is not an http(s) URL), paiement_partiel/partial_payment (true when something was paid),
///   plusieurs_factures/several_invoices (true for a grouped message),
///   nombre_factures/invoice_count, and factures/invoices: the list of invoices, each with the
///   per-invoice fields above (numero_facture, montant, montant_total, montant_regle,
///   date_echeance, date_facture, jours_retard, niveau, lien_paiement, paiement_partiel).
/// In a grouped message the top-level invoice fields summarise the list: numero_facture joins
/// the numbers with ", ", montant_total and montant_regle are sums, jours_retard is the largest,
/// date_echeance the earliest; lien_paiement is only given per invoice.
/// Late-payment penalties, only at the levels whose policy mentions or claims them (the lines
/// carry a LinePenalty), top level and per invoice: penalites/penalties (accrued interest),
/// indemnite/indemnity (fixed recovery indemnity), total_reclame/total_claimed (montant +
/// penalites + indemnite), taux_penalites/penalty_rate ("12,15 %"; the distinct rates joined
/// with " / "; absent when no interest runs yet), avec_penalites/has_penalties (true when
/// penalites or indemnite is not zero), avec_indemnite/has_indemnity, and at the top level
/// penalites_reclamees/penalties_claimed (the level claims them and they are not zero).
class TemplateRenderer final : public Renderer {
public:
    /// The built-in French and English templates, levels 1 to 4.
    [[nodiscard]] static Result<TemplateRenderer> builtin();
    /// Templates from `folder` (`<lang>/level<N>.<part>.mustache`), each file replacing the
    /// built-in one (`letter.*.mustache` files, the letter templates, are left to the letter
    /// renderer). A missing folder is NotFound; an unreadable, non-UTF-8, misnamed or broken
    /// template is InvalidInput naming the file; a language/level left without one of its three
    /// parts is InvalidInput too.
    [[nodiscard]] static Result<TemplateRenderer> from_folder(const std::filesystem::path& folder);
    /// Built-in templates overridden by `sources` (same rules as from_folder).
    [[nodiscard]] static Result<TemplateRenderer> from_sources(std::vector<TemplateSource> sources);

    TemplateRenderer(TemplateRenderer&&) noexcept;
    TemplateRenderer& operator=(TemplateRenderer&&) noexcept;
    ~TemplateRenderer() override;

    /// Renders facts.level in facts.language ("fr", "en-GB" → "en"; empty → "fr"). Fails with
    /// InvalidInput when no template exists for that language and level, when facts has no
    /// lines, or when the lines mix currencies; Internal when facts.amount_due is set and is
    /// not the sum of the lines.
    [[nodiscard]] Result<RenderedMessage> render(const MessageFacts& facts) override;

private:
    struct Impl;
    explicit TemplateRenderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Replaces CR, LF, tabs, other C0/C1 control characters, U+2028 and U+2029 by a space, and
/// invalid UTF-8 by U+FFFD: the form every value takes before it reaches a template.
[[nodiscard]] std::string single_line(std::string_view value);

/// Collapses the blank lines mustache leaves around standalone section tags: lines holding only
/// spaces become empty, runs of empty lines become one, leading and trailing ones are dropped,
/// and the result ends with exactly one "\n".
[[nodiscard]] std::string collapse_blank_lines(std::string_view text);

}  // namespace relance
