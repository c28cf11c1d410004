// SPDX-License-Identifier: MIT
// The formal-notice letter (adapters/render/pdf): rendered to a real PDF, then read back with an
// independent tool, poppler's pdftotext (text, and -bbox for the position of every word), so the
// test sees what a person printing the letter sees. Skipped when poppler-utils is missing.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>
#include <vector>

#include "adapters/delivery/letter/letter_folder.h"
#include "adapters/render/pdf/letter_pdf.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

using test::Sandbox;

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
Money eur(std::int64_t cents) { return Money{cents, *Currency::from_code("EUR")}; }

bool have_pdftotext() { return std::system("pdftotext -v >/dev/null 2>&1") == 0; }

std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

// Spaces as pdftotext gives them (U+202F and U+00A0 from the amounts) become plain spaces, and
// runs of white space (line breaks of wrapped paragraphs included) one space.
std::string normalized(std::string s) {
    for (const char* nb : {"\xE2\x80\xAF", "\xC2\xA0"}) {
        for (std::size_t p = s.find(nb); p != std::string::npos; p = s.find(nb)) s.replace(p, std::strlen(nb), " ");
    }
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

struct Word {
    double x_min, y_min, x_max, y_max;
    std::string text;
    int page;
};

// Every word of `pdf` with its box, from `pdftotext -bbox` (points, origin top left).
std::vector<Word> words(const std::filesystem::path& pdf) {
    const std::string html = run("pdftotext -bbox '" + pdf.string() + "' -");
    std::vector<Word> out;
    int page = 0;
    const std::regex word_re(
        R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
    std::size_t pos = 0;
    for (;;) {
        const std::size_t next_page = html.find("<page ", pos);
        const std::size_t next_word = html.find("<word ", pos);
        if (next_word == std::string::npos) break;
        if (next_page != std::string::npos && next_page < next_word) {
            ++page;
            pos = next_page + 1;
            continue;
        }
        const std::size_t end = html.find("</word>", next_word);
        std::smatch m;
        const std::string one = html.substr(next_word, end + 7 - next_word);
        if (std::regex_match(one, m, word_re)) {
            out.push_back(Word{std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), m[5], page});
        }
        pos = end + 1;
    }
    return out;
}

InvoiceLine line(std::string number, Date issue, Date due, std::int64_t total, std::int64_t paid,
                 int days, std::int64_t interest, int rate_bps) {
    InvoiceLine l;
    l.number = std::move(number);
    l.issue_date = issue;
    l.due_date = due;
    l.days_late = days;
    l.level = 4;
    l.total = eur(total);
    l.paid = eur(paid);
    l.amount_due = eur(total - paid);
    l.payment_link = "https://pay.example/i/" + l.number;
    l.penalty = LinePenalty{eur(interest), eur(4000), rate_bps};
    return l;
}

CreditorIdentity creditor() {
    CreditorIdentity c;
    c.name = "L’Atelier d’Hélène";
    c.legal_form = "SARL";
    c.capital = "8 000 €";
    c.siren = "732 829 320";
    c.rcs = "RCS Paris";
    c.address = {"14, rue de l’Église", "75011 Paris"};
    c.city = "Paris";
    c.phone = "01 23 45 67 89";
    c.email = "compta@atelier-helene.example";
    c.contact = "Mme Zoë Lefèvre";
    c.signatory = "Hélène Dupré";
    c.signatory_title = "Gérante";
    c.iban = "FR76 3000 6000 0112 3456 7890 189";
    c.bic = "AGRIFRPP";
    return c;
}

// A business customer with three invoices on 3 December 2026. The penalty figures are worked
// out by hand (rules.md §0: days = end − due date, /365, 12.40 % in 2026 H2 = ECB 2.40 % + 10):
//   F-2026-0101 1 234,56 € due 01/10/2026, 63 days: 1234.56 × 0.124 × 63 / 365 = 26.4229… → 26,42 €
//   F-2026-0118   480,00 € due 15/10/2026, 49 days:  480.00 × 0.124 × 49 / 365 =  7.9903… →  7,99 €
//   F-2026-0142   312,40 € (100,00 € paid) due 31/10/2026, 33 days on 212,40 €:
//                                          212.40 × 0.124 × 33 / 365 =  2.3812… →  2,38 €
// Owed 1 926,96 €; penalties 36,79 €; indemnities 3 × 40 € = 120,00 €; claimed 2 083,75 €.
LetterFacts three_invoices() {
    LetterFacts f;
    f.language = "fr";
    f.date = ymd(2026, 12, 3);
    f.reference = "MED-C-001-2026-12-03";
    f.creditor = creditor();
    f.customer.id = "C-001";
    f.customer.name = "Boulangerie Lefèvre & Fils SARL";
    f.customer.address = {"Zone artisanale des Prés", "3, chemin de l’Œuvre", "69002 Lyon"};
    f.customer.siren = "552 100 554";
    f.rate_basis = "statutory";
    f.lines = {line("F-2026-0101", ymd(2026, 9, 1), ymd(2026, 10, 1), 123456, 0, 63, 2642, 1240),
               line("F-2026-0118", ymd(2026, 9, 15), ymd(2026, 10, 15), 48000, 0, 49, 799, 1240),
               line("F-2026-0142", ymd(2026, 10, 1), ymd(2026, 10, 31), 31240, 10000, 33, 238, 1240)};
    return f;
}

class LetterPdfTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
        auto r = PdfLetterRenderer::builtin();
        ASSERT_TRUE(r.has_value()) << r.error().describe();
        renderer_ = std::make_unique<PdfLetterRenderer>(std::move(*r));
    }
    std::filesystem::path render(const LetterFacts& f, const std::string& name) {
        auto pdf = renderer_->render_letter(f);
        EXPECT_TRUE(pdf.has_value()) << pdf.error().describe();
        LetterFolder folder(dir_.path().string());
        auto path = folder.put(name, pdf.has_value() ? *pdf : std::string());
        EXPECT_TRUE(path.has_value());
        if (const char* keep = std::getenv("RELANCE_LETTER_TEST_OUT"); keep != nullptr && path) {
            std::filesystem::copy_file(*path, std::filesystem::path(keep) / (name + ".pdf"),
                                       std::filesystem::copy_options::overwrite_existing);
        }
        return *path;
    }
    std::string text(const std::filesystem::path& pdf) {
        return normalized(run("pdftotext -layout '" + pdf.string() + "' -"));
    }
    std::string raw_text(const std::filesystem::path& pdf) {
        return normalized(run("pdftotext '" + pdf.string() + "' -"));
    }

    Sandbox dir_{"relance-letter-test"};
    std::unique_ptr<PdfLetterRenderer> renderer_;
};

