// SPDX-License-Identifier: MIT
// TemplateRenderer: the built-in templates of every level in French and English, the variables,
// escaping per part, and cases 04, 07, 09, 10 and 11. Expected texts are written by hand from
// the template wording; amounts spell their spaces: NN = U+202F, NB = U+00A0.
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "testing/sandbox.h"

#include "adapters/render/default_templates.h"
#include "adapters/render/template_renderer.h"

namespace relance {
namespace {

using namespace std::chrono;

#define NN "\xE2\x80\xAF"
#define NB "\xC2\xA0"

Money eur(std::int64_t cents) {
    return Money{cents, Currency::eur()};
}

InvoiceLine a_line(std::string number, Date due, int days_late, std::int64_t total_cents,
                   std::int64_t paid_cents = 0, int level = 1) {
    InvoiceLine line;
    line.number = std::move(number);
    line.due_date = due;
    line.days_late = days_late;
    line.level = level;
    line.total = eur(total_cents);
    line.paid = eur(paid_cents);
    line.amount_due = eur(total_cents - paid_cents);
    return line;
}

MessageFacts some_facts(std::string language, int level, std::vector<InvoiceLine> lines) {
    MessageFacts f;
    f.language = std::move(language);
    f.level = level;
    f.company_name = "Atelier Dupont";
    f.customer_name = "Boulangerie Lefèvre";
    f.lines = std::move(lines);
    return f;
}

TemplateRenderer builtin() {
    auto r = TemplateRenderer::builtin();
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return std::move(r).value();
}

RenderedMessage render_ok(TemplateRenderer& renderer, const MessageFacts& facts) {
    auto m = renderer.render(facts);
    EXPECT_TRUE(m.has_value()) << m.error().describe();
    return m.has_value() ? std::move(m).value() : RenderedMessage{};
}

TemplateSource source(std::string lang, int level, TemplatePart part, std::string text) {
    return TemplateSource{std::move(lang), level, part, std::move(text),
                          "custom/" + template_file_name(level, part)};
}

TemplateRenderer with_text(std::string lang, int level, std::string text) {
    auto r = TemplateRenderer::from_sources(
        {source(std::move(lang), level, TemplatePart::Text, std::move(text))});
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return std::move(r).value();
}

using TempDir = test::Sandbox;

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    test::write_file(p, text);
}

// --- Built-in templates --------------------------------------------------------------------

TEST(TemplateRendererTest, Case07FrenchLevel2PartialPaymentExactText) {
    auto renderer = builtin();
    auto line = a_line("F-107", 2026y / March / 1d, 15, 100000, 20000, 2);
    line.payment_link = "https://pay.example/i/107";
    const auto facts = some_facts("fr", 2, {line});

    const auto m = render_ok(renderer, facts);

    EXPECT_EQ(m.subject, "Deuxième rappel : facture F-107 impayée");
    EXPECT_EQ(
        m.text,
        "Bonjour Boulangerie Lefèvre,\n"
        "\n"
        "Malgré notre précédent rappel, la facture F-107, échue le 01/03/2026, reste impayée "
        "à ce jour, avec 15 jours de retard. Le montant restant dû s’élève à 800,00" NB
        "€.\n"
        "\n"
        "Nous avons bien reçu un règlement partiel de 200,00" NB
        "€ sur un total de "
        "1" NN "000,00" NB
        "€, et nous vous en remercions : le montant ci-dessus en tient "
        "compte.\n"
        "\n"
        "Vous pouvez régler en ligne à cette adresse : https://pay.example/i/107\n"
        "\n"
        "Nous vous demandons de bien vouloir procéder au règlement dans les meilleurs "
        "délais.\n"
        "\n"
        "Nous vous rappelons qu’entre professionnels, tout retard de paiement entraîne de "
        "plein droit des pénalités de retard ainsi qu’une indemnité forfaitaire pour frais de "
        "recouvrement de 40" NB
        "€ par facture (article L441-10 du Code de commerce).\n"
        "\n"
        "Si le règlement a été effectué entre-temps, merci de ne pas tenir compte de ce "
        "message. En cas de difficulté, contactez-nous sans attendre afin que nous puissions "
        "en discuter.\n"
        "\n"
        "Cordialement,\n"
        "\n"
        "Atelier Dupont\n");
}

TEST(TemplateRendererTest, AConsumerIsNeverToldOfTheFortyEuroIndemnity) {
    // rules.md: the fixed 40 EUR recovery indemnity is owed between businesses only.
    auto renderer = builtin();
    for (const std::string lang : {"fr", "en"}) {
        for (const int level : {2, 3}) {
            auto facts = some_facts(lang, level, {a_line("F-1", 2026y / March / 1d, 31, 100000)});
            facts.business = false;

            const auto m = render_ok(renderer, facts);

            for (const std::string* part : {&m.text, &m.html}) {
                EXPECT_EQ(part->find(lang == "fr" ? "40\u00A0€" : "€40"), std::string::npos) << lang << level;
                EXPECT_EQ(part->find(lang == "fr" ? "indemnité" : "recovery compensation"), std::string::npos)
                    << lang << level << *part;
            }
            EXPECT_EQ(m.html.find("<p></p>"), std::string::npos);
            EXPECT_EQ(m.text.find("\n\n\n"), std::string::npos) << "no empty paragraph left";
        }
    }
    auto business = some_facts("fr", 3, {a_line("F-1", 2026y / March / 1d, 31, 100000)});
    EXPECT_NE(render_ok(renderer, business).text.find("facturation des pénalités de retard et de "
                                                      "l’indemnité forfaitaire pour frais de "
                                                      "recouvrement, puis envoi"),
              std::string::npos);
    auto consumer = business;
    consumer.business = false;
    EXPECT_NE(render_ok(renderer, consumer).text.find("facturation des pénalités de retard, puis envoi"),
              std::string::npos);
}

TEST(TemplateRendererTest, Case04EnglishLevel1ExactTextWithDueDateAsStored) {
    auto renderer = builtin();
    auto facts = some_facts("en", 1, {a_line("F-104", 2026y / March / 31d, 7, 123456)});
    facts.customer_name = "Garage Petit";
    facts.company_email = "compta@dupont.example";
    facts.company_phone = "+33 1 23 45 67 89";

    const auto m = render_ok(renderer, facts);

    EXPECT_EQ(m.subject, "Reminder: invoice F-104 is awaiting payment");
    EXPECT_EQ(m.text,
              "Hello Garage Petit,\n"
              "\n"
              "According to our records, invoice F-104, due on 31 March 2026, has not been paid "
              "yet. The amount outstanding is €1,234.56.\n"
              "\n"
              "This is most likely an oversight. If your payment is already on its way, please "
              "disregard this message.\n"
              "\n"
              "If you have a question about an invoice or are facing a temporary difficulty, "
              "simply reply to this message and we will find a solution together.\n"
              "\n"
              "Kind regards,\n"
              "\n"
              "Atelier Dupont\n"
              "Tel.: +33 1 23 45 67 89\n"
              "compta@dupont.example\n");
    EXPECT_NE(m.html.find("invoice F-104, due on 31 March 2026, has not been paid"),
              std::string::npos);
}

TEST(TemplateRendererTest, Case04FrenchDueDateInEveryPart) {
    auto renderer = builtin();
    const auto facts = some_facts("fr", 1, {a_line("F-104", 2026y / March / 31d, 7, 10000)});

    const auto m = render_ok(renderer, facts);

    EXPECT_NE(m.text.find("arrivée à échéance le 31/03/2026,"), std::string::npos);
    EXPECT_NE(m.html.find("arrivée à échéance le 31/03/2026,"), std::string::npos);
    EXPECT_EQ(m.text.find("30/03/2026"), std::string::npos);
    EXPECT_EQ(m.text.find("01/04/2026"), std::string::npos);
}

struct LevelExpectation {
    const char* lang;
    int level;
    const char* subject_single;
    const char* subject_several;
    const char* phrase;  // something only this level says
};

constexpr LevelExpectation kLevels[] = {
    {"fr", 1, "Rappel : facture F-1 en attente de règlement",
     "Rappel : 2 factures en attente de règlement", "Il s’agit sans doute d’un simple oubli."},
    {"fr", 2, "Deuxième rappel : facture F-1 impayée", "Deuxième rappel : 2 factures impayées",
     "indemnité forfaitaire pour frais de recouvrement de 40" NB "€ par facture"},
    {"fr", 3, "Relance formelle : facture F-1 impayée", "Relance formelle : 2 factures impayées",
     "Madame, Monsieur,"},
    {"fr", 4, "Mise en demeure de payer : facture F-1", "Mise en demeure de payer : 2 factures",
     "dans un délai de huit (8) jours"},
    {"en", 1, "Reminder: invoice F-1 is awaiting payment", "Reminder: 2 invoices awaiting payment",
     "This is most likely an oversight."},
    {"en", 2, "Second reminder: invoice F-1 is overdue", "Second reminder: 2 overdue invoices",
     "fixed compensation for recovery costs of €40 per invoice"},
    {"en", 3, "Formal reminder: invoice F-1 remains unpaid",
     "Formal reminder: 2 invoices remain unpaid", "Dear Sir or Madam,"},
    {"en", 4, "Formal notice to pay: invoice F-1", "Formal notice to pay: 2 invoices",
     "within eight (8) days"},
};

TEST(TemplateRendererTest, EveryBuiltInLevelRendersInFrenchAndEnglish) {
    auto renderer = builtin();
    for (const auto& e : kLevels) {
        SCOPED_TRACE(std::string(e.lang) + " level " + std::to_string(e.level));
        const auto one =
            some_facts(e.lang, e.level, {a_line("F-1", 2026y / March / 1d, 20, 50000)});
        auto two = one;
        two.lines.push_back(a_line("F-2", 2026y / March / 5d, 16, 25000));

        const auto m1 = render_ok(renderer, one);
        const auto m2 = render_ok(renderer, two);

        EXPECT_EQ(m1.subject, e.subject_single);
        EXPECT_EQ(m2.subject, e.subject_several);
        for (const auto* m : {&m1, &m2}) {
            EXPECT_NE(m->text.find(e.phrase), std::string::npos) << m->text;
            EXPECT_NE(m->html.find(e.phrase), std::string::npos);
            EXPECT_NE(m->text.find("Boulangerie Lefèvre"), std::string::npos);
            EXPECT_EQ(m->text.find("{{"), std::string::npos);
            EXPECT_EQ(m->text.find("\n\n\n"), std::string::npos);
            EXPECT_NE(m->text.front(), '\n');
            EXPECT_EQ(m->text.back(), '\n');
            EXPECT_NE(m->text.substr(m->text.size() - 2), "\n\n");
            EXPECT_EQ(
                m->html.rfind("<!DOCTYPE html>\n<html lang=\"" + std::string(e.lang) + "\">", 0),
                0U);
            EXPECT_NE(m->html.find("</html>\n"), std::string::npos);
        }
        const std::string amount = std::string(e.lang) == "fr" ? "500,00" NB "€" : "€500.00";
        const std::string sum = std::string(e.lang) == "fr" ? "750,00" NB "€" : "€750.00";
        EXPECT_NE(m1.text.find(amount), std::string::npos);
        EXPECT_NE(m2.text.find(sum), std::string::npos);
        EXPECT_NE(m2.html.find(sum), std::string::npos);
    }
}

TEST(TemplateRendererTest, LanguageTagsAndDefaults) {
    auto renderer = builtin();
    auto facts = some_facts("en-GB", 1, {a_line("F-1", 2026y / March / 1d, 7, 100)});

    EXPECT_EQ(render_ok(renderer, facts).subject, "Reminder: invoice F-1 is awaiting payment");
    facts.language = "";
    EXPECT_EQ(render_ok(renderer, facts).subject, "Rappel : facture F-1 en attente de règlement");
    facts.language = "FR";
    EXPECT_EQ(render_ok(renderer, facts).subject, "Rappel : facture F-1 en attente de règlement");
}

// --- Variables -----------------------------------------------------------------------------

TEST(TemplateRendererTest, Case07AmountsOfAPartiallyPaidInvoice) {
    auto renderer = with_text("fr", 2,
                              "{{montant}}|{{montant_total}}|{{montant_regle}}|"
                              "{{#paiement_partiel}}partiel{{/paiement_partiel}}\n"
                              "{{amount_due}}|{{total}}|{{amount_paid}}|"
                              "{{#partial_payment}}partial{{/partial_payment}}\n");
    const auto facts =
        some_facts("fr", 2, {a_line("F-107", 2026y / March / 1d, 15, 100000, 20000, 2)});

    const auto m = render_ok(renderer, facts);

    EXPECT_EQ(m.text, "800,00" NB "€|1" NN "000,00" NB "€|200,00" NB
                      "€|partiel\n"
                      "800,00" NB "€|1" NN "000,00" NB "€|200,00" NB "€|partial\n");
}

TEST(TemplateRendererTest, UnpaidInvoiceIsNotAPartialPayment) {
    auto renderer = with_text("fr", 1, "[{{#paiement_partiel}}partiel{{/paiement_partiel}}]\n");
    const auto facts = some_facts("fr", 1, {a_line("F-1", 2026y / March / 1d, 7, 100000)});

    EXPECT_EQ(render_ok(renderer, facts).text, "[]\n");
}

TEST(TemplateRendererTest, EverySingleInvoiceVariableAndItsAlias) {
    auto renderer = with_text(
        "en", 3,
        "{{nom_client}}/{{customer_name}} {{entreprise}}/{{company_name}} "
        "{{email_entreprise}}/{{company_email}} {{telephone_entreprise}}/{{company_phone}}\n"
        "{{numero_facture}}/{{invoice_number}} {{date_echeance}}/{{due_date}} "
        "{{date_facture}}/{{issue_date}} {{jours_retard}}/{{days_late}} {{niveau}}/{{level}}\n"
        "{{lien_paiement}}/{{payment_link}} {{nombre_factures}}/{{invoice_count}} "
        "[{{#plusieurs_factures}}x{{/plusieurs_factures}}{{#several_invoices}}x{{/"
        "several_invoices}}]\n");
    auto line = a_line("F-9", 2026y / February / 28d, 31, 5000, 0, 3);
    line.issue_date = 2026y / January / 29d;
    line.payment_link = "https://pay.example/i/9";
    auto facts = some_facts("en", 3, {line});
    facts.company_email = "c@dupont.example";
    facts.company_phone = "01 02";

    const auto m = render_ok(renderer, facts);

    EXPECT_EQ(
        m.text,
        "Boulangerie Lefèvre/Boulangerie Lefèvre Atelier Dupont/Atelier Dupont "
        "c@dupont.example/c@dupont.example 01 02/01 02\n"
        "F-9/F-9 28 February 2026/28 February 2026 29 January 2026/29 January 2026 31/31 3/3\n"
        "https://pay.example/i/9/https://pay.example/i/9 1/1 []\n");
}

TEST(TemplateRendererTest, PaymentLinkSectionOnlyWhenThereIsALink) {
    auto renderer =
        with_text("fr", 1, "A{{#lien_paiement}} payer : {{lien_paiement}}{{/lien_paiement}}\n");
    auto line = a_line("F-1", 2026y / March / 1d, 7, 100);
    auto facts = some_facts("fr", 1, {line});

    EXPECT_EQ(render_ok(renderer, facts).text, "A\n");
    facts.lines[0].payment_link = "https://pay.example/i/1";
    EXPECT_EQ(render_ok(renderer, facts).text, "A payer : https://pay.example/i/1\n");
    facts.lines[0].payment_link = "javascript:alert(1)";
    EXPECT_EQ(render_ok(renderer, facts).text, "A\n");
}

TEST(TemplateRendererTest, LinkInHtmlIsEscapedInsideTheAttribute) {
    auto renderer = builtin();
    auto line = a_line("F-1", 2026y / March / 1d, 7, 100);
    line.payment_link = "https://pay.example/?a=1&b=\"2\"";
    const auto facts = some_facts("fr", 1, {line});

    const auto m = render_ok(renderer, facts);

    EXPECT_NE(m.html.find("<a href=\"https://pay.example/?a=1&amp;b=&quot;2&quot;\">"),
              std::string::npos);
    EXPECT_NE(m.text.find("adresse : https://pay.example/?a=1&b=\"2\"\n"), std::string::npos);
}

// Case 11: one grouped message; the total is the sum, each invoice keeps its own figures.
TEST(TemplateRendererTest, Case11GroupedMessageListsEachInvoiceAndSumsTheTotal) {
    auto renderer = builtin();
    auto facts = some_facts("fr", 3,
                            {a_line("F-111a", 2026y / March / 1d, 40, 80000, 0, 3),
                             a_line("F-111b", 2026y / March / 10d, 31, 120000, 0, 3),
                             a_line("F-111c", 2026y / April / 1d, 9, 30000, 0, 1)});
    facts.customer_name = "Garage Petit";
    facts.amount_due = eur(230000);

    const auto m = render_ok(renderer, facts);

    EXPECT_EQ(m.subject, "Relance formelle : 3 factures impayées");
    EXPECT_NE(m.text.find("Malgré nos relances successives, les factures suivantes demeurent "
                          "impayées :\n"
                          "\n"
                          "- Facture F-111a, échue le 01/03/2026 (40 jours de retard) : 800,00" NB
                          "€ restant dû\n"
                          "- Facture F-111b, échue le 10/03/2026 (31 jours de retard) : 1" NN
                          "200,00" NB "€ restant dû\n"
                          "- Facture F-111c, échue le 01/04/2026 (9 jours de retard) : 300,00" NB
                          "€ restant dû\n"
                          "\n"
                          "Total restant dû : 2" NN "300,00" NB "€\n"),
              std::string::npos)
        << m.text;
    EXPECT_NE(m.html.find("<td align=\"right\"><strong>2" NN "300,00" NB "€</strong></td>"),
              std::string::npos);
    EXPECT_EQ(m.text.find("s’élève à"), std::string::npos);  // the single-invoice sentence
}

TEST(TemplateRendererTest, Case11GroupedVariables) {
    auto renderer =
        with_text("fr", 3,
                  "{{montant}} {{nombre_factures}} {{numero_facture}} "
                  "{{date_echeance}} {{jours_retard}} "
                  "{{#plusieurs_factures}}oui{{/plusieurs_factures}}\n"
                  "{{#factures}}{{numero_facture}}={{montant}}@{{niveau}};{{/factures}}\n"
                  "{{#invoices}}{{invoice_number}}={{days_late}};{{/invoices}}\n");
    const auto facts = some_facts("fr", 3,
                                  {a_line("F-111a", 2026y / March / 1d, 40, 80000, 0, 3),
                                   a_line("F-111b", 2026y / March / 10d, 31, 120000, 0, 3),
                                   a_line("F-111c", 2026y / April / 1d, 9, 30000, 0, 1)});

    const auto m = render_ok(renderer, facts);

    EXPECT_EQ(m.text, "2" NN "300,00" NB
                      "€ 3 F-111a, F-111b, F-111c 01/03/2026 40 oui\n"
                      "F-111a=800,00" NB "€@3;F-111b=1" NN "200,00" NB "€@3;F-111c=300,00" NB
                      "€@1;\n"
                      "F-111a=40;F-111b=31;F-111c=9;\n");
}

TEST(TemplateRendererTest, AmountDueThatIsNotTheSumIsABug) {
    auto renderer = builtin();
    auto facts = some_facts("fr", 1,
                            {a_line("F-1", 2026y / March / 1d, 7, 80000),
                             a_line("F-2", 2026y / March / 1d, 7, 120000)});
    facts.amount_due = eur(80000);

    const auto m = renderer.render(facts);

    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, ErrorCode::Internal);
}

