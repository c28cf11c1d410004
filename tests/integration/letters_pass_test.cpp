// SPDX-License-Identifier: MIT
// The formal notice through the daily pass, end to end on real adapters: CSV export (with the
// customer's postal address), SQLite store and dossier, built-in templates, file outbox, the PDF
// letter renderer and the letters folder. The letter is read back with pdftotext, the e-mail with
// Python's `email` package. Figures are worked out by hand (rules.md §0: simple interest,
// days = run date − due date, /365, rounded once; 12.40 % for 2026 H2 = ECB 2.40 % + 10):
//   F-1 1 234,56 € due 2026-10-01, 63 days on 2026-12-03: 1234.56 × 0.124 × 63 / 365 → 26,42 €
//   F-2   480,00 € due 2026-10-15, 49 days:                480.00 × 0.124 × 49 / 365 →  7,99 €
//   F-3   312,40 € with 100,00 € paid, due 2026-10-15, 49 days on 212,40 €:
//                                                          212.40 × 0.124 × 49 / 365 →  3,54 €
//   owed 1 926,96 €, penalties 37,95 €, indemnities 3 × 40 €, claimed 2 084,91 €.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <cstdlib>

#include "adapters/delivery/letter/letter_folder.h"
#include "adapters/delivery/outbox/file_outbox.h"
#include "adapters/rates/rate_file.h"
#include "adapters/render/pdf/letter_pdf.h"
#include "adapters/render/template_renderer.h"
#include "adapters/sources/csv/csv_source.h"
#include "adapters/store/sqlite/dossier_store.h"
#include "adapters/store/sqlite/sqlite_store.h"
#include "engine/daily_pass.h"
#include "testing/eml_parse.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

using test::python_parse;
using test::read_file;
using test::Sandbox;

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string pdf_text(const std::string& path) {
    std::string out;
    FILE* p = ::popen(("pdftotext '" + path + "' -").c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    std::string flat;  // one space for any run of white space, U+202F and U+00A0 included
    bool space = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const bool nb = out.compare(i, 3, "\xE2\x80\xAF") == 0 || out.compare(i, 2, "\xC2\xA0") == 0;
        if (nb || out[i] == ' ' || out[i] == '\n' || out[i] == '\f') {
            i += out.compare(i, 3, "\xE2\x80\xAF") == 0 ? 2U : out.compare(i, 2, "\xC2\xA0") == 0 ? 1U : 0U;
            space = true;
            continue;
        }
        if (space && !flat.empty()) flat += ' ';
        space = false;
        flat += out[i];
    }
    return flat;
}

constexpr const char* kCsv =
    "numero_facture;id_client;nom_client;email_client;date_facture;date_echeance;montant_ttc;"
    "montant_regle;statut;adresse;siren\n"
    "F-1;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-01;2026-10-01;1 234,56;0;"
    "ouverte;12, rue de l’Église|69002 Lyon;552 100 554\n"
    "F-2;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-15;2026-10-15;480,00;0;"
    "ouverte;12, rue de l’Église|69002 Lyon;552 100 554\n"
    "F-3;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-15;2026-10-15;312,40;100,00;"
    "ouverte;12, rue de l’Église|69002 Lyon;552 100 554\n";

class LettersPassTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (std::system("pdftotext -v >/dev/null 2>&1") != 0) GTEST_SKIP() << "pdftotext missing";
        test::write_file(dir_ / "factures.csv", kCsv);
        policy_.allow_skip = true;  // straight to the formal notice: every invoice is 45+ days late
        creditor_.name = "L’Atelier d’Hélène";
        creditor_.legal_form = "SARL";
        creditor_.siren = "732 829 320";
        creditor_.address = {"14, rue de l’Église", "75011 Paris"};
        creditor_.city = "Paris";
        creditor_.signatory = "Hélène Dupré";
        creditor_.iban = "FR76 3000 6000 0112 3456 7890 189";
    }

    PassSummary run(Date today) {
        auto store = SqliteStore::open((dir_ / "relance.db").string());
        EXPECT_TRUE(store.has_value());
        auto dossier = SqliteDossierStore::open((dir_ / "relance.db").string());
        EXPECT_TRUE(dossier.has_value());
        csv::CsvSource source((dir_ / "factures.csv").string(), csv::CsvOptions{});
        auto renderer = TemplateRenderer::builtin();
        auto letters = PdfLetterRenderer::builtin();
        EXPECT_TRUE(renderer.has_value() && letters.has_value());
        FileOutbox outbox(dir_ / "outbox");
        LetterFolder folder((dir_ / "letters").string());
        CompanyInfo company;
        company.name = creditor_.name;
        company.email = "relances@atelier.example";
        DailyPass pass(**store, {&source}, *renderer, outbox, policy_, company);
        auto rates = builtin_rate_table();
        EXPECT_TRUE(rates.has_value());
        PenaltySetup penalties;
        penalties.rates = *rates;
        pass.set_penalties(penalties);
        LetterSetup setup;
        setup.renderer = &*letters;
        setup.sink = &folder;
        setup.creditor = creditor_;
        pass.set_letters(setup);
        pass.set_dossier(dossier->get());
        PassOptions o;
        o.today = today;
        o.now = std::chrono::sys_days{today} + std::chrono::hours{8};
        auto s = pass.run(o);
        EXPECT_TRUE(s.has_value()) << s.error().describe();
        return std::move(s).value();
    }
    std::vector<ReminderRow> rows() {
        auto store = SqliteStore::open((dir_ / "relance.db").string());
        auto r = (*store)->reminders(0);
        return *r;
    }

    Sandbox dir_{"relance-letters-pass"};
    Policy policy_ = Policy::defaults();
    CreditorIdentity creditor_;
};

TEST_F(LettersPassTest, FormalNoticeWritesOneLetterPerCustomerAttachedToEachEmailAndToPost) {
    const PassSummary s = run(ymd(2026, 12, 3));

    EXPECT_EQ(s.sent.at(4).count, 3);
    ASSERT_EQ(s.letters.written.size(), 1u);  // one letter for the customer's three invoices
    EXPECT_EQ(s.letters.to_post, 3);
    EXPECT_TRUE(s.letters.problems.empty()) << s.letters.problems.front();
    const std::string letter = s.letters.written.front();
    EXPECT_EQ(letter, (dir_ / "letters" / "mise-en-demeure_csv_C-1_2026-12-03.pdf").string());
    const std::string t = pdf_text(letter);
    for (const char* item : {"Mise en demeure de payer", "Lettre recommandée avec accusé de réception",
                             "Paris, le 3 décembre 2026", "Boulangerie Lefèvre & Fils", "12, rue de l’Église",
                             "69002 Lyon", "552 100 554", "F-1", "F-2", "F-3", "1 234,56 €", "212,40 €",
                             "26,42 €", "7,99 €", "3,54 €", "37,95 €", "120,00 €", "Total réclamé : 2 084,91 €",
                             "12,40 %", "article 1344 du Code civil", "injonction de payer", "Hélène Dupré"}) {
        EXPECT_NE(t.find(item), std::string::npos) << item << "\n" << t;
    }

    // Each formal-notice e-mail carries the same PDF, byte for byte.
    const std::string pdf = read_file(letter);
    for (const char* eml : {"csv_F-1_L4.eml", "csv_F-2_L4.eml", "csv_F-3_L4.eml"}) {
        const auto p = python_parse(dir_ / "outbox" / eml);
        EXPECT_EQ(test::one(p, "content_type"), "multipart/mixed") << eml;
        EXPECT_EQ(test::one(p, "attachment_type"), "application/pdf") << eml;
        EXPECT_EQ(test::one(p, "attachment_name"), "mise-en-demeure_C-1_2026-12-03.pdf") << eml;
        EXPECT_TRUE(test::one(p, "attachment_bytes") == pdf) << eml;
        EXPECT_EQ(test::one(p, "defects"), "") << eml;
    }

    // The registered letters to post: one row per invoice on channel "letter", with the path.
    int letters = 0;
    for (const ReminderRow& r : rows()) {
        if (r.channel != kLetterChannel) continue;
        ++letters;
        EXPECT_EQ(r.level, 4);
        EXPECT_EQ(r.state, ReminderState::Sent);
        EXPECT_NE(r.detail.find(letter), std::string::npos);
    }
    EXPECT_EQ(letters, 3);
}