TEST_F(LetterPdfTest, ThreeInvoicesCarryEveryMandatoryItemAndAmount) {
    const auto pdf = render(three_invoices(), "three");
    const std::string t = raw_text(pdf);

    // rules.md §6.1: 1. title and Code civil 1344.
    EXPECT_NE(t.find("Mise en demeure de payer"), std::string::npos) << t;
    EXPECT_NE(t.find("vaut mise en demeure au sens de l’article 1344 du Code civil"), std::string::npos);
    EXPECT_NE(t.find("Lettre recommandée avec accusé de réception"), std::string::npos);
    // 2. creditor: name, form, SIREN, address, contact person.
    for (const char* s : {"L’Atelier d’Hélène", "SARL", "SIREN 732 829 320", "14, rue de l’Église",
                          "75011 Paris", "Mme Zoë Lefèvre"}) {
        EXPECT_NE(t.find(s), std::string::npos) << s;
    }
    // 3. debtor: name, address, SIREN.
    for (const char* s : {"Boulangerie Lefèvre & Fils SARL", "3, chemin de l’Œuvre", "69002 Lyon",
                          "552 100 554"}) {
        EXPECT_NE(t.find(s), std::string::npos) << s;
    }
    // Place and date.
    EXPECT_NE(t.find("Paris, le 3 décembre 2026"), std::string::npos);
    // 4. each invoice: number, issue date, due date, amount, paid, balance.
    const std::string table = text(pdf);
    for (const char* s : {"F-2026-0101 01/09/2026 01/10/2026 1 234,56 € 0,00 € 1 234,56 €",
                          "F-2026-0118 15/09/2026 15/10/2026 480,00 € 0,00 € 480,00 €",
                          "F-2026-0142 01/10/2026 31/10/2026 312,40 € 100,00 € 212,40 €",
                          "Total 2 026,96 € 100,00 € 1 926,96 €"}) {
        EXPECT_NE(table.find(s), std::string::npos) << s << "\n" << table;
    }
    // 5. penalties with rate, basis, legal reference and date; 40 € per invoice (D441-5).
    for (const char* s : {"F-2026-0101 63 12,40 % 26,42 € 40,00 €", "F-2026-0118 49 12,40 % 7,99 € 40,00 €",
                          "F-2026-0142 33 12,40 % 2,38 € 40,00 €", "Total 36,79 € 120,00 €"}) {
        EXPECT_NE(table.find(s), std::string::npos) << s << "\n" << table;
    }
    for (const char* s : {"L441-10 II du Code de commerce", "taux de 12,40 % l’an",
                          "Banque centrale européenne majoré de 10 points", "arrêtées au 3 décembre 2026",
                          "40 € par facture (article D441-5", "hors du champ de la TVA"}) {
        EXPECT_NE(t.find(s), std::string::npos) << s;
    }
    EXPECT_NE(t.find("Total réclamé : 2 083,75 €"), std::string::npos);
    // 6. deadline and payment methods.
    EXPECT_NE(t.find("dans un délai de 8 jours à compter de la réception"), std::string::npos);
    EXPECT_NE(t.find("IBAN FR76 3000 6000 0112 3456 7890 189"), std::string::npos);
    EXPECT_NE(t.find("BIC AGRIFRPP"), std::string::npos);
    EXPECT_NE(t.find("https://pay.example/i/F-2026-0142"), std::string::npos);
    EXPECT_NE(t.find("Référence à indiquer : F-2026-0101, F-2026-0118, F-2026-0142"), std::string::npos);
    // 7. consequences, truthfully: court action, injonction de payer; no seizure threatened.
    EXPECT_NE(t.find("injonction de payer"), std::string::npos);
    EXPECT_NE(t.find("juridiction compétente"), std::string::npos);
    EXPECT_NE(t.find("continueront de courir"), std::string::npos);
    EXPECT_EQ(t.find("saisie"), std::string::npos);
    EXPECT_EQ(t.find("huissier"), std::string::npos);
    // 8. signature of an authorised person; 9. an invitation to raise any dispute.
    EXPECT_NE(t.find("Hélène Dupré"), std::string::npos);
    EXPECT_NE(t.find("Gérante, pour L’Atelier d’Hélène"), std::string::npos);
    EXPECT_NE(t.find("Si vous contestez tout ou partie de cette créance"), std::string::npos);
    EXPECT_TRUE(std::regex_search(t, std::regex("Page 1 / [12] "))) << t.substr(t.find("Page"), 40);
    EXPECT_TRUE(renderer_->missing_items(three_invoices()).empty());
}