// --- Escaping ------------------------------------------------------------------------------

// Case 09: the text part reads the characters themselves; HTML escapes them.
TEST(TemplateRendererTest, Case09TextPartHasNoEntitiesHtmlEscapes) {
    auto renderer = builtin();
    auto facts = some_facts("fr", 1, {a_line("F-109", 2026y / March / 1d, 7, 105000)});
    facts.customer_name = "Société Générale d'Études Müller & Fils";
    facts.company_name = "Ateliers de Saint-Étienne <SE>";

    const auto m = render_ok(renderer, facts);

    EXPECT_NE(m.text.find("Bonjour Société Générale d'Études Müller & Fils,\n"), std::string::npos);
    EXPECT_NE(m.text.find("1" NN "050,00" NB "€"), std::string::npos);
    EXPECT_NE(m.text.find("\nAteliers de Saint-Étienne <SE>\n"), std::string::npos);
    for (const std::string* part : {&m.text, &m.subject}) {
        EXPECT_EQ(part->find("&amp;"), std::string::npos);
        EXPECT_EQ(part->find("&#39;"), std::string::npos);
        EXPECT_EQ(part->find("&apos;"), std::string::npos);
        EXPECT_EQ(part->find("&eacute;"), std::string::npos);
        EXPECT_EQ(part->find("&lt;"), std::string::npos);
    }
    EXPECT_NE(m.html.find("<p>Bonjour Société Générale d&#39;Études Müller &amp; Fils,</p>"),
              std::string::npos);
    EXPECT_NE(m.html.find("Ateliers de Saint-Étienne &lt;SE&gt;"), std::string::npos);
    EXPECT_EQ(m.html.find("&eacute;"), std::string::npos);
}

