// SPDX-License-Identifier: MIT
// Reading the sources into the store (engine/sync.h) through the daily pass on a real SQLite
// store, with a scripted source that can read one invoice: an invoice that left the unpaid
// listing is resolved only as the confirming fetch shows it (paid, void, credited; deleted = void;
// still open = kept), on the tool's date when it gives one, else the run's; one that cannot be
// read again stays open and gets no reminder; a listing with no invoice while some are open is
// not read (unless accepted); the freshness window; two sources with the same invoice numbers; `only`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "engine/sync.h"
#include "testing/company.h"

namespace relance {
namespace {

using test::ymd;

Invoice open_invoice(const std::string& number, const std::string& customer, std::int64_t cents) {
    Invoice inv;
    inv.number = number;
    inv.customer_id = customer;
    inv.issue_date = ymd(2026, 3, 1);
    inv.due_date = ymd(2026, 3, 31);
    inv.total = Money{cents, Currency::eur()};
    inv.paid = Money::zero(Currency::eur());
    inv.credited = Money::zero(Currency::eur());
    return inv;
}

Customer customer(const std::string& id) {
    Customer c;
    c.id = id;
    c.name = "Client " + id;
    c.emails = {id + "@client.example"};
    return c;
}

// A source that lists what the test says and answers fetch_invoice from a table.
class ScriptedSource final : public InvoiceSource {
public:
    explicit ScriptedSource(std::string name, std::chrono::seconds freshness = std::chrono::seconds{0})
        : name_(std::move(name)), freshness_(freshness) {}

    std::vector<Invoice> listed;
    bool fails = false;
    std::map<std::string, Result<FetchedInvoice>> answers;  // by remote id
    std::vector<std::string> fetched;

    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] bool can_fetch() const override { return true; }
    [[nodiscard]] std::chrono::seconds freshness() const override { return freshness_; }
    [[nodiscard]] Result<SourceListing> list_unpaid() override {
        if (fails) return fail(ErrorCode::Unavailable, "page 2: HTTP 503");
        SourceListing l;
        for (const Invoice& inv : listed) {
            l.invoices.push_back(inv);
            l.customers.push_back(customer(inv.customer_id));
            l.remote_ids[inv.number] = "id-" + inv.number;
        }
        return l;
    }
    [[nodiscard]] Result<FetchedInvoice> fetch_invoice(std::string_view id) override {
        fetched.emplace_back(id);
        const auto it = answers.find(std::string(id));
        if (it == answers.end()) return fail(ErrorCode::Unavailable, "HTTP 500");
        return it->second;
    }

private:
    std::string name_;
    std::chrono::seconds freshness_;
};

FetchedInvoice fetched_as(Invoice inv, InvoiceStatus status) {
    inv.status = status;
    if (status == InvoiceStatus::Paid) inv.paid = inv.total;
    return FetchedInvoice{std::move(inv), std::nullopt, ""};
}

std::vector<std::string> open_numbers(test::Company& c) {
    auto book = c.open_store()->load_open_book();
    EXPECT_TRUE(book.has_value());
    std::vector<std::string> out;
    for (const auto& si : book->invoices) out.push_back(si.invoice.source + "/" + si.invoice.number);
    return out;
}

TEST(SyncTest, WhatLeftTheListingIsResolvedAsTheFetchShowsIt) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000), open_invoice("B", "c2", 20000), open_invoice("C", "c3", 30000),
                  open_invoice("D", "c4", 40000), open_invoice("E", "c5", 50000),
                  open_invoice("F", "c6", 60000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.answers.emplace("id-A", fetched_as(src.listed[0], InvoiceStatus::Paid));
    src.answers.emplace("id-B", fetched_as(src.listed[1], InvoiceStatus::Credited));
    src.answers.emplace("id-C", fetched_as(src.listed[2], InvoiceStatus::Open));  // outside the filter
    src.answers.emplace("id-D", Result<FetchedInvoice>(fail(ErrorCode::NotFound, "HTTP 404")));
    src.listed = {src.listed[5]};  // five left the listing (F stays); E cannot be read again

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(src.fetched, (std::vector<std::string>{"id-A", "id-B", "id-C", "id-D", "id-E"}));
    EXPECT_EQ(s.synced.at("tool").resolved, 3);  // paid, credited, deleted
    EXPECT_EQ(s.confirmed.at("tool").at("paid"), 1);
    EXPECT_EQ(s.confirmed.at("tool").at("credited"), 1);
    EXPECT_EQ(s.confirmed.at("tool").at("open"), 1);
    EXPECT_EQ(s.confirmed.at("tool").at("deleted"), 1);
    ASSERT_EQ(s.rejected.size(), 1u);
    EXPECT_EQ(s.rejected[0].invoice_number, "E");
    EXPECT_EQ(open_numbers(c), (std::vector<std::string>{"tool/C", "tool/E", "tool/F"}));
    EXPECT_EQ(test::total_sent(s), 2);  // C, confirmed open, and F: level 2; E: stale
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 1);
}