TEST_F(LetterPdfTest, RecipientSitsInTheEnvelopeWindowAndSenderTopLeft) {
    const auto pdf = render(three_invoices(), "window");
    const auto ws = words(pdf);
    ASSERT_FALSE(ws.empty());
    const double mm = 72.0 / 25.4;
    bool saw_city = false;
    for (const Word& w : ws) {
        if (w.text == "69002" || w.text == "Boulangerie") {
            // Window of a DL envelope: x 95–195 mm, y 45–90 mm on the folded letter.
            EXPECT_GE(w.x_min, 95 * mm) << w.text;
            EXPECT_LE(w.x_max, 195 * mm) << w.text;
            EXPECT_GE(w.y_min, 45 * mm) << w.text;
            EXPECT_LE(w.y_max, 90 * mm) << w.text;
            saw_city = saw_city || w.text == "69002";
        }
        if (w.text == "75011") {
            EXPECT_LE(w.x_max, 100 * mm);
            EXPECT_LE(w.y_max, 48 * mm);
        }
    }
    EXPECT_TRUE(saw_city);
}

TEST_F(LetterPdfTest, LongNameAndSixLineAddressStayInsideTheWindowAndThePage) {
    LetterFacts f = three_invoices();
    f.customer.name = std::string("Société Coopérative Agricole et Viticole des Producteurs Réunis de ") +
                      "la Vallée de l’Ardèche Méridionale et des Gorges du Chassezac";
    while (f.customer.name.size() < 120) f.customer.name += " X";
    f.customer.address = {"Bâtiment C, escalier 4, troisième étage, porte de gauche après l’ascenseur",
                          "Résidence « Les Hauts de la Colline »",
                          "1274, avenue du Maréchal-de-Lattre-de-Tassigny-et-des-Combattants",
                          "Lieu-dit Les Écureuils", "BP 12", "07140 Les Vans CEDEX"};
    f.creditor.name = "Établissements " + std::string(100, 'W');
    const auto pdf = render(f, "long");
    const auto ws = words(pdf);
    ASSERT_FALSE(ws.empty());

    const double mm = 72.0 / 25.4;
    bool saw_last_line = false;
    for (const Word& w : ws) {
        EXPECT_GE(w.x_min, 0) << w.text;
        EXPECT_LE(w.x_max, 595.28) << w.text;
        EXPECT_GE(w.y_min, 0) << w.text;
        EXPECT_LE(w.y_max, 841.89) << w.text;
        // Everything right of the sender block and above the body belongs to the window.
        if (w.page == 1 && w.x_min >= 95 * mm && w.y_max <= 92 * mm) {
            EXPECT_LE(w.x_max, 195 * mm) << w.text;
            EXPECT_GE(w.y_min, 45 * mm) << w.text;
            EXPECT_LE(w.y_max, 90 * mm) << w.text;
        }
        if (w.text == "07140") saw_last_line = true;
    }
    EXPECT_TRUE(saw_last_line) << "the postcode line of a 6-line address must stay on the letter";
}