TEST(TemplateRendererTest, SubjectIsNeverEscaped) {
    auto r = TemplateRenderer::from_sources(
        {source("fr", 1, TemplatePart::Subject, "{{nom_client}} & {{entreprise}}")});
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    auto facts = some_facts("fr", 1, {a_line("F-1", 2026y / March / 1d, 7, 100)});
    facts.customer_name = "O'Brien & \"Fils\" <x>";
    facts.company_name = "L'Atelier";

    EXPECT_EQ(render_ok(*r, facts).subject, "O'Brien & \"Fils\" <x> & L'Atelier");
}

// Case 10.
TEST(TemplateRendererTest, Case10SubjectWithApostropheAndAccents) {
    auto r = TemplateRenderer::from_sources(
        {source("fr", 1, TemplatePart::Subject,
                "Rappel – facture {{numero_facture}} échue ({{entreprise}})\n")});
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    auto facts = some_facts("fr", 1, {a_line("F-110", 2026y / March / 1d, 7, 100)});
    facts.company_name = "L'Atelier d'Hélène";

    EXPECT_EQ(render_ok(*r, facts).subject, "Rappel – facture F-110 échue (L'Atelier d'Hélène)");
}

TEST(TemplateRendererTest, AccentsAndSymbolsPassThroughEveryPart) {
    const std::string name = "Éloïse Bérénice à Ça-ôté œuvre € Straße Müller l’an";
    auto r = TemplateRenderer::from_sources(
        {source("fr", 1, TemplatePart::Subject, "Relance – {{nom_client}} – çà et là")});
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    auto facts = some_facts("fr", 1, {a_line("F-1", 2026y / March / 1d, 7, 100)});
    facts.customer_name = name;

    const auto m = render_ok(*r, facts);

    EXPECT_EQ(m.subject, "Relance – " + name + " – çà et là");
    EXPECT_NE(m.text.find("Bonjour " + name + ",\n"), std::string::npos);
    EXPECT_NE(m.html.find("<p>Bonjour " + name + ",</p>"), std::string::npos);
}