TEST_F(LettersPassTest, SameDayAgainWritesNothingNew) {
    (void)run(ymd(2026, 12, 3));
    const std::size_t before = rows().size();

    const PassSummary again = run(ymd(2026, 12, 3));

    EXPECT_EQ(again.messages_sent, 0);
    EXPECT_TRUE(again.letters.written.empty());
    EXPECT_EQ(rows().size(), before);
}

TEST_F(LettersPassTest, AfterTheCollectionDelayTheInvoicesMoveToCollectionAndGetNothingMore) {
    (void)run(ymd(2026, 12, 3));
    const std::size_t before = rows().size();

    const PassSummary waiting = run(ymd(2026, 12, 17));   // 14 days after the last level
    const PassSummary handed = run(ymd(2026, 12, 18));    // 15 days: collection_after_days
    const PassSummary later = run(ymd(2027, 1, 30));

    EXPECT_EQ(waiting.skipped.at(Outcome::Exhausted), 3);
    EXPECT_EQ(waiting.letters.handed_to_collection, 0);
    EXPECT_EQ(handed.letters.handed_to_collection, 3);
    EXPECT_EQ(handed.skipped.at(Outcome::Collection), 3);
    EXPECT_EQ(later.letters.handed_to_collection, 0);  // recorded once
    EXPECT_EQ(later.skipped.at(Outcome::Collection), 3);
    EXPECT_EQ(later.messages_sent, 0);
    EXPECT_EQ(rows().size(), before);
    auto dossier = SqliteDossierStore::open((dir_ / "relance.db").string());
    auto in = (*dossier)->in_collection();
    ASSERT_TRUE(in.has_value());
    ASSERT_EQ(in->size(), 3u);
    EXPECT_EQ(in->at({"csv", "F-2"}).since, ymd(2026, 12, 18));
    EXPECT_EQ(in->at({"csv", "F-2"}).level, 4);
}

TEST_F(LettersPassTest, AddressKeptWhenALaterExportLeavesItOut) {
    (void)run(ymd(2026, 11, 1));  // read once with the address (nothing due yet at level 4)
    test::write_file(dir_ / "factures.csv",
                     "numero_facture;id_client;nom_client;email_client;date_facture;date_echeance;"
                     "montant_ttc;montant_regle;statut\n"
                     "F-1;C-1;Boulangerie Lefèvre & Fils;compta@lefevre.example;2026-09-01;2026-10-01;"
                     "1 234,56;0;ouverte\n");

    const PassSummary s = run(ymd(2026, 12, 3));

    ASSERT_EQ(s.letters.written.size(), 1u);
    const std::string t = pdf_text(s.letters.written.front());
    EXPECT_NE(t.find("69002 Lyon"), std::string::npos) << t;
    EXPECT_NE(t.find("552 100 554"), std::string::npos);
}

TEST_F(LettersPassTest, AnUnwritableLettersFolderIsReportedAndTheEmailStillGoes) {
    test::write_file(dir_ / "letters", "a file, not a folder");

    const PassSummary s = run(ymd(2026, 12, 3));

    EXPECT_EQ(s.sent.at(4).count, 3);
    EXPECT_TRUE(s.letters.written.empty());
    EXPECT_EQ(s.letters.to_post, 0);
    ASSERT_FALSE(s.letters.problems.empty());
    EXPECT_NE(s.letters.problems.front().find("letter to customer 'C-1'"), std::string::npos)
        << s.letters.problems.front();
}

