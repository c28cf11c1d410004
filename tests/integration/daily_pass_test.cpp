// SPDX-License-Identifier: MIT
// The daily pass end to end on the embedded default: a real CSV file, a real SQLite store file
// (reopened for every run, as separate `relance run` processes would), the built-in templates
// and the file outbox. The .eml files are read back with Python's `email` package. Expected
// values are worked out by hand from the level table (+7, +15, +30, +45; min gap 7) and the
// cases in ../shared/cases (copied into each test's comment).
#include <gtest/gtest.h>

#include "testing/company.h"
#include "testing/eml_parse.h"

namespace relance {
namespace {

using namespace std::chrono;
using test::files_in;
using test::python_parse;
using test::read_file;

using test::Company;
using test::total_sent;
using test::ymd;

// Case 01: the pass runs 96 times on one day; exactly one level-1 reminder in total, and runs
// 2..96 send nothing and say why.
TEST(DailyPassTest, Case01NinetySixRunsOnOneDaySendOneReminder) {
    Company c;
    c.export_csv("F-101;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");

    const PassSummary first = c.run(ymd(2026, 4, 8));
    std::vector<PassSummary> later;
    for (int i = 2; i <= 96; ++i) later.push_back(c.run(ymd(2026, 4, 8)));

    EXPECT_EQ(first.messages_sent, 1);
    EXPECT_EQ(first.sent.at(1).count, 1);
    for (const PassSummary& s : later) {
        EXPECT_EQ(s.messages_sent, 0);
        EXPECT_TRUE(s.sent.empty());
        EXPECT_EQ(s.skipped.at(Outcome::ContactedToday), 1);
    }
    EXPECT_EQ(files_in(c.outbox()), std::vector<std::string>{"csv_F-101_L1.eml"});
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].state, ReminderState::Sent);
    EXPECT_EQ(rows[0].level, 1);
}

// Case 02: off from 04-07 to 04-16; on 04-17 one level-1 reminder saying 17 days late; level 2
// no earlier than 04-24.
TEST(DailyPassTest, Case02CatchUpSendsOneLevelThenWaitsTheMinimumGap) {
    Company c;
    c.export_csv("F-102;C-2;Menuiserie Blanc;compta@blanc.example;2026-03-01;2026-03-31;450,00;0;open;;\n");

    const PassSummary d06 = c.run(ymd(2026, 4, 6));
    const PassSummary d17 = c.run(ymd(2026, 4, 17));
    const PassSummary d23 = c.run(ymd(2026, 4, 23));
    const PassSummary d24 = c.run(ymd(2026, 4, 24));

    EXPECT_EQ(total_sent(d06), 0);
    ASSERT_EQ(total_sent(d17), 1);
    EXPECT_EQ(d17.sent.count(1), 1u);
    ASSERT_EQ(d17.actions.size(), 1u);
    EXPECT_EQ(d17.actions[0].days_late, 17);  // what {{jours_retard}} gets
    EXPECT_EQ(total_sent(d23), 0);
    EXPECT_EQ(d23.skipped.at(Outcome::MinGap), 1);
    ASSERT_EQ(total_sent(d24), 1);
    EXPECT_EQ(d24.sent.count(2), 1u);
    EXPECT_EQ(files_in(c.outbox()),
              (std::vector<std::string>{"csv_F-102_L1.eml", "csv_F-102_L2.eml"}));
}