TEST(SyncTest, TheResolutionDateIsTheRunsDate) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000), open_invoice("B", "c2", 20000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.answers.emplace("id-A", fetched_as(src.listed[0], InvoiceStatus::Paid));
    src.listed = {src.listed[1]};

    c.run_sources({&src}, ymd(2026, 4, 15));
    src.answers.clear();
    const PassSummary again = c.run_sources({&src}, ymd(2026, 4, 16));

    EXPECT_EQ(open_numbers(c), std::vector<std::string>{"tool/B"});
    EXPECT_TRUE(src.fetched.size() == 1u) << "a resolved invoice is not read again";
    EXPECT_EQ(again.synced.at("tool").resolved, 0);
}

TEST(SyncTest, AFailedListingLeavesEverythingOpenAndUnsent) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.fails = true;

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(s.source_errors.at("tool"), "page 2: HTTP 503");
    // Level 2 was due on data older than the window (none): read again first, which failed too.
    EXPECT_EQ(src.fetched, std::vector<std::string>{"id-A"});
    EXPECT_EQ(test::total_sent(s), 0);
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 1);
    EXPECT_EQ(open_numbers(c), std::vector<std::string>{"tool/A"});
}

// A listing with no invoice at all while two are open (an export emptied by mistake, an API
// answering an empty page): taken as not read. Nothing is read again, resolved or sent; once
// the user confirms it (accept_empty), the two are read again and resolved as the tool shows.
TEST(SyncTest, AnEmptyListingWhileInvoicesAreOpenIsNotRead) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000), open_invoice("B", "c2", 20000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.listed = {};

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(s.source_errors.at("tool"),
              "its listing holds no invoice while 2 of its invoices are open: taken as not read, "
              "nothing was marked paid; if they are all truly settled, run `relance sync "
              "--accept-empty` (or `relance run --accept-empty`)");
    EXPECT_EQ(s.synced.count("tool"), 0u);
    EXPECT_EQ(s.exit_code(), 2);
    EXPECT_EQ(open_numbers(c), (std::vector<std::string>{"tool/A", "tool/B"}));
    // Level 2 due on both (15 days late) on data older than the window (none): read again first,
    // which failed (no answer scripted), so no reminder.
    EXPECT_EQ(src.fetched.size(), 2u);
    EXPECT_EQ(test::total_sent(s), 0);
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 2);

    // The user confirms: the two are read again (paid in the tool) and resolved.
    src.fetched.clear();
    src.answers.emplace("id-A", fetched_as(open_invoice("A", "c1", 10000), InvoiceStatus::Paid));
    src.answers.emplace("id-B", fetched_as(open_invoice("B", "c2", 20000), InvoiceStatus::Paid));
    auto store = c.open_store();
    auto run = store->begin_run(ymd(2026, 4, 16), std::chrono::sys_days{ymd(2026, 4, 16)} + std::chrono::hours{8});
    ASSERT_TRUE(run.has_value());
    SyncOptions o;
    o.today = ymd(2026, 4, 16);
    o.run_id = *run;
    o.accept_empty = true;
    auto report = sync_sources(*store, {&src}, o);
    ASSERT_TRUE(report.has_value()) << report.error().describe();
    EXPECT_TRUE(report->errors.empty());
    EXPECT_EQ(src.fetched, (std::vector<std::string>{"id-A", "id-B"}));
    EXPECT_EQ(report->synced.at("tool").resolved, 2);
    EXPECT_TRUE(open_numbers(c).empty());
}