TEST_F(LetterPdfTest, LongInvoiceTablesContinueOnTheNextPageWithTheirHeader) {
    LetterFacts f = three_invoices();
    f.lines.clear();
    for (int i = 0; i < 70; ++i) {
        f.lines.push_back(line("F-2026-" + std::to_string(1000 + i), ymd(2026, 9, 1), ymd(2026, 10, 1),
                               10000, 0, 63, 214, 1240));
    }
    const auto pdf = render(f, "many");
    const std::string t = raw_text(pdf);
    const auto ws = words(pdf);

    int pages = 0;
    for (const Word& w : ws) pages = std::max(pages, w.page);
    EXPECT_GE(pages, 3);
    EXPECT_NE(t.find("Page 1 / " + std::to_string(pages)), std::string::npos);
    EXPECT_NE(t.find("Page " + std::to_string(pages) + " / " + std::to_string(pages)), std::string::npos);
    EXPECT_NE(t.find("F-2026-1069"), std::string::npos);
    int headers = 0;
    for (std::size_t p = t.find("Échéance"); p != std::string::npos; p = t.find("Échéance", p + 1)) ++headers;
    EXPECT_GE(headers, 2);  // repeated on the next page
    for (const Word& w : ws) {
        EXPECT_LE(w.y_max, 841.89) << w.text;
        EXPECT_LE(w.x_max, 595.28) << w.text;
    }
}

TEST_F(LetterPdfTest, ConsumerGetsThePrincipalAndLegalInterestFromTheNoticeOnly) {
    LetterFacts f = three_invoices();
    f.customer.type = CustomerType::B2C;
    f.customer.name = "Mme Zoë Lefèvre";
    f.customer.siren.clear();
    for (auto& l : f.lines) l.penalty = LinePenalty{eur(0), eur(0), 262};
    const std::string t = raw_text(render(f, "b2c"));

    EXPECT_NE(t.find("Total réclamé : 1 926,96 €"), std::string::npos) << t;
    EXPECT_NE(t.find("intérêts au taux légal à compter de la date de la présente mise en demeure"),
              std::string::npos);
    EXPECT_EQ(t.find("indemnité forfaitaire"), std::string::npos);
    EXPECT_EQ(t.find("L441-10"), std::string::npos);
}

TEST_F(LetterPdfTest, SameFactsGiveTheSameBytes) {
    auto a = renderer_->render_letter(three_invoices());
    auto b = renderer_->render_letter(three_invoices());
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(a->rfind("%PDF-", 0), 0u);
}

TEST_F(LetterPdfTest, MissingIdentityIsListedByConfigKey) {
    LetterFacts f = three_invoices();
    f.creditor.siren.clear();
    f.creditor.address.clear();
    f.customer.address.clear();
    const auto missing = renderer_->missing_items(f);
    ASSERT_EQ(missing.size(), 3u);
    EXPECT_NE(missing[0].find("company.siren"), std::string::npos);
    EXPECT_NE(missing[1].find("company.address"), std::string::npos);
    EXPECT_NE(missing[2].find("address column"), std::string::npos);
}

TEST_F(LetterPdfTest, UserTemplatesReplaceTheBuiltInOnes) {
    auto r = PdfLetterRenderer::from_sources(
        {LetterTemplateSource{"fr", "body", "## Dernier avis avant poursuites | {{nom_client}}\n", "test"}});
    ASSERT_TRUE(r.has_value());
    auto pdf = r->render_letter(three_invoices());
    ASSERT_TRUE(pdf.has_value());
    LetterFolder folder(dir_.path().string());
    const std::string t = raw_text(*folder.put("custom", *pdf));
    EXPECT_NE(t.find("Dernier avis avant poursuites | Boulangerie"), std::string::npos) << t;

    auto broken = PdfLetterRenderer::from_sources({LetterTemplateSource{"fr", "body", "{{#x}}", "mine.mustache"}});
    ASSERT_FALSE(broken.has_value());
    EXPECT_NE(broken.error().message.find("mine.mustache"), std::string::npos);
}

TEST(LongDateTest, FrenchAndEnglish) {
    EXPECT_EQ(format_long_date(ymd(2026, 12, 3), "fr"), "3 décembre 2026");
    EXPECT_EQ(format_long_date(ymd(2026, 3, 1), "fr"), "1er mars 2026");
    EXPECT_EQ(format_long_date(ymd(2026, 8, 15), "fr"), "15 août 2026");
    EXPECT_EQ(format_long_date(ymd(2026, 12, 3), "en"), "3 December 2026");
}

}  // namespace
}  // namespace relance
