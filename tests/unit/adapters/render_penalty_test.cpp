// SPDX-License-Identifier: MIT
// Penalty variables in messages: penalites, indemnite, total_reclame, taux_penalites (and their
// English aliases) as the built-in level 2 mentions them and level 4 claims them, formatted in
// the message's language ("1 234,56 €", "12,15 %"). Expected texts are written by hand from the
// template wording; NN = U+202F narrow no-break space, NB = U+00A0 no-break space.
#include <gtest/gtest.h>

#include "adapters/render/locale_format.h"
#include "adapters/render/template_renderer.h"

namespace relance {
namespace {

using namespace std::chrono;

#define NN "\xE2\x80\xAF"
#define NB "\xC2\xA0"

// 100 000,00 € owed, due 2026-01-31, with 1 234,56 € of interest at 12.15 % and the 40 €.
InvoiceLine penalised_line(std::string number = "F-201", std::int64_t interest_cents = 123'456,
                           int rate_bps = 1215) {
    InvoiceLine line;
    line.number = std::move(number);
    line.due_date = 2026y / January / 31d;
    line.days_late = 45;
    line.level = 2;
    line.total = Money{10'000'000, Currency::eur()};
    line.paid = Money::zero(Currency::eur());
    line.amount_due = line.total;
    line.penalty = LinePenalty{Money{interest_cents, Currency::eur()}, Money{4'000, Currency::eur()},
                               rate_bps};
    return line;
}

MessageFacts facts_at(int level, std::string language, std::vector<InvoiceLine> lines) {
    MessageFacts f;
    f.level = level;
    f.language = std::move(language);
    f.company_name = "Atelier Dupont";
    f.customer_name = "Garage Müller";
    f.lines = std::move(lines);
    f.penalties_claimed = level == 4;
    return f;
}

RenderedMessage rendered(const MessageFacts& facts) {
    auto renderer = TemplateRenderer::builtin();
    EXPECT_TRUE(renderer.has_value()) << renderer.error().describe();
    auto m = renderer->render(facts);
    EXPECT_TRUE(m.has_value()) << m.error().describe();
    return m.has_value() ? std::move(m).value() : RenderedMessage{};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(FormatRateTest, FrenchAndEnglishSpelling) {
    EXPECT_EQ(format_rate(1215, "fr"), "12,15" NN "%");
    EXPECT_EQ(format_rate(1000, "fr"), "10,00" NN "%");
    EXPECT_EQ(format_rate(-88, "fr"), "-0,88" NN "%");
    EXPECT_EQ(format_rate(786, "en"), "7.86%");
}

TEST(PenaltyTemplateTest, FrenchLevel2MentionsTheFiguresInTextAndHtml) {
    const auto m = rendered(facts_at(2, "fr", {penalised_line()}));

    const std::string sentence =
        "À ce jour, les pénalités de retard s’élèvent à 1" NN "234,56" NB "€ (taux annuel de "
        "12,15" NN "%), auxquelles s’ajoute l’indemnité forfaitaire pour frais de recouvrement de "
        "40,00" NB "€, soit un total exigible de 101" NN "274,56" NB "€.";
    EXPECT_TRUE(has(m.text, sentence + "\n\nSi le règlement a été effectué")) << m.text;
    EXPECT_TRUE(has(m.html, "<p>" + sentence + "</p>\n")) << m.html;
    EXPECT_TRUE(has(m.text, "Le montant restant dû s’élève à 100" NN "000,00" NB "€.")) << m.text;
}

TEST(PenaltyTemplateTest, FrenchLevel4ClaimsTheTotal) {
    const auto m = rendered(facts_at(4, "fr", {penalised_line()}));

    EXPECT_TRUE(has(m.text, "nous vous mettons en demeure de nous régler la somme de 101" NN
                            "274,56" NB "€.\n"))
        << m.text;
    const std::string detail =
        "Cette somme comprend 100" NN "000,00" NB "€ en principal restant dû et 1" NN
        "234,56" NB "€ de pénalités de retard calculées au taux annuel de 12,15" NN
        "% (article L441-10 du Code de commerce), ainsi que 40,00" NB "€ d’indemnité "
        "forfaitaire pour frais de recouvrement (article D441-5 du Code de commerce). Les "
        "pénalités continuent de courir jusqu’au complet paiement.";
    EXPECT_TRUE(has(m.text, detail)) << m.text;
    EXPECT_TRUE(has(m.html, "<p>" + detail + "</p>")) << m.html;
    EXPECT_TRUE(has(m.html, "la somme de 101" NN "274,56" NB "€.</p>")) << m.html;
}

TEST(PenaltyTemplateTest, EnglishLevel2AndLevel4) {
    const auto l2 = rendered(facts_at(2, "en", {penalised_line()}));
    const auto l4 = rendered(facts_at(4, "en", {penalised_line()}));

    EXPECT_TRUE(has(l2.text, "To date, late-payment interest amounts to €1,234.56 (annual rate "
                             "12.15%), plus the fixed compensation for recovery costs of €40.00, "
                             "making a total due of €101,274.56."))
        << l2.text;
    EXPECT_TRUE(has(l4.text, "formal notice to pay the sum of €101,274.56.")) << l4.text;
    EXPECT_TRUE(has(l4.html, "This sum comprises €100,000.00 of principal outstanding and "
                             "€1,234.56 of late-payment interest at the annual rate of 12.15%"))
        << l4.html;
}

// A level whose policy does not speak of penalties gets no figures, and a consumer's zero
// figures (no formal notice yet, no indemnity) are not announced: level 4 demands the principal.
TEST(PenaltyTemplateTest, NoFiguresWithoutPenaltiesOrWhenAllAreZero) {
    InvoiceLine none = penalised_line();
    none.penalty.reset();
    InvoiceLine zero = penalised_line("F-202", 0, 0);
    zero.penalty->indemnity = Money::zero(Currency::eur());

    const auto l2 = rendered(facts_at(2, "fr", {none}));
    const auto l4 = rendered(facts_at(4, "fr", {zero}));

    EXPECT_FALSE(has(l2.text, "À ce jour")) << l2.text;
    EXPECT_FALSE(has(l2.html, "À ce jour")) << l2.html;
    EXPECT_FALSE(has(l2.html, "<p></p>")) << l2.html;
    EXPECT_TRUE(has(l4.text, "la somme de 100" NN "000,00" NB "€.\n")) << l4.text;
    EXPECT_FALSE(has(l4.text, "Cette somme comprend")) << l4.text;
}

// A grouped message sums the figures and lists each distinct rate.
TEST(PenaltyTemplateTest, GroupedMessageSumsThePenalties) {
    auto facts = facts_at(2, "fr", {penalised_line("F-301", 10'000, 1215),
                                    penalised_line("F-302", 20'000, 1240)});
    facts.customer_name = "Garage Müller";

    const auto m = rendered(facts);

    EXPECT_TRUE(has(m.text, "les pénalités de retard s’élèvent à 300,00" NB "€ (taux annuel de "
                            "12,15" NN "% / 12,40" NN "%)"))
        << m.text;
    EXPECT_TRUE(has(m.text, "de recouvrement de 80,00" NB "€, soit un total exigible de 200" NN
                            "380,00" NB "€."))
        << m.text;
}

TEST(PenaltyTemplateTest, EachInvoiceCarriesItsOwnFigures) {
    auto renderer = TemplateRenderer::from_sources(
        {TemplateSource{"fr", 2, TemplatePart::Text,
                        "{{#factures}}{{numero_facture}}: {{penalites}} + {{indemnite}} = "
                        "{{total_reclame}} ({{taux_penalites}})\n{{/factures}}",
                        "custom/level2.txt.mustache"}});
    ASSERT_TRUE(renderer.has_value()) << renderer.error().describe();

    auto m = renderer->render(facts_at(2, "fr", {penalised_line("F-301", 10'000, 1215),
                                                 penalised_line("F-302", 20'000, 1240)}));

    ASSERT_TRUE(m.has_value()) << m.error().describe();
    EXPECT_EQ(m->text, "F-301: 100,00" NB "€ + 40,00" NB "€ = 100" NN "140,00" NB "€ (12,15" NN
                       "%)\nF-302: 200,00" NB "€ + 40,00" NB "€ = 100" NN "240,00" NB "€ (12,40" NN
                       "%)\n");
}

}  // namespace
}  // namespace relance