TEST(SyncTest, AnEmptyListingWithNothingOpenIsFine) {
    test::Company c;
    ScriptedSource src("tool");

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 8));

    EXPECT_TRUE(s.source_errors.empty());
    EXPECT_EQ(s.synced.at("tool").inserted, 0);
    EXPECT_EQ(s.exit_code(), 0);
}

TEST(SyncTest, WithinTheFreshnessWindowEarlierDataStillCounts) {
    test::Company c;
    ScriptedSource lenient("lenient", std::chrono::hours{7 * 24 + 1});
    ScriptedSource strict("strict");
    lenient.listed = {open_invoice("A", "c1", 10000)};
    strict.listed = {open_invoice("A", "c1", 10000)};
    c.run_sources({&lenient, &strict}, ymd(2026, 4, 8));
    lenient.fails = true;
    strict.fails = true;

    const PassSummary s = c.run_sources({&lenient, &strict}, ymd(2026, 4, 15));

    ASSERT_EQ(s.actions.size(), 1u);  // level 2, on data listed a week ago
    EXPECT_EQ(s.actions[0].source, "lenient");
    EXPECT_TRUE(lenient.fetched.empty()) << "within the window: not read again";
    EXPECT_EQ(strict.fetched, std::vector<std::string>{"id-A"});  // past it: read again (failed)
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 1);  // strict/A
    const PassSummary later = c.run_sources({&lenient, &strict}, ymd(2026, 5, 1));  // level 3 due
    EXPECT_EQ(test::total_sent(later), 0);  // past the window
    EXPECT_EQ(later.skipped.at(Outcome::Stale), 2);
}

TEST(SyncTest, TwoSourcesWithTheSameNumbersDoNotClash) {
    test::Company c;
    ScriptedSource a("stripe");
    ScriptedSource b("pennylane");
    a.listed = {open_invoice("F-1", "c1", 10000)};
    b.listed = {open_invoice("F-1", "c1", 25000)};

    const PassSummary s = c.run_sources({&a, &b}, ymd(2026, 4, 8));

    EXPECT_EQ(s.synced.at("stripe").inserted, 1);
    EXPECT_EQ(s.synced.at("pennylane").inserted, 1);
    EXPECT_EQ(test::total_sent(s), 2);
    EXPECT_EQ(open_numbers(c), (std::vector<std::string>{"pennylane/F-1", "stripe/F-1"}));
}

TEST(SyncTest, OnlyTheNamedSourceIsRead) {
    test::Company c;
    ScriptedSource a("a");
    ScriptedSource b("b");
    a.listed = {open_invoice("F-1", "c1", 10000)};
    b.listed = {open_invoice("F-2", "c1", 10000)};
    auto store = c.open_store();
    auto run = store->begin_run(ymd(2026, 4, 8), std::chrono::sys_days{ymd(2026, 4, 8)} + std::chrono::hours{8});
    ASSERT_TRUE(run.has_value());
    SyncOptions o;
    o.today = ymd(2026, 4, 8);
    o.run_id = *run;
    o.only = {"b"};

    auto report = sync_sources(*store, {&a, &b}, o);

    ASSERT_TRUE(report.has_value()) << report.error().describe();
    EXPECT_EQ(report->synced.count("a"), 0u);
    EXPECT_EQ(report->synced.at("b").inserted, 1);
    EXPECT_EQ(open_numbers(c), std::vector<std::string>{"b/F-2"});
}

// --- Before a reminder on data older than the freshness window, the invoice is read again ------
// Each case: A (100.00 EUR, due 2026-03-31) listed on 04-08 (8 days late: level 1 sent); on 04-15
// level 2 is due (15 days late, 7 since level 1) but the listing fails, and the window is none.

