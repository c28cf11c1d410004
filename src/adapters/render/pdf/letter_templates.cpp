// SPDX-License-Identifier: MIT
// The wording follows rules.md §6.1 (what a mise en demeure must contain), §4 (consumers: the
// principal only, legal interest from the notice, no fees) and §7.4 (no threat of measures that
// need an enforceable title, nothing that imitates a court or bailiff document). Every variable
// is listed in letter_pdf.h.
#include "adapters/render/pdf/letter_templates.h"

#include "adapters/render/default_templates.h"

namespace relance {
namespace {

constexpr std::string_view kFrSender = R"(# {{entreprise}}
{{#forme_juridique}}{{forme_juridique}}{{#capital}} au capital de {{capital}}{{/capital}}{{/forme_juridique}}
{{#adresse_entreprise}}
{{ligne}}
{{/adresse_entreprise}}
{{#siren_entreprise}}SIREN {{siren_entreprise}}{{#rcs}} — {{rcs}}{{/rcs}}{{/siren_entreprise}}
{{#telephone_entreprise}}Tél. : {{telephone_entreprise}}{{/telephone_entreprise}}
{{#email_entreprise}}{{email_entreprise}}{{/email_entreprise}}
)";

constexpr std::string_view kFrRecipient = R"(# {{nom_client}}
{{#adresse_client}}
{{ligne}}
{{/adresse_client}}
)";

constexpr std::string_view kFrBody = R"(>> {{#ville}}{{ville}}, le {{/ville}}{{date_lettre}}

# Lettre recommandée avec accusé de réception
# Objet : Mise en demeure de payer
Réf. : {{reference}} — {{#plusieurs_factures}}factures{{/plusieurs_factures}}{{^plusieurs_factures}}facture{{/plusieurs_factures}} {{numero_facture}}{{#siren_client}} — votre SIREN : {{siren_client}}{{/siren_client}}

Madame, Monsieur,

Malgré nos relances, {{#plusieurs_factures}}les {{nombre_factures}} factures suivantes restent impayées{{/plusieurs_factures}}{{^plusieurs_factures}}la facture suivante reste impayée{{/plusieurs_factures}} à ce jour :

[[table]]
N° facture | Date | Échéance | >Montant TTC | >Déjà réglé | >Restant dû
{{#factures}}
{{numero_facture}} | {{date_facture}} | {{date_echeance}} | {{montant_total}} | {{montant_regle}} | {{montant}}
{{/factures}}
{{#plusieurs_factures}}
* Total | | | {{montant_total}} | {{montant_regle}} | {{montant}}
{{/plusieurs_factures}}
[[/table]]

{{#avec_penalites}}
Conformément à l’article L441-10 II du Code de commerce, ces sommes portent de plein droit, depuis le lendemain de leur date d’échéance et sans qu’un rappel soit nécessaire, des pénalités de retard au taux de {{taux_penalites}} l’an ({{#taux_bce}}taux de refinancement de la Banque centrale européenne majoré de 10 points{{/taux_bce}}{{#taux_contractuel}}taux prévu par nos conditions générales de vente{{/taux_contractuel}}{{#taux_trois_fois_legal}}trois fois le taux de l’intérêt légal, prévu par nos conditions générales de vente{{/taux_trois_fois_legal}}), en intérêts simples sur le montant restant dû, arrêtées au {{date_lettre}} inclus. S’y ajoute l’indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5 du Code de commerce). Ces sommes sont hors du champ de la TVA.

[[table]]
N° facture | >Jours de retard | >Taux | >Pénalités de retard | >Indemnité forfaitaire
{{#factures}}
{{numero_facture}} | {{jours_retard}} | {{taux_penalites}} | {{penalites}} | {{indemnite}}
{{/factures}}
{{#plusieurs_factures}}
* Total | | | {{penalites}} | {{indemnite}}
{{/plusieurs_factures}}
[[/table]]

{{/avec_penalites}}
## Total réclamé : {{total_reclame}}
{{#avec_penalites}}
soit {{montant}} de principal restant dû, {{penalites}} de pénalités de retard et {{indemnite}} d’indemnité forfaitaire.
{{/avec_penalites}}

Par la présente, nous vous mettons en demeure de nous régler la somme de {{total_reclame}} dans un délai de {{delai_jours}} jours à compter de la réception de ce courrier. La présente lettre vaut mise en demeure au sens de l’article 1344 du Code civil.
{{#consommateur}}
Conformément aux articles 1231-6 et 1344-1 du Code civil, cette somme porte intérêts au taux légal à compter de la date de la présente mise en demeure.
{{/consommateur}}

À défaut de règlement dans ce délai, nous saisirons la juridiction compétente afin d’obtenir le paiement de notre créance, notamment par une requête en injonction de payer, sans autre avis de notre part. {{#professionnel}}Les pénalités de retard continueront de courir jusqu’au paiement complet, et nous nous réservons le droit de demander, sur justification, une indemnisation complémentaire si nos frais de recouvrement dépassent le montant de l’indemnité forfaitaire.{{/professionnel}}{{#consommateur}}Les intérêts au taux légal continueront de courir jusqu’au paiement complet.{{/consommateur}}

# Modalités de paiement
{{#iban}}
Virement bancaire : IBAN {{iban}}{{#bic}} — BIC {{bic}}{{/bic}}{{#banque}} ({{banque}}){{/banque}}, au nom de {{entreprise}}
{{/iban}}
Référence à indiquer : {{numero_facture}}
{{#factures}}
{{#lien_paiement}}
Paiement en ligne de la facture {{numero_facture}} : {{lien_paiement}}
{{/lien_paiement}}
{{/factures}}

Si vous contestez tout ou partie de cette créance, ou si le règlement est intervenu entre-temps, merci de nous en informer sans délai par écrit{{#contact}}, à l’attention de {{contact}}{{/contact}}{{#telephone_entreprise}}, au {{telephone_entreprise}}{{/telephone_entreprise}}{{#email_entreprise}} ou à {{email_entreprise}}{{/email_entreprise}}.

[[keep 22]]
Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

[[space 3]]
>> {{signataire}}
>> {{#titre_signataire}}{{titre_signataire}}, {{/titre_signataire}}pour {{entreprise}}
[[space 16]]
)";

constexpr std::string_view kFrFooter =
    R"({{entreprise}}{{#forme_juridique}} — {{forme_juridique}}{{#capital}} au capital de {{capital}}{{/capital}}{{/forme_juridique}}{{#siren_entreprise}} — SIREN {{siren_entreprise}}{{/siren_entreprise}}{{#rcs}} — {{rcs}}{{/rcs}}{{#tva_intracom}} — TVA {{tva_intracom}}{{/tva_intracom}}
)";

constexpr std::string_view kEnSender = R"(# {{company_name}}
{{#legal_form}}{{legal_form}}{{#share_capital}}, share capital {{share_capital}}{{/share_capital}}{{/legal_form}}
{{#company_address}}
{{line}}
{{/company_address}}
{{#company_siren}}SIREN {{company_siren}}{{#rcs}} — {{rcs}}{{/rcs}}{{/company_siren}}
{{#company_phone}}Phone: {{company_phone}}{{/company_phone}}
{{#company_email}}{{company_email}}{{/company_email}}
)";

constexpr std::string_view kEnRecipient = R"(# {{customer_name}}
{{#customer_address}}
{{line}}
{{/customer_address}}
)";

constexpr std::string_view kEnBody = R"(>> {{#city}}{{city}}, {{/city}}{{letter_date}}

# Registered letter with acknowledgement of receipt
# Subject: Formal notice to pay (mise en demeure de payer)
Ref.: {{reference}} — {{#several_invoices}}invoices{{/several_invoices}}{{^several_invoices}}invoice{{/several_invoices}} {{invoice_number}}{{#customer_siren}} — your SIREN: {{customer_siren}}{{/customer_siren}}

Dear Sir or Madam,

Despite our reminders, {{#several_invoices}}the following {{invoice_count}} invoices remain unpaid{{/several_invoices}}{{^several_invoices}}the following invoice remains unpaid{{/several_invoices}}:

[[table]]
Invoice | Date | Due date | >Amount incl. VAT | >Paid | >Balance due
{{#invoices}}
{{invoice_number}} | {{issue_date}} | {{due_date}} | {{total}} | {{amount_paid}} | {{amount_due}}
{{/invoices}}
{{#several_invoices}}
* Total | | | {{total}} | {{amount_paid}} | {{amount_due}}
{{/several_invoices}}
[[/table]]

{{#has_penalties}}
Under article L441-10 II of the French Commercial Code, these sums bear late-payment interest by operation of law, from the day after their due date and without any reminder being required, at the rate of {{penalty_rate}} a year ({{#statutory_rate}}the European Central Bank main refinancing rate plus 10 points{{/statutory_rate}}{{#contractual_rate}}the rate set in our terms of sale{{/contractual_rate}}{{#three_times_legal_rate}}three times the French legal interest rate, as set in our terms of sale{{/three_times_legal_rate}}), as simple interest on the balance due, computed up to and including {{letter_date}}. A fixed recovery indemnity of €40 per invoice is added (article D441-5 of the French Commercial Code). These sums are outside the scope of VAT.

[[table]]
Invoice | >Days late | >Rate | >Late-payment interest | >Fixed indemnity
{{#invoices}}
{{invoice_number}} | {{days_late}} | {{penalty_rate}} | {{penalties}} | {{indemnity}}
{{/invoices}}
{{#several_invoices}}
* Total | | | {{penalties}} | {{indemnity}}
{{/several_invoices}}
[[/table]]

{{/has_penalties}}
## Total claimed: {{total_claimed}}
{{#has_penalties}}
that is {{amount_due}} of principal still due, {{penalties}} of late-payment interest and {{indemnity}} of fixed indemnity.
{{/has_penalties}}

We hereby give you formal notice to pay us the sum of {{total_claimed}} within {{deadline_days}} days of receipt of this letter. This letter constitutes a formal notice (mise en demeure) within the meaning of article 1344 of the French Civil Code.
{{#consumer}}
Under articles 1231-6 and 1344-1 of the French Civil Code, this sum bears interest at the legal rate from the date of this formal notice.
{{/consumer}}

Failing payment within this time, we will bring the matter before the competent court to obtain payment of our claim, in particular by an application for an order for payment (injonction de payer), without further notice. {{#business}}Late-payment interest will keep accruing until payment in full, and we reserve the right to claim, on justification, additional compensation if our recovery costs exceed the fixed indemnity.{{/business}}{{#consumer}}Interest at the legal rate will keep accruing until payment in full.{{/consumer}}

# Payment details
{{#iban}}
Bank transfer: IBAN {{iban}}{{#bic}} — BIC {{bic}}{{/bic}}{{#bank}} ({{bank}}){{/bank}}, account holder {{company_name}}
{{/iban}}
Reference to quote: {{invoice_number}}
{{#invoices}}
{{#payment_link}}
Pay invoice {{invoice_number}} online: {{payment_link}}
{{/payment_link}}
{{/invoices}}

If you dispute all or part of this claim, or if payment has been made in the meantime, please let us know in writing without delay{{#contact}}, for the attention of {{contact}}{{/contact}}{{#company_phone}}, on {{company_phone}}{{/company_phone}}{{#company_email}} or at {{company_email}}{{/company_email}}.

[[keep 22]]
Yours faithfully,

[[space 3]]
>> {{signatory}}
>> {{#signatory_title}}{{signatory_title}}, {{/signatory_title}}for {{company_name}}
[[space 16]]
)";

constexpr std::string_view kEnFooter =
    R"({{company_name}}{{#legal_form}} — {{legal_form}}{{#share_capital}}, share capital {{share_capital}}{{/share_capital}}{{/legal_form}}{{#company_siren}} — SIREN {{company_siren}}{{/company_siren}}{{#rcs}} — {{rcs}}{{/rcs}}{{#vat_number}} — VAT {{vat_number}}{{/vat_number}}
)";

std::vector<LetterTemplateSource> build() {
    std::vector<LetterTemplateSource> out;
    const auto add = [&](const char* lang, const char* part, std::string_view text) {
        out.push_back(LetterTemplateSource{lang, part, std::string(text),
                                           std::string("built-in ") + lang + "/" +
                                               letter_template_file_name(part)});
    };
    add("fr", "sender", kFrSender);
    add("fr", "recipient", kFrRecipient);
    add("fr", "body", kFrBody);
    add("fr", "footer", kFrFooter);
    add("en", "sender", kEnSender);
    add("en", "recipient", kEnRecipient);
    add("en", "body", kEnBody);
    add("en", "footer", kEnFooter);
    return out;
}

}  // namespace

const std::vector<std::string>& letter_parts() {
    static const std::vector<std::string> parts{"sender", "recipient", "body", "footer"};
    return parts;
}

std::string letter_template_file_name(const std::string& part) {
    return "letter." + part + ".mustache";
}

const std::vector<LetterTemplateSource>& default_letter_templates() {
    static const std::vector<LetterTemplateSource> all = build();
    return all;
}

Result<int> write_default_letter_templates(const std::filesystem::path& folder, bool overwrite) {
    int written = 0;
    for (const LetterTemplateSource& t : default_letter_templates()) {
        auto w = write_template_file(folder, t.language, letter_template_file_name(t.part), t.text,
                                     overwrite);
        if (!w) return unexpected(std::move(w).error());
        written += *w ? 1 : 0;
    }
    return written;
}

}  // namespace relance