TEST(TemplateRendererTest, LineBreaksInValuesNeverReachTheSubject) {
    auto r = TemplateRenderer::from_sources(
        {source("fr", 1, TemplatePart::Subject, "Rappel {{nom_client}}\n  {{numero_facture}}\n")});
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    auto facts = some_facts("fr", 1, {a_line("F-1\r\nX-Evil: 1", 2026y / March / 1d, 7, 100)});
    facts.customer_name = "Foo\r\nBcc: x@evil.example";

    const auto m = render_ok(*r, facts);

    EXPECT_EQ(m.subject, "Rappel Foo Bcc: x@evil.example F-1 X-Evil: 1");
    EXPECT_EQ(m.text.find("\nBcc:"), std::string::npos);
    EXPECT_EQ(m.text.find('\r'), std::string::npos);
    EXPECT_NE(m.text.find("Bonjour Foo  Bcc: x@evil.example,\n"), std::string::npos);
}

TEST(SingleLineTest, ReplacesControlsAndLineSeparatorsAndRepairsUtf8) {
    EXPECT_EQ(single_line("a\r\nb\tc\x7F"
                          "d"),
              "a  b c d");
    EXPECT_EQ(single_line("a\xE2\x80\xA8"
                          "b\xE2\x80\xA9"
                          "c\xC2\x85"
                          "d"),
              "a b c d");
    EXPECT_EQ(single_line("caf\xE9"), "caf\xEF\xBF\xBD");
    EXPECT_EQ(single_line("Zoë ’"), "Zoë ’");
}