// An invoice that disappears from a complete export is recorded as paid that day and never
// reminded again; the others carry on.
TEST(DailyPassTest, InvoiceMissingFromACompleteExportIsResolved) {
    Company c;
    c.export_csv(
        "F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n"
        "F-2;C-2;Menuiserie Blanc;compta@blanc.example;2026-03-01;2026-03-31;450,00;0;open;;\n");
    c.run(ymd(2026, 4, 8));
    c.export_csv("F-2;C-2;Menuiserie Blanc;compta@blanc.example;2026-03-01;2026-03-31;450,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 15));

    EXPECT_EQ(s.synced.at("csv").resolved, 1);
    EXPECT_EQ(total_sent(s), 1);
    ASSERT_EQ(s.actions.size(), 1u);
    EXPECT_EQ(s.actions[0].invoice_number, "F-2");
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    ASSERT_EQ(book->invoices.size(), 1u);
    EXPECT_EQ(book->invoices[0].invoice.number, "F-2");
}

// A CSV that cannot be read as a whole changes nothing: nothing resolved, nothing sent on the
// stale data, and the next good export carries on where the store was.
TEST(DailyPassTest, UnreadableExportChangesNothingAndSendsNothing) {
    Company c;
    c.export_csv("F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");
    c.run(ymd(2026, 4, 8));
    test::write_file(c.dir / "factures.csv", "this is not;an export\n\"unclosed\n");

    const PassSummary broken = c.run(ymd(2026, 4, 15));

    EXPECT_EQ(broken.source_errors.count("csv"), 1u);
    EXPECT_EQ(total_sent(broken), 0);
    EXPECT_EQ(broken.skipped.at(Outcome::Stale), 1);
    EXPECT_EQ(broken.exit_code(), 2);
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    EXPECT_EQ(book->invoices.size(), 1u);  // still open, not "paid"

    std::filesystem::remove(c.dir / "factures.csv");
    const PassSummary missing = c.run(ymd(2026, 4, 15));
    EXPECT_EQ(missing.source_errors.count("csv"), 1u);
    EXPECT_EQ(total_sent(missing), 0);

    c.export_csv("F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");
    const PassSummary fixed = c.run(ymd(2026, 4, 15));
    EXPECT_EQ(fixed.sent.count(2), 1u);  // level 2 at +15, 7 days after level 1
}

// A row rejected today keeps its invoice out of "paid" and out of today's reminders.
TEST(DailyPassTest, RejectedRowIsNeitherResolvedNorReminded) {
    Company c;
    c.export_csv(
        "F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n"
        "F-2;C-2;Menuiserie Blanc;compta@blanc.example;2026-03-01;2026-03-31;450,00;0;open;;\n");
    c.run(ymd(2026, 4, 8));
    c.export_csv(
        "F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;neuf cents;0;open;;\n"
        "F-2;C-2;Menuiserie Blanc;compta@blanc.example;2026-03-01;2026-03-31;450,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 15));

    ASSERT_EQ(s.rejected.size(), 1u);
    EXPECT_EQ(s.rejected[0].line, 2);
    EXPECT_EQ(s.rejected[0].field, "total");
    EXPECT_EQ(s.synced.at("csv").resolved, 0);
    EXPECT_EQ(total_sent(s), 1);
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 1);
    EXPECT_EQ(s.exit_code(), 2);
}

// A dry run reads and plans but writes neither the store nor the outbox.
TEST(DailyPassTest, DryRunTouchesNothing) {
    Company c;
    c.export_csv("F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 8), /*dry_run=*/true);

    ASSERT_EQ(s.actions.size(), 1u);
    EXPECT_EQ(s.actions[0].level, 1);
    EXPECT_TRUE(files_in(c.outbox()).empty());
    EXPECT_TRUE(c.reminders().empty());
    auto runs = c.open_store()->runs(0);
    ASSERT_TRUE(runs.has_value());
    EXPECT_TRUE(runs->empty());
}

// The process died between claiming the rows and marking them sent: on the file outbox (same
// file, same Message-ID) the next run writes them again, once.
TEST(DailyPassTest, RowsLeftSendingByACrashAreDeliveredOnceOnTheNextRun) {
    Company c;
    c.export_csv("F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");
    c.run(ymd(2026, 4, 1));  // the store knows the invoice; nothing due yet
    {
        auto store = c.open_store();
        ReminderRow row;
        row.source = "csv";
        row.invoice_number = "F-1";
        row.level = 1;
        row.channel = "email";
        row.message_id = reminder_message_id("csv", "F-1", 1, "email", "atelier.example");
        row.planned_on = ymd(2026, 4, 8);
        row.amount_due = Money{90000, Currency::eur()};
        std::vector<ReminderRow> rows{row};
        auto claimed = store->claim(rows);
        ASSERT_TRUE(claimed.has_value()) << claimed.error().describe();
        const std::vector<std::int64_t> ids{rows[0].id};
        ASSERT_TRUE(store->set_state(ids, ReminderState::Sending, {}).has_value());
    }

    const PassSummary s = c.run(ymd(2026, 4, 8));

    EXPECT_EQ(s.recovered, 1);
    EXPECT_EQ(s.uncertain, 0);
    EXPECT_EQ(s.sent.at(1).count, 1);
    EXPECT_EQ(files_in(c.outbox()), std::vector<std::string>{"csv_F-1_L1.eml"});
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].state, ReminderState::Sent);
    EXPECT_NE(read_file(c.outbox() / "csv_F-1_L1.eml").find(rows[0].message_id), std::string::npos);
}

// A delivery that fails is recorded as failed, reported, and sent on the next run.
TEST(DailyPassTest, FailedDeliveryIsRetriedOnTheNextRun) {
    Company c;
    c.export_csv("F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");
    test::write_file(c.dir / "not-a-folder", "x");

    const PassSummary bad = c.run(ymd(2026, 4, 8), false, c.dir / "not-a-folder");
    const PassSummary good = c.run(ymd(2026, 4, 9));

    EXPECT_EQ(bad.failed, 1);
    EXPECT_EQ(bad.exit_code(), 2);
    EXPECT_EQ(bad.delivery_errors.size(), 1u);
    EXPECT_EQ(good.sent.at(1).count, 1);
    EXPECT_EQ(files_in(c.outbox()), std::vector<std::string>{"csv_F-1_L1.eml"});
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].state, ReminderState::Sent);
}

