// SPDX-License-Identifier: MIT
// The wording follows the tone of each level in docs/design.md: 1 courteous (assumes an
// oversight, offers help), 2 firm (late-payment penalties and the fixed 40 € recovery indemnity
// between businesses, Code de commerce L441-10 and D441-5), 3 formal (states the consequences),
// 4 formal notice (mise en demeure, Code civil art. 1344: pay within 8 days or legal action).
// Level 2 mentions the late-payment figures (penalites, indemnite, total_reclame,
// taux_penalites: L441-10 II, D441-5) and level 4 claims them (the sum demanded becomes
// total_reclame), when the policy gives them (Level::mention_penalties / claim_penalties).
// Each template is assembled from the phrases below so that the text and HTML parts of one
// level always say the same thing; the files written by write_default_templates are the
// assembled result, which users then edit freely.
#include "adapters/render/default_templates.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace relance {
namespace {

// Variable names used by a language's templates (French names, or the English aliases).
struct Vars {
    std::string_view customer, number, amount, total, paid, due_date, days_late, link, company,
        phone, email, list, several, partial, count, business;
};

constexpr Vars kFrVars{"nom_client",           "numero_facture",   "montant",
                       "montant_total",        "montant_regle",    "date_echeance",
                       "jours_retard",         "lien_paiement",    "entreprise",
                       "telephone_entreprise", "email_entreprise", "factures",
                       "plusieurs_factures",   "paiement_partiel", "nombre_factures",
                       "client_professionnel"};
constexpr Vars kEnVars{"customer_name",    "invoice_number",  "amount_due",    "total",
                       "amount_paid",      "due_date",        "days_late",     "payment_link",
                       "company_name",     "company_phone",   "company_email", "invoices",
                       "several_invoices", "partial_payment", "invoice_count",
                       "business_customer"};

// A paragraph that starts with this marker is said to business customers only (the section
// client_professionnel / business_customer): the fixed 40 € recovery indemnity is owed between
// businesses only (rules.md; Code de commerce L441-10), never by a consumer.
constexpr std::string_view kBusinessOnly = "[b2b]";

std::optional<std::string_view> business_only(std::string_view paragraph) {
    if (paragraph.substr(0, kBusinessOnly.size()) != kBusinessOnly) return std::nullopt;
    return paragraph.substr(kBusinessOnly.size());
}

// What one level says. Paragraphs are plain text with mustache tags; no HTML markup.
struct LevelWording {
    std::string_view subject_single;
    std::string_view subject_several;
    std::vector<std::string_view> greeting;  // one paragraph each
    std::string_view intro_single;
    std::string_view intro_several;  // before the list of invoices
    std::string_view after_list;     // after the total line (may be empty)
    std::vector<std::string_view> paragraphs;
    std::string_view closing;
    // The late-payment penalty figures (empty: none), shown when the section `penalties_when`
    // is true, after the first `penalties_after` paragraphs.
    std::string_view penalties_when;
    std::string_view penalties;
    std::size_t penalties_after = 0;
};

// What every level of one language shares.
struct LanguageWording {
    std::string_view lang;
    Vars v;
    std::string_view partial;     // partial payment received (single invoice)
    std::string_view link;        // "{LINK}" is replaced by the link (text) or an <a> (HTML)
    std::string_view list_line;   // one invoice in the text list
    std::string_view total_line;  // after the list
    std::string_view th_invoice, th_due, th_late, th_amount, td_days, td_partial, td_link;
    std::string_view phone_label;
    std::vector<LevelWording> levels;  // levels 1..4
};

std::string tag(std::string_view open, std::string_view name) {
    return "{{" + std::string(open) + std::string(name) + "}}";
}
std::string var(std::string_view name) {
    return tag("", name);
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
    return s;
}

const LanguageWording& french() {
    static const LanguageWording w{
        "fr",
        kFrVars,
        "Nous avons bien reçu un règlement partiel de {{montant_regle}} sur un total de "
        "{{montant_total}}, et nous vous en remercions : le montant ci-dessus en tient compte.",
        "Vous pouvez régler en ligne à cette adresse : {LINK}",
        "- Facture {{numero_facture}}, échue le {{date_echeance}} ({{jours_retard}} jours de "
        "retard) : {{montant}} restant dû{{#paiement_partiel}} (sur {{montant_total}}, dont "
        "{{montant_regle}} déjà réglé){{/paiement_partiel}}{{#lien_paiement}}, paiement en ligne : "
        "{{lien_paiement}}{{/lien_paiement}}",
        "Total restant dû : {{montant}}",
        "Facture",
        "Échéance",
        "Retard",
        "Restant dû",
        "{{jours_retard}} jours",
        "sur {{montant_total}}, dont {{montant_regle}} déjà réglé",
        "Payer en ligne",
        "Tél. : ",
        {
            LevelWording{
                "Rappel : facture {{numero_facture}} en attente de règlement",
                "Rappel : {{nombre_factures}} factures en attente de règlement",
                {"Bonjour {{nom_client}},"},
                "Sauf erreur de notre part, la facture {{numero_facture}}, arrivée à échéance le "
                "{{date_echeance}}, n’a pas encore été réglée. Le montant restant dû s’élève à "
                "{{montant}}.",
                "Sauf erreur de notre part, les factures suivantes n’ont pas encore été réglées :",
                "",
                {"Il s’agit sans doute d’un simple oubli. Si votre règlement est déjà parti, merci "
                 "de ne pas tenir compte de ce message.",
                 "Une question, un souci avec une facture ou une difficulté passagère ? Répondez "
                 "simplement à ce message : nous trouverons ensemble une solution."},
                "Bien cordialement,",
            },
            LevelWording{
                "Deuxième rappel : facture {{numero_facture}} impayée",
                "Deuxième rappel : {{nombre_factures}} factures impayées",
                {"Bonjour {{nom_client}},"},
                "Malgré notre précédent rappel, la facture {{numero_facture}}, échue le "
                "{{date_echeance}}, reste impayée à ce jour, avec {{jours_retard}} jours de "
                "retard. Le montant restant dû s’élève à {{montant}}.",
                "Malgré notre précédent rappel, les factures suivantes restent impayées à ce jour "
                ":",
                "",
                {"Nous vous demandons de bien vouloir procéder au règlement dans les meilleurs "
                 "délais.",
                 "[b2b]Nous vous rappelons qu’entre professionnels, tout retard de paiement entraîne de "
                 "plein droit des pénalités de retard ainsi qu’une indemnité forfaitaire pour "
                 "frais "
                 "de recouvrement de 40\u00A0€ par facture (article L441-10 du Code de commerce).",
                 "Si le règlement a été effectué entre-temps, merci de ne pas tenir compte de ce "
                 "message. En cas de difficulté, contactez-nous sans attendre afin que nous "
                 "puissions en discuter."},
                "Cordialement,",
                "avec_penalites",
                "À ce jour, les pénalités de retard s’élèvent à {{penalites}}{{#taux_penalites}} "
                "(taux annuel de {{taux_penalites}}){{/taux_penalites}}{{#avec_indemnite}}, "
                "auxquelles s’ajoute l’indemnité forfaitaire pour frais de recouvrement de "
                "{{indemnite}}{{/avec_indemnite}}, soit un total exigible de {{total_reclame}}.",
                2,
            },
            LevelWording{
                "Relance formelle : facture {{numero_facture}} impayée",
                "Relance formelle : {{nombre_factures}} factures impayées",
                {"À l’attention de {{nom_client}}", "Madame, Monsieur,"},
                "Malgré nos relances successives, la facture {{numero_facture}}, échue le "
                "{{date_echeance}}, demeure impayée après {{jours_retard}} jours de retard. Le "
                "montant restant dû s’élève à {{montant}}.",
                "Malgré nos relances successives, les factures suivantes demeurent impayées :",
                "",
                {"Nous vous demandons de régulariser cette situation sans délai.",
                 "À défaut de règlement rapide, nous serons contraints de prendre les mesures "
                 "nécessaires au recouvrement de notre créance : suspension des commandes et "
                 "prestations en cours, facturation des pénalités de retard{{#client_professionnel}} "
                 "et de l’indemnité forfaitaire pour frais de recouvrement{{/client_professionnel}}, "
                 "puis envoi d’une mise en demeure.",
                 "Si vous contestez tout ou partie de cette somme, ou si le règlement est déjà "
                 "intervenu, merci de nous le faire savoir en répondant à ce message."},
                "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
            },
            LevelWording{
                "Mise en demeure de payer : facture {{numero_facture}}",
                "Mise en demeure de payer : {{nombre_factures}} factures",
                {"À l’attention de {{nom_client}}", "Madame, Monsieur,"},
                "Nos relances étant restées sans effet, la facture {{numero_facture}}, échue le "
                "{{date_echeance}}, demeure impayée. Par la présente, nous vous mettons en demeure "
                "de nous régler la somme de {{#penalites_reclamees}}{{total_reclame}}"
                "{{/penalites_reclamees}}{{^penalites_reclamees}}{{montant}}"
                "{{/penalites_reclamees}}.",
                "Nos relances étant restées sans effet, les factures suivantes demeurent impayées "
                ":",
                "Par la présente, nous vous mettons en demeure de nous régler la somme totale de "
                "{{#penalites_reclamees}}{{total_reclame}}{{/penalites_reclamees}}"
                "{{^penalites_reclamees}}{{montant}}{{/penalites_reclamees}}.",
                {"Ce règlement doit nous parvenir dans un délai de huit (8) jours à compter de la "
                 "réception du présent courrier.",
                 "À défaut, nous engagerons sans autre avis une procédure judiciaire de "
                 "recouvrement et pourrons confier le dossier à un cabinet de recouvrement. Les "
                 "sommes dues pourront être majorées des pénalités de retard et, entre "
                 "professionnels, de l’indemnité forfaitaire pour frais de recouvrement prévues "
                 "par la loi.",
                 "Le présent courrier vaut mise en demeure au sens de l’article 1344 du Code "
                 "civil."},
                "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
                "penalites_reclamees",
                "Cette somme comprend {{montant}} en principal restant dû et {{penalites}} de "
                "pénalités de retard{{#taux_penalites}} calculées au taux annuel de "
                "{{taux_penalites}}{{/taux_penalites}} (article L441-10 du Code de commerce)"
                "{{#avec_indemnite}}, ainsi que {{indemnite}} d’indemnité forfaitaire pour frais "
                "de recouvrement (article D441-5 du Code de commerce){{/avec_indemnite}}. Les "
                "pénalités continuent de courir jusqu’au complet paiement.",
                0,
            },
        },
    };
    return w;
}

const LanguageWording& english() {
    static const LanguageWording w{
        "en",
        kEnVars,
        "We have received a partial payment of {{amount_paid}} towards the total of {{total}}, "
        "thank you: the amount above takes it into account.",
        "You can pay online here: {LINK}",
        "- Invoice {{invoice_number}}, due on {{due_date}} ({{days_late}} days overdue): "
        "{{amount_due}} outstanding{{#partial_payment}} (of {{total}}, {{amount_paid}} already "
        "paid){{/partial_payment}}{{#payment_link}}, pay online: {{payment_link}}{{/payment_link}}",
        "Total outstanding: {{amount_due}}",
        "Invoice",
        "Due date",
        "Overdue",
        "Outstanding",
        "{{days_late}} days",
        "of {{total}}, {{amount_paid}} already paid",
        "Pay online",
        "Tel.: ",
        {
            LevelWording{
                "Reminder: invoice {{invoice_number}} is awaiting payment",
                "Reminder: {{invoice_count}} invoices awaiting payment",
                {"Hello {{customer_name}},"},
                "According to our records, invoice {{invoice_number}}, due on {{due_date}}, has "
                "not been paid yet. The amount outstanding is {{amount_due}}.",
                "According to our records, the following invoices have not been paid yet:",
                "",
                {"This is most likely an oversight. If your payment is already on its way, please "
                 "disregard this message.",
                 "If you have a question about an invoice or are facing a temporary difficulty, "
                 "simply reply to this message and we will find a solution together."},
                "Kind regards,",
            },
            LevelWording{
                "Second reminder: invoice {{invoice_number}} is overdue",
                "Second reminder: {{invoice_count}} overdue invoices",
                {"Hello {{customer_name}},"},
                "Despite our previous reminder, invoice {{invoice_number}}, due on {{due_date}}, "
                "is still unpaid and now {{days_late}} days overdue. The amount outstanding is "
                "{{amount_due}}.",
                "Despite our previous reminder, the following invoices are still unpaid:",
                "",
                {"Please arrange payment as soon as possible.",
                 "[b2b]Please note that between businesses, late payment automatically incurs "
                 "late-payment penalties and a fixed compensation for recovery costs of €40 per "
                 "invoice (article L441-10 of the French Commercial Code).",
                 "If payment has been made in the meantime, please disregard this message. If you "
                 "are facing difficulties, contact us promptly so that we can discuss them."},
                "Regards,",
                "has_penalties",
                "To date, late-payment interest amounts to {{penalties}}{{#penalty_rate}} (annual "
                "rate {{penalty_rate}}){{/penalty_rate}}{{#has_indemnity}}, plus the fixed "
                "compensation for recovery costs of {{indemnity}}{{/has_indemnity}}, making a "
                "total due of {{total_claimed}}.",
                2,
            },
            LevelWording{
                "Formal reminder: invoice {{invoice_number}} remains unpaid",
                "Formal reminder: {{invoice_count}} invoices remain unpaid",
                {"For the attention of {{customer_name}}", "Dear Sir or Madam,"},
                "Despite our repeated reminders, invoice {{invoice_number}}, due on {{due_date}}, "
                "remains unpaid after {{days_late}} days. The amount outstanding is "
                "{{amount_due}}.",
                "Despite our repeated reminders, the following invoices remain unpaid:",
                "",
                {"We ask you to settle this matter without delay.",
                 "Failing prompt payment, we will have to take the steps needed to recover the "
                 "debt: suspending current orders and services, charging the late-payment "
                 "penalties{{#business_customer}} and the fixed recovery compensation"
                 "{{/business_customer}}, then sending a formal notice.",
                 "If you dispute all or part of this amount, or if payment has already been made, "
                 "please let us know by replying to this message."},
                "Yours faithfully,",
            },
            LevelWording{
                "Formal notice to pay: invoice {{invoice_number}}",
                "Formal notice to pay: {{invoice_count}} invoices",
                {"For the attention of {{customer_name}}", "Dear Sir or Madam,"},
                "Our reminders having gone unanswered, invoice {{invoice_number}}, due on "
                "{{due_date}}, remains unpaid. We hereby give you formal notice to pay the sum of "
                "{{#penalties_claimed}}{{total_claimed}}{{/penalties_claimed}}"
                "{{^penalties_claimed}}{{amount_due}}{{/penalties_claimed}}.",
                "Our reminders having gone unanswered, the following invoices remain unpaid:",
                "We hereby give you formal notice to pay the total sum of "
                "{{#penalties_claimed}}{{total_claimed}}{{/penalties_claimed}}"
                "{{^penalties_claimed}}{{amount_due}}{{/penalties_claimed}}.",
                {"Payment must reach us within eight (8) days of receipt of this notice.",
                 "Failing that, we will start legal proceedings to recover the debt without "
                 "further notice, and may hand the file over to a debt collection agency. The "
                 "sums due may be increased by the late-payment penalties and, between "
                 "businesses, the fixed recovery compensation provided for by law.",
                 "This letter constitutes a formal notice (mise en demeure) within the meaning of "
                 "article 1344 of the French Civil Code."},
                "Yours faithfully,",
                "penalties_claimed",
                "This sum comprises {{amount_due}} of principal outstanding and {{penalties}} of "
                "late-payment interest{{#penalty_rate}} at the annual rate of {{penalty_rate}}"
                "{{/penalty_rate}} (article L441-10 of the French Commercial Code)"
                "{{#has_indemnity}}, plus {{indemnity}} of fixed compensation for recovery costs "
                "(article D441-5){{/has_indemnity}}. Interest continues to accrue until payment "
                "in full.",
                0,
            },
        },
    };
    return w;
}

std::string subject_template(const LanguageWording& w, const LevelWording& l) {
    return tag("#", w.v.several) + std::string(l.subject_several) + tag("/", w.v.several) +
           tag("^", w.v.several) + std::string(l.subject_single) + tag("/", w.v.several) + "\n";
}

std::string text_template(const LanguageWording& w, const LevelWording& l) {
    const Vars& v = w.v;
    std::string t;
    for (auto g : l.greeting)
        t += std::string(g) + "\n\n";
    t += tag("#", v.several) + "\n";
    t += std::string(l.intro_several) + "\n\n";
    t += tag("#", v.list) + "\n" + std::string(w.list_line) + "\n" + tag("/", v.list) + "\n\n";
    t += std::string(w.total_line) + "\n";
    if (!l.after_list.empty()) t += "\n" + std::string(l.after_list) + "\n";
    t += tag("/", v.several) + "\n";
    t += tag("^", v.several) + "\n";
    t += std::string(l.intro_single) + "\n";
    t += tag("#", v.partial) + "\n\n" + std::string(w.partial) + "\n" + tag("/", v.partial) + "\n";
    t += tag("#", v.link) + "\n\n" + replace_all(std::string(w.link), "{LINK}", var(v.link)) +
         "\n" + tag("/", v.link) + "\n";
    t += tag("/", v.several) + "\n\n";
    for (std::size_t i = 0; i <= l.paragraphs.size(); ++i) {
        if (i == l.penalties_after && !l.penalties.empty()) {
            t += tag("#", l.penalties_when) + "\n" + std::string(l.penalties) + "\n\n" +
                 tag("/", l.penalties_when) + "\n";
        }
        if (i < l.paragraphs.size()) {
            if (const auto b2b = business_only(l.paragraphs[i])) {  // a section of its own lines
                t += tag("#", v.business) + "\n" + std::string(*b2b) + "\n\n" + tag("/", v.business) + "\n";
            } else {
                t += std::string(l.paragraphs[i]) + "\n\n";
            }
        }
    }
    t += std::string(l.closing) + "\n\n";
    t += var(v.company) + "\n";
    // The newline sits inside each section: a missing phone or e-mail leaves no empty line.
    t += tag("#", v.phone) + std::string(w.phone_label) + var(v.phone) + "\n" + tag("/", v.phone);
    t += tag("#", v.email) + var(v.email) + "\n" + tag("/", v.email);
    return t;
}

std::string html_template(const LanguageWording& w, const LevelWording& l) {
    const Vars& v = w.v;
    const auto p = [](std::string_view s) { return "<p>" + std::string(s) + "</p>\n"; };
    const std::string anchor = "<a href=\"" + var(v.link) + "\">" + var(v.link) + "</a>";
    std::string t;
    t += "<!DOCTYPE html>\n<html lang=\"" + std::string(w.lang) + "\">\n<head>\n";
    t += "<meta charset=\"utf-8\">\n";
    t += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    t += "</head>\n";
    t += "<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;"
         "font-size:15px;line-height:1.5;color:#222222;\">\n";
    for (auto g : l.greeting)
        t += p(g);
    t += tag("#", v.several) + "\n";
    t += p(l.intro_several);
    t += "<table cellpadding=\"6\" style=\"border-collapse:collapse;margin:8px 0 16px 0;\">\n";
    t += "<tr><th align=\"left\">" + std::string(w.th_invoice) + "</th><th align=\"left\">" +
         std::string(w.th_due) + "</th><th align=\"right\">" + std::string(w.th_late) +
         "</th><th align=\"right\">" + std::string(w.th_amount) + "</th></tr>\n";
    t += tag("#", v.list) + "\n";
    t += "<tr><td>" + var(v.number) + tag("#", v.link) + "<br><a href=\"" + var(v.link) + "\">" +
         std::string(w.td_link) + "</a>" + tag("/", v.link) + "</td><td>" + var(v.due_date) +
         "</td><td align=\"right\">" + std::string(w.td_days) + "</td><td align=\"right\">" +
         var(v.amount) + tag("#", v.partial) + "<br><small>" + std::string(w.td_partial) +
         "</small>" + tag("/", v.partial) + "</td></tr>\n";
    t += tag("/", v.list) + "\n";
    const std::string total = std::string(w.total_line);
    const auto colon = total.rfind(':');
    t += "<tr><td colspan=\"3\"><strong>" + total.substr(0, colon) +
         "</strong></td><td align=\"right\"><strong>" + var(v.amount) + "</strong></td></tr>\n";
    t += "</table>\n";
    if (!l.after_list.empty()) t += p(l.after_list);
    t += tag("/", v.several) + "\n";
    t += tag("^", v.several) + "\n";
    t += p(l.intro_single);
    t += tag("#", v.partial) + "\n" + p(w.partial) + tag("/", v.partial) + "\n";
    t += tag("#", v.link) + "\n" + p(replace_all(std::string(w.link), "{LINK}", anchor)) +
         tag("/", v.link) + "\n";
    t += tag("/", v.several) + "\n";
    for (std::size_t i = 0; i <= l.paragraphs.size(); ++i) {
        if (i == l.penalties_after && !l.penalties.empty()) {
            t += tag("#", l.penalties_when) + "\n" + p(l.penalties) + tag("/", l.penalties_when) +
                 "\n";
        }
        if (i < l.paragraphs.size()) {
            if (const auto b2b = business_only(l.paragraphs[i])) {
                t += tag("#", v.business) + "\n" + p(*b2b) + tag("/", v.business) + "\n";
            } else {
                t += p(l.paragraphs[i]);
            }
        }
    }
    t += p(l.closing);
    t += "<p>" + var(v.company) + tag("#", v.phone) + "<br>" + std::string(w.phone_label) +
         var(v.phone) + tag("/", v.phone) + tag("#", v.email) + "<br>" + var(v.email) +
         tag("/", v.email) + "</p>\n";
    t += "</body>\n</html>\n";
    return t;
}

std::vector<TemplateSource> build_defaults() {
    std::vector<TemplateSource> out;
    for (const LanguageWording* w : {&french(), &english()}) {
        int level = 0;
        for (const LevelWording& l : w->levels) {
            ++level;
            for (TemplatePart part :
                 {TemplatePart::Subject, TemplatePart::Text, TemplatePart::Html}) {
                std::string text = part == TemplatePart::Subject ? subject_template(*w, l)
                                   : part == TemplatePart::Text  ? text_template(*w, l)
                                                                 : html_template(*w, l);
                out.push_back(TemplateSource{
                    std::string(w->lang), level, part, std::move(text),
                    "built-in " + std::string(w->lang) + "/" + template_file_name(level, part)});
            }
        }
    }
    return out;
}

}  // namespace