TEST(CollapseBlankLinesTest, KeepsOneBlankLineBetweenParagraphs) {
    EXPECT_EQ(collapse_blank_lines("\n\nA\n\n\n  \nB\n\t\nC\n\n\n"), "A\n\nB\n\nC\n");
    EXPECT_EQ(collapse_blank_lines("A\r\nB"), "A\nB\n");
    EXPECT_EQ(collapse_blank_lines(""), "");
}

// --- Loading templates ---------------------------------------------------------------------

TEST(TemplateLoadingTest, BrokenTemplateIsReportedWithItsName) {
    const auto r = TemplateRenderer::from_sources(
        {source("fr", 1, TemplatePart::Text, "Bonjour {{#factures}}x\n")});

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().message.find("custom/level1.txt.mustache"), std::string::npos);
    EXPECT_NE(r.error().message.find("Unclosed section"), std::string::npos) << r.error().message;
}

TEST(TemplateLoadingTest, FolderFileReplacesOnlyItsOwnPart) {
    TempDir dir;
    write_file(dir.path() / "fr" / "level1.subject.mustache", "Coucou {{nom_client}}\n");

    auto r = TemplateRenderer::from_folder(dir.path());
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    const auto m = render_ok(*r, some_facts("fr", 1, {a_line("F-1", 2026y / March / 1d, 7, 100)}));

    EXPECT_EQ(m.subject, "Coucou Boulangerie Lefèvre");
    EXPECT_EQ(m.text.rfind("Bonjour Boulangerie Lefèvre,\n", 0), 0U);
}