FetchedInvoice with_paid(Invoice inv, std::int64_t paid_cents) {
    inv.paid = Money{paid_cents, Currency::eur()};
    return FetchedInvoice{std::move(inv), std::nullopt, "id-A"};
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(RefetchTest, AnInvoiceStillOpenIsRemindedForWhatTheToolSaysIsLeft) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.fails = true;
    src.answers.emplace("id-A", with_paid(src.listed[0], 4000));  // 40.00 received since

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(src.fetched, std::vector<std::string>{"id-A"});
    EXPECT_EQ(s.refetched.at("tool").at("open"), 1);
    ASSERT_EQ(s.actions.size(), 1u);
    EXPECT_EQ(s.actions[0].level, 2);
    EXPECT_EQ(s.actions[0].amount_due.minor(), 6000);  // 100.00 - 40.00
    EXPECT_EQ(s.skipped.count(Outcome::Stale), 0u);
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].level, 2);  // newest first
    EXPECT_EQ(rows[0].amount_due.minor(), 6000);
    const std::string eml = read_file(c.outbox() / "tool_A_L2.eml");
    EXPECT_NE(eml.find("60,00"), std::string::npos) << "the message asks for what is left";
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    ASSERT_EQ(book->invoices.size(), 1u);
    EXPECT_EQ(book->invoices[0].invoice.paid.minor(), 4000) << "what was read is recorded";
}

TEST(RefetchTest, AnInvoicePaidMeanwhileIsResolvedAndNotReminded) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.fails = true;
    FetchedInvoice paid = fetched_as(src.listed[0], InvoiceStatus::Paid);
    paid.invoice.resolved_on = ymd(2026, 4, 12);  // the tool says: paid on 12 April
    src.answers.emplace("id-A", std::move(paid));

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(s.refetched.at("tool").at("paid"), 1);
    EXPECT_EQ(test::total_sent(s), 0);
    EXPECT_EQ(s.skipped.at(Outcome::Settled), 1);
    EXPECT_TRUE(open_numbers(c).empty());
    auto timeline = c.open_store()->timeline("tool", "A");
    ASSERT_TRUE(timeline.has_value()) << timeline.error().describe();
    ASSERT_TRUE(timeline->resolved_on.has_value());
    EXPECT_EQ(*timeline->resolved_on, ymd(2026, 4, 12)) << "the tool's date, not the run's (15 April)";
}

TEST(RefetchTest, AnInvoiceThatCannotBeReadAgainGetsNoReminderAndSaysWhy) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.fails = true;  // and no answer for id-A: HTTP 500

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(test::total_sent(s), 0);
    EXPECT_EQ(s.refetched.at("tool").at("failed"), 1);
    ASSERT_EQ(s.attention.size(), 1u);
    EXPECT_EQ(s.attention[0].outcome, Outcome::Stale);
    EXPECT_NE(s.attention[0].reason.find("reading it again failed: HTTP 500"), std::string::npos)
        << s.attention[0].reason;
    EXPECT_EQ(open_numbers(c), std::vector<std::string>{"tool/A"});
}

TEST(RefetchTest, OnlyInvoicesAboutToBeRemindedAreReadAndADownSourceIsLeftAfterThreeFailures) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000), open_invoice("B", "c2", 10000),
                  open_invoice("C", "c3", 10000), open_invoice("D", "c4", 10000),
                  open_invoice("E", "c5", 10000)};
    src.listed[4].due_date = ymd(2026, 4, 30);  // E: not due on 04-15, nothing to send
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.fails = true;  // no answers: every read fails

    const PassSummary s = c.run_sources({&src}, ymd(2026, 4, 15));

    EXPECT_EQ(src.fetched, (std::vector<std::string>{"id-A", "id-B", "id-C"}));
    EXPECT_EQ(s.refetched.at("tool").at("failed"), 3);
    EXPECT_EQ(s.refetched.at("tool").at("not attempted"), 1);  // D
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 4);
    EXPECT_EQ(test::total_sent(s), 0);
}

TEST(RefetchTest, ADryRunReadsAgainAndWritesNothing) {
    test::Company c;
    ScriptedSource src("tool");
    src.listed = {open_invoice("A", "c1", 10000)};
    c.run_sources({&src}, ymd(2026, 4, 8));
    src.fails = true;
    src.answers.emplace("id-A", fetched_as(src.listed[0], InvoiceStatus::Paid));
    FileOutbox channel(c.outbox());

    const PassSummary s = c.run_sources({&src}, channel, ymd(2026, 4, 15), /*dry_run=*/true);

    EXPECT_EQ(s.refetched.at("tool").at("paid"), 1);
    EXPECT_TRUE(s.actions.empty());
    EXPECT_EQ(open_numbers(c), std::vector<std::string>{"tool/A"}) << "a dry run records nothing";
}

}  // namespace
}  // namespace relance