// Case 11 with grouping on, weekly runs (the tester's report): F-111a 800,00 € due 2026-03-01,
// F-111b 1 200,00 € due 03-10, F-111c 300,00 € due 04-01, no skipping. Levels by hand
// (+7/+15/+30/+45, min gap 7): 04-10 L1 L1 L1; 04-17 L2 L2 L2; 04-24 L3 L3 (c 23 days late);
// 05-01 a 61 and b 52 days late -> L4, c 30 days -> L3; 05-16 a and b to collection, c 45 days
// -> L4. On 05-01 the formal notice lists F-111a and F-111b only (indemnity 2 × 40 = 80,00 €,
// one letter row each at level 4); F-111c gets its own level-3 message, and its one formal
// notice (e-mail and letter) on 05-16.
TEST_F(LettersPassTest, Case11GroupedFormalNoticeListsOnlyTheInvoicesThatReachedIt) {
    test::write_file(dir_ / "factures.csv",
                     "numero_facture;id_client;nom_client;email_client;date_facture;date_echeance;"
                     "montant_ttc;montant_regle;statut;adresse;siren\n"
                     "F-111a;C-11;Garage Petit;compta@petit.example;2026-02-01;2026-03-01;800,00;0;"
                     "ouverte;3 rue Neuve|69003 Lyon;552 100 554\n"
                     "F-111b;C-11;Garage Petit;compta@petit.example;2026-02-10;2026-03-10;1 200,00;0;"
                     "ouverte;3 rue Neuve|69003 Lyon;552 100 554\n"
                     "F-111c;C-11;Garage Petit;compta@petit.example;2026-03-01;2026-04-01;300,00;0;"
                     "ouverte;3 rue Neuve|69003 Lyon;552 100 554\n");
    policy_.allow_skip = false;
    policy_.group_by_customer = true;

    for (Date d : {ymd(2026, 4, 10), ymd(2026, 4, 17), ymd(2026, 4, 24)}) {
        const PassSummary s = run(d);
        EXPECT_EQ(s.messages_sent, 1) << to_iso(d);
        EXPECT_TRUE(s.letters.written.empty()) << to_iso(d);
    }
    const PassSummary may1 = run(ymd(2026, 5, 1));
    EXPECT_EQ(may1.messages_sent, 2);
    EXPECT_EQ(may1.sent.at(4).count, 2);
    EXPECT_EQ(may1.sent.at(3).count, 1);
    ASSERT_EQ(may1.letters.written.size(), 1u);
    EXPECT_EQ(may1.letters.to_post, 2);
    const std::string t = pdf_text(may1.letters.written.front());
    EXPECT_NE(t.find("F-111a"), std::string::npos) << t;
    EXPECT_NE(t.find("F-111b"), std::string::npos) << t;
    EXPECT_EQ(t.find("F-111c"), std::string::npos) << t;
    EXPECT_NE(t.find("80,00 €"), std::string::npos) << t;
    EXPECT_EQ(t.find("120,00 €"), std::string::npos) << t;

    const PassSummary may16 = run(ymd(2026, 5, 16));
    EXPECT_EQ(may16.messages_sent, 1);
    EXPECT_EQ(may16.sent.at(4).count, 1);
    EXPECT_EQ(may16.letters.to_post, 1);
    EXPECT_EQ(may16.letters.handed_to_collection, 2);

    EXPECT_EQ(test::files_in(dir_ / "outbox"),
              (std::vector<std::string>{"csv_C-11_2026-04-10_grouped_L1.eml", "csv_C-11_2026-04-17_grouped_L2.eml",
                                        "csv_C-11_2026-04-24_grouped_L3.eml", "csv_C-11_2026-05-01_grouped_L4.eml",
                                        "csv_F-111c_L3.eml", "csv_F-111c_L4.eml"}));
    if (test::have_python()) {
        const auto notice = python_parse(dir_ / "outbox" / "csv_C-11_2026-05-01_grouped_L4.eml");
        const std::string text = test::one(notice, "text");
        EXPECT_EQ(text.find("F-111c"), std::string::npos) << text;
        EXPECT_NE(text.find("80,00\u00a0€ d’indemnité"), std::string::npos) << text;
        EXPECT_NE(test::one(notice, "subject").find("2 factures"), std::string::npos);
        const std::string l3 = test::one(python_parse(dir_ / "outbox" / "csv_F-111c_L3.eml"), "text");
        EXPECT_NE(l3.find("F-111c"), std::string::npos) << l3;
        EXPECT_EQ(l3.find("mise en demeure de nous régler"), std::string::npos) << l3;
    }

    // Each invoice's history: every level once per channel, the letter only at level 4.
    std::map<std::string, std::vector<std::pair<std::string, int>>> history;
    for (const ReminderRow& r : rows()) {
        EXPECT_EQ(r.state, ReminderState::Sent) << r.invoice_number;
        history[r.invoice_number].emplace_back(r.channel, r.level);
    }
    for (auto& [number, h] : history) std::sort(h.begin(), h.end());
    const std::vector<std::pair<std::string, int>> expected{
        {"email", 1}, {"email", 2}, {"email", 3}, {"email", 4}, {std::string(kLetterChannel), 4}};
    for (const char* n : {"F-111a", "F-111b", "F-111c"}) EXPECT_EQ(history[n], expected) << n;
}

}  // namespace
}  // namespace relance