std::string_view part_suffix(TemplatePart part) {
    switch (part) {
        case TemplatePart::Subject:
            return "subject";
        case TemplatePart::Text:
            return "txt";
        case TemplatePart::Html:
            return "html";
    }
    return "txt";
}

std::string template_file_name(int level, TemplatePart part) {
    return "level" + std::to_string(level) + "." + std::string(part_suffix(part)) + ".mustache";
}

const std::vector<TemplateSource>& default_templates() {
    static const std::vector<TemplateSource> all = build_defaults();
    return all;
}

Result<bool> write_template_file(const std::filesystem::path& folder, std::string_view language,
                                 const std::string& file_name, std::string_view text,
                                 bool overwrite) {
    const std::filesystem::path dir = folder / language;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return fail(ErrorCode::Unavailable,
                    "cannot create folder '" + dir.string() + "': " + ec.message());
    }
    const std::filesystem::path file = dir / file_name;
    if (!overwrite && std::filesystem::exists(file, ec)) return false;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
        return fail(ErrorCode::Unavailable,
                    "cannot write '" + file.string() + "': " + std::strerror(errno));
    }
    return true;
}

Result<int> write_default_templates(const std::filesystem::path& folder, bool overwrite) {
    int written = 0;
    for (const TemplateSource& t : default_templates()) {
        auto w = write_template_file(folder, t.language, template_file_name(t.level, t.part), t.text,
                                     overwrite);
        if (!w) return unexpected(std::move(w).error());
        written += *w ? 1 : 0;
    }
    return written;
}

}  // namespace relance