TEST(TemplateLoadingTest, FolderWithABrokenFileNamesThePath) {
    TempDir dir;
    const auto file = dir.path() / "en" / "level2.html.mustache";
    write_file(file, "<p>{{#invoices}}</p>\n");

    const auto r = TemplateRenderer::from_folder(dir.path());

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().message.find(file.string()), std::string::npos) << r.error().message;
}

TEST(TemplateLoadingTest, MisnamedTemplateFileIsRefused) {
    TempDir dir;
    write_file(dir.path() / "fr" / "level1.subjet.mustache", "x");

    const auto r = TemplateRenderer::from_folder(dir.path());

    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("level1.subjet.mustache"), std::string::npos);
}

TEST(TemplateLoadingTest, NewLevelNeedsAllThreeParts) {
    TempDir dir;
    write_file(dir.path() / "fr" / "level5.subject.mustache", "Dernier avis");

    const auto r = TemplateRenderer::from_folder(dir.path());

    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("fr/level5.txt.mustache"), std::string::npos)
        << r.error().message;
}

TEST(TemplateLoadingTest, NewLanguageAndLevelFromAFolder) {
    TempDir dir;
    write_file(dir.path() / "de" / "level1.subject.mustache", "Erinnerung {{numero_facture}}");
    write_file(dir.path() / "de" / "level1.txt.mustache", "Guten Tag {{nom_client}}\r\n");
    write_file(dir.path() / "de" / "level1.html.mustache", "<p>{{nom_client}}</p>");

    auto r = TemplateRenderer::from_folder(dir.path());
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    const auto m = render_ok(*r, some_facts("de", 1, {a_line("F-1", 2026y / March / 1d, 7, 100)}));

    EXPECT_EQ(m.subject, "Erinnerung F-1");
    EXPECT_EQ(m.text, "Guten Tag Boulangerie Lefèvre\n");
}