// Case 11 with grouping on: one message for Garage Petit listing its invoices, total 2 300,00 €;
// each invoice at its own level. Run on 2026-04-10: F-111a is 40 days late, F-111b 31, F-111c 9;
// with no history each gets level 1 (levels are never skipped).
TEST(DailyPassTest, Case11GroupedMessageListsEveryInvoiceWithTheSum) {
    Company c;
    c.policy.group_by_customer = true;
    c.export_csv(
        "F-111a;C-11;Garage Petit;compta@petit.example;2026-02-01;2026-03-01;800,00;0;open;;\n"
        "F-111b;C-11;Garage Petit;compta@petit.example;2026-02-10;2026-03-10;1 200,00;0;open;;\n"
        "F-111c;C-11;Garage Petit;compta@petit.example;2026-03-01;2026-04-01;300,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 10));

    EXPECT_EQ(s.messages_sent, 1);
    EXPECT_EQ(s.sent.at(1).count, 3);
    const auto files = files_in(c.outbox());
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(c.reminders().size(), 3u);
    if (!test::have_python()) GTEST_SKIP() << "python3 not found: .eml bodies not checked";
    const auto m = python_parse(c.outbox() / files[0]);
    const std::string text = test::one(m, "text");
    EXPECT_NE(text.find("2\u202f300,00\u00a0€"), std::string::npos) << text;
    for (const char* n : {"F-111a", "F-111b", "F-111c"}) EXPECT_NE(text.find(n), std::string::npos);
    EXPECT_NE(text.find("40"), std::string::npos);
    EXPECT_NE(text.find("31"), std::string::npos);
}

// Case 07 through the whole path: level 2 asks for the 800,00 € left, and says what was paid.
TEST(DailyPassTest, Case07PartialPaymentAsksForWhatIsLeft) {
    Company c;
    c.export_csv("F-107;C-7;Atelier Roux;compta@roux.example;2026-02-01;2026-03-01;1 000,00;200,00;open;;\n");
    c.run(ymd(2026, 3, 8));

    const PassSummary s = c.run(ymd(2026, 3, 16));

    ASSERT_EQ(s.sent.count(2), 1u);
    EXPECT_EQ(s.sent.at(2).amount_minor.at("EUR"), 80000);
    if (!test::have_python()) GTEST_SKIP() << "python3 not found: .eml bodies not checked";
    const std::string text = test::one(python_parse(c.outbox() / "csv_F-107_L2.eml"), "text");
    EXPECT_NE(text.find("800,00\u00a0€"), std::string::npos) << text;
    EXPECT_NE(text.find("1\u202f000,00\u00a0€"), std::string::npos) << text;
    EXPECT_NE(text.find("200,00\u00a0€"), std::string::npos) << text;
}

// Held and paused: a customer pause stops every invoice of theirs until it is lifted.
TEST(DailyPassTest, PausedCustomerGetsNothingUntilResumed) {
    Company c;
    c.export_csv("F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n");
    c.run(ymd(2026, 4, 1));
    const Hold pause{HoldScope::Customer, "csv", "C-1", "négociation en cours", std::nullopt,
                     std::nullopt};
    ASSERT_TRUE(c.open_store()->put_hold(pause, "test").has_value());

    const PassSummary paused = c.run(ymd(2026, 4, 8));
    ASSERT_TRUE(c.open_store()->remove_hold(HoldScope::Customer, "csv", "C-1", "test").has_value());
    const PassSummary resumed = c.run(ymd(2026, 4, 9));

    EXPECT_EQ(total_sent(paused), 0);
    EXPECT_EQ(paused.skipped.at(Outcome::Held), 1);
    EXPECT_EQ(resumed.sent.at(1).count, 1);
}

// The daily snapshot counts overdue invoices by the level they have reached.
TEST(DailyPassTest, SnapshotCountsOverdueInvoicesPerLevel) {
    Company c;
    c.export_csv(
        "F-1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;900,00;0;open;;\n"
        "F-2;C-2;Menuiserie Blanc;compta@blanc.example;2026-03-01;2026-04-05;450,00;0;open;;\n"
        "F-3;C-3;Fromagerie Duval;compta@duval.example;2026-03-01;2026-05-01;120,00;0;open;;\n");

    c.run(ymd(2026, 4, 8));  // F-1: 8 days late -> level 1; F-2: 3 days late, none yet; F-3 not due

    auto snap = c.open_store()->snapshot(ymd(2026, 4, 8));
    ASSERT_TRUE(snap.has_value());
    ASSERT_EQ(snap->size(), 2u);
    EXPECT_EQ((*snap)[0].level, 0);
    EXPECT_EQ((*snap)[0].count, 1);
    EXPECT_EQ((*snap)[0].amount_minor, 45000);
    EXPECT_EQ((*snap)[1].level, 1);
    EXPECT_EQ((*snap)[1].count, 1);
    EXPECT_EQ((*snap)[1].amount_minor, 90000);
}

}  // namespace
}  // namespace relance