TEST(TemplateLoadingTest, NonUtf8TemplateIsRefused) {
    const auto r = TemplateRenderer::from_sources(
        {source("fr", 1, TemplatePart::Text, "caf\xE9 {{nom_client}}")});

    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
}

TEST(TemplateLoadingTest, MissingFolderIsNotFound) {
    const auto r = TemplateRenderer::from_folder("/nonexistent/relance/templates");

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST(TemplateLoadingTest, WrittenDefaultsRenderLikeTheBuiltIns) {
    TempDir dir;
    const auto written = write_default_templates(dir.path());
    ASSERT_TRUE(written.has_value()) << written.error().describe();
    EXPECT_EQ(*written, 24);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "fr" / "level4.html.mustache"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "en" / "level1.subject.mustache"));
    auto again = write_default_templates(dir.path());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0);  // user edits are never overwritten

    auto from_files = TemplateRenderer::from_folder(dir.path());
    ASSERT_TRUE(from_files.has_value()) << from_files.error().describe();
    auto built_in = builtin();
    const auto facts = some_facts("en", 4,
                                  {a_line("F-1", 2026y / March / 1d, 50, 100),
                                   a_line("F-2", 2026y / March / 2d, 49, 200, 50)});
    const auto a = render_ok(*from_files, facts);
    const auto b = render_ok(built_in, facts);

    EXPECT_EQ(a.subject, b.subject);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.html, b.html);
}

// --- Refusals ------------------------------------------------------------------------------

TEST(TemplateRendererTest, UnknownLanguageOrLevelIsInvalidInput) {
    auto renderer = builtin();
    auto facts = some_facts("de", 1, {a_line("F-1", 2026y / March / 1d, 7, 100)});

    auto m = renderer.render(facts);
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, ErrorCode::InvalidInput);

    facts.language = "fr";
    facts.level = 5;
    m = renderer.render(facts);
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(m.error().message.find("level 5"), std::string::npos);
}

TEST(TemplateRendererTest, NoLinesOrMixedCurrenciesAreInvalidInput) {
    auto renderer = builtin();
    auto facts = some_facts("fr", 1, {});
    EXPECT_FALSE(renderer.render(facts).has_value());

    auto usd = a_line("F-2", 2026y / March / 1d, 7, 100);
    usd.total = usd.amount_due = Money{100, *Currency::from_code("USD")};
    usd.paid = Money{0, *Currency::from_code("USD")};
    facts.lines = {a_line("F-1", 2026y / March / 1d, 7, 100), usd};
    const auto m = renderer.render(facts);

    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace relance
