// SPDX-License-Identifier: MIT
// Planner tests: level boundaries, no skipped level, catch-up, min gap, partial payment, holds,
// re-runs, several invoices per customer. Expected values come from the level table of
// docs/architecture.md (+7, +15, +30, +45 days; min gap 7) worked out by hand.
#include "core/planner/planner.h"

#include <gtest/gtest.h>

namespace relance {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
Money eur(std::int64_t cents) { return Money{cents, Currency::eur()}; }

struct Fixture {
    Customer customer{"C-1", "Atelier Roux", {"compta@roux.example"}, "fr", {}, CustomerType::B2B};
    Invoice invoice;
    PlanItem item;
    Policy policy = Policy::defaults();

    Fixture() {
        invoice.source = "csv";
        invoice.number = "F-101";
        invoice.customer_id = "C-1";
        invoice.due_date = ymd(2026, 3, 31);
        invoice.total = eur(90000);
        invoice.paid = eur(0);
        invoice.credited = eur(0);
        item.invoice = &invoice;
        item.customer = &customer;
    }
    Decision on(Date today) { return decide(item, policy, today); }
};

TEST(DecideTest, NothingBeforeTheFirstLevelIsDue) {
    Fixture f;

    const Decision d = f.on(ymd(2026, 4, 6));  // 6 days late

    EXPECT_EQ(d.outcome, Outcome::NotDue);
    EXPECT_EQ(d.days_late, 6);
    EXPECT_EQ(*d.next_date, ymd(2026, 4, 7));
    EXPECT_EQ(explain(d, f.item, f.policy), "level 1 due on 2026-04-07 (6 days late)");
}

TEST(DecideTest, EachLevelStartsExactlyOnItsDay) {
    // Boundaries +7, +15, +30, +45 from a due date of 2026-03-31, with the previous level sent
    // long enough before.
    const struct {
        int last_level;
        Date today;
        Outcome outcome;
        int level;
    } rows[] = {
        {0, ymd(2026, 4, 7), Outcome::Send, 1},     // +7
        {1, ymd(2026, 4, 14), Outcome::NotDue, 1},  // +14
        {1, ymd(2026, 4, 15), Outcome::Send, 2},    // +15
        {2, ymd(2026, 4, 29), Outcome::NotDue, 2},  // +29
        {2, ymd(2026, 4, 30), Outcome::Send, 3},    // +30
        {3, ymd(2026, 5, 14), Outcome::NotDue, 3},  // +44
        {3, ymd(2026, 5, 15), Outcome::Send, 4},    // +45
        {4, ymd(2026, 9, 1), Outcome::Collection, 4},  // last level long ago: collection
    };
    for (const auto& r : rows) {
        Fixture f;
        f.item.history.last_level = r.last_level;
        if (r.last_level > 0) f.item.history.last_contact = ymd(2026, 1, 1);

        const Decision d = f.on(r.today);

        EXPECT_EQ(d.outcome, r.outcome) << to_iso(r.today) << " " << explain(d, f.item, f.policy);
        EXPECT_EQ(d.level, r.level) << to_iso(r.today);
    }
}

TEST(DecideTest, AfterTheLastLevelWaitsForTheCollectionDelay) {
    // Level 4 sent on 2026-05-15; the default delay is 15 days: hand-off on 2026-05-30.
    Fixture f;
    f.item.history = {4, ymd(2026, 5, 15)};

    const Decision wait = f.on(ymd(2026, 5, 29));
    const Decision hand = f.on(ymd(2026, 5, 30));

    EXPECT_EQ(wait.outcome, Outcome::Exhausted);
    EXPECT_EQ(*wait.next_date, ymd(2026, 5, 30));
    EXPECT_EQ(explain(wait, f.item, f.policy), "all 4 levels sent: handed to collection on 2026-05-30");
    EXPECT_EQ(hand.outcome, Outcome::Collection);
    EXPECT_EQ(hand.level, 4);
    EXPECT_EQ(explain(hand, f.item, f.policy),
              "all 4 levels sent, last 15 days ago: handed to collection today");
}

TEST(DecideTest, AnInvoiceInCollectionGetsNoAutomaticMessage) {
    Fixture f;
    f.item.history = {2, ymd(2026, 4, 15), ymd(2026, 4, 20)};  // handed over by hand at level 2

    const Decision d = f.on(ymd(2026, 6, 1));  // level 3 would be due

    EXPECT_EQ(d.outcome, Outcome::Collection);
    EXPECT_EQ(explain(d, f.item, f.policy), "in collection since 2026-04-20: no automatic message");
    f.invoice.paid = eur(90000);
    EXPECT_EQ(f.on(ymd(2026, 6, 1)).outcome, Outcome::Settled);  // paid: settled all the same
}

TEST(DecideTest, NegativeCollectionDelayNeverHandsOver) {
    Fixture f;
    f.policy.collection_after_days = -1;
    f.item.history = {4, ymd(2026, 5, 15)};

    const Decision d = f.on(ymd(2027, 5, 15));

    EXPECT_EQ(d.outcome, Outcome::Exhausted);
    EXPECT_FALSE(d.next_date.has_value());
    EXPECT_EQ(explain(d, f.item, f.policy), "all 4 levels sent: hand-off to collection");
}

TEST(DecideTest, SendReasonNamesLevelDaysAndLastReminder) {
    Fixture f;
    f.item.history = {1, ymd(2026, 4, 7)};

    const Decision d = f.on(ymd(2026, 4, 16));

    ASSERT_EQ(d.outcome, Outcome::Send);
    EXPECT_EQ(explain(d, f.item, f.policy),
              "level 2: 16 days late (due 2026-03-31), last reminder 9 days ago");
}

// Case 02: the server was off; the reminder is late, never lost, and no level is skipped.
TEST(DecideTest, CatchUpAfterMissedDaysSendsTheNextLevelOnly) {
    Fixture f;
    f.invoice.number = "F-102";
    f.invoice.total = eur(45000);

    const Decision d = f.on(ymd(2026, 4, 17));  // 17 days late, nothing sent yet

    EXPECT_EQ(d.outcome, Outcome::Send);
    EXPECT_EQ(d.level, 1);
    EXPECT_EQ(d.days_late, 17);

    // Level 2 is due by date (>= 15 days) but waits for the minimum gap: first on 2026-04-24.
    f.item.history = {1, ymd(2026, 4, 17)};
    EXPECT_EQ(f.on(ymd(2026, 4, 23)).outcome, Outcome::MinGap);
    EXPECT_EQ(*f.on(ymd(2026, 4, 23)).next_date, ymd(2026, 4, 24));
    EXPECT_EQ(f.on(ymd(2026, 4, 24)).outcome, Outcome::Send);
    EXPECT_EQ(f.on(ymd(2026, 4, 24)).level, 2);
}

TEST(DecideTest, CatchUpAfterTenMissedDaysStillOneLevelAtATime) {
    Fixture f;
    f.item.history = {1, ymd(2026, 4, 7)};

    // Nothing ran from 2026-04-08 to 2026-05-02; on 2026-05-03 (33 days late) levels 2 and 3
    // are both due by date, but only level 2 goes.
    const Decision d = f.on(ymd(2026, 5, 3));

    EXPECT_EQ(d.outcome, Outcome::Send);
    EXPECT_EQ(d.level, 2);
}

TEST(DecideTest, SkippingLevelsOnlyWhenThePolicyAllowsIt) {
    Fixture f;
    f.policy.allow_skip = true;

    const Decision d = f.on(ymd(2026, 5, 3));  // 33 days late, nothing sent

    EXPECT_EQ(d.outcome, Outcome::Send);
    EXPECT_EQ(d.level, 3);
}

TEST(DecideTest, MinimumGapIsConfigurable) {
    Fixture f;
    f.policy.min_gap_days = 10;
    f.item.history = {1, ymd(2026, 4, 7)};

    EXPECT_EQ(f.on(ymd(2026, 4, 16)).outcome, Outcome::MinGap);  // 9 days since
    EXPECT_EQ(f.on(ymd(2026, 4, 17)).outcome, Outcome::Send);    // 10 days since
}

// Case 01: re-running the same day finds the reminder already recorded.
TEST(DecideTest, ReRunTheSameDayIsANoOp) {
    Fixture f;
    f.item.history = {1, ymd(2026, 4, 8)};

    const Decision d = f.on(ymd(2026, 4, 8));

    EXPECT_EQ(d.outcome, Outcome::ContactedToday);
}

// Case 07: a partial payment keeps the level and history; the amount due is what is left.
TEST(DecideTest, PartialPaymentDunsTheRemainingAmount) {
    Fixture f;
    f.invoice.number = "F-107";
    f.invoice.due_date = ymd(2026, 3, 1);
    f.invoice.total = eur(100000);
    f.invoice.paid = eur(20000);
    f.item.history = {1, ymd(2026, 3, 8)};

    const Decision d = f.on(ymd(2026, 3, 16));

    EXPECT_EQ(d.outcome, Outcome::Send);
    EXPECT_EQ(d.level, 2);
    EXPECT_EQ(d.days_late, 15);
    EXPECT_EQ(d.amount_due, eur(80000));
}

TEST(DecideTest, FullyPaidOrCreditedInvoicesAreSettled) {
    Fixture f;
    f.invoice.paid = eur(90000);
    EXPECT_EQ(f.on(ymd(2026, 5, 1)).outcome, Outcome::Settled);

    Fixture g;
    g.invoice.credited = eur(90000);  // case 13: an active credit note closes the invoice
    EXPECT_EQ(g.on(ymd(2026, 5, 1)).outcome, Outcome::Settled);

    Fixture h;
    h.invoice.status = InvoiceStatus::Void;
    EXPECT_EQ(h.on(ymd(2026, 5, 1)).outcome, Outcome::Settled);
    EXPECT_EQ(explain(h.on(ymd(2026, 5, 1)), h.item, h.policy), "status void");
}

// Case 03: no due date, no reminder, and a reason that says so.
TEST(DecideTest, NoDueDateIsNeverDunned) {
    Fixture f;
    f.invoice.due_date.reset();

    const Decision d = f.on(ymd(2026, 12, 1));

    EXPECT_EQ(d.outcome, Outcome::NoDueDate);
    EXPECT_EQ(explain(d, f.item, f.policy), "not dunned until the invoice has a due date");
}

TEST(DecideTest, CustomerHoldWithoutEndDate) {
    Fixture f;
    const Hold hold{HoldScope::Customer, "csv", "C-1", "negotiation", std::nullopt, std::nullopt};
    f.item.holds = {&hold};

    const Decision d = f.on(ymd(2026, 4, 20));

    EXPECT_EQ(d.outcome, Outcome::Held);
    EXPECT_EQ(explain(d, f.item, f.policy), "customer paused: negotiation");
}

TEST(DecideTest, InvoiceHoldEndsAfterItsLastDay) {
    Fixture f;
    const Hold hold{HoldScope::Invoice, "csv", "F-101", "promise to pay", ymd(2026, 4, 12),
                    std::nullopt};
    f.item.holds = {&hold};

    EXPECT_EQ(f.on(ymd(2026, 4, 12)).outcome, Outcome::Held);
    EXPECT_EQ(explain(f.on(ymd(2026, 4, 12)), f.item, f.policy),
              "invoice on hold: promise to pay (until 2026-04-12)");
    EXPECT_EQ(f.on(ymd(2026, 4, 13)).outcome, Outcome::Send);
}

TEST(DecideTest, NegotiationTagPausesTheCustomer) {
    Fixture f;
    f.customer.tags = {"VIP", "Negotiation"};

    const Decision d = f.on(ymd(2026, 4, 20));

    EXPECT_EQ(d.outcome, Outcome::Held);
    EXPECT_EQ(explain(d, f.item, f.policy), "customer tagged 'negotiation': reminders paused");
}

TEST(DecideTest, DisputedInvoicesAreHeld) {
    Fixture f;
    f.invoice.status = InvoiceStatus::Disputed;

    const Decision d = f.on(ymd(2026, 5, 1));

    EXPECT_EQ(d.outcome, Outcome::Held);
    EXPECT_EQ(d.days_late, 31);  // 2026-03-31 -> 2026-05-01, still shown to the team
    EXPECT_EQ(explain(d, f.item, f.policy), "disputed by the customer");
}

TEST(DecideTest, NoEmailAddressNeedsAttention) {
    Fixture f;
    f.customer.emails.clear();

    EXPECT_EQ(f.on(ymd(2026, 4, 8)).outcome, Outcome::NoEmail);
}

TEST(DecideTest, NothingIsSentOnStaleData) {
    Fixture f;
    f.item.fresh = false;
    f.item.stale_reason = "row rejected in today's file";

    const Decision d = f.on(ymd(2026, 4, 8));

    EXPECT_EQ(d.outcome, Outcome::Stale);
    EXPECT_EQ(explain(d, f.item, f.policy),
              "level 1 due but today's data is not confirmed: row rejected in today's file");
}

TEST(DecideTest, ZeroAndThreeDecimalCurrenciesKeepTheirAmounts) {
    Fixture f;
    f.invoice.total = Money{150000, *Currency::from_code("JPY")};
    f.invoice.paid = Money{50000, *Currency::from_code("JPY")};
    f.invoice.credited = Money{0, *Currency::from_code("JPY")};
    EXPECT_EQ(f.on(ymd(2026, 4, 8)).amount_due.minor(), 100000);

    Fixture g;
    g.invoice.total = Money{1250, *Currency::from_code("KWD")};
    g.invoice.paid = Money{1, *Currency::from_code("KWD")};
    g.invoice.credited = Money{0, *Currency::from_code("KWD")};
    EXPECT_EQ(g.on(ymd(2026, 4, 8)).amount_due.to_plain_string(), "1.249");
}

// Case 11: one customer, three invoices, each at its own level; grouping puts them in one message.
TEST(GroupMessagesTest, SeveralInvoicesOfOneCustomer) {
    Fixture a, b, c;
    a.invoice.number = "F-111a";
    a.invoice.due_date = ymd(2026, 3, 1);
    a.invoice.total = eur(80000);
    a.item.history = {1, ymd(2026, 3, 8)};
    b.invoice.number = "F-111b";
    b.invoice.due_date = ymd(2026, 3, 10);
    b.invoice.total = eur(120000);
    c.invoice.number = "F-111c";
    c.invoice.due_date = ymd(2026, 4, 1);
    c.invoice.total = eur(30000);
    for (Fixture* f : {&a, &b, &c}) f->item.customer = &a.customer;
    const std::vector<PlanItem> items{a.item, b.item, c.item};
    Policy policy = Policy::defaults();
    const Date today = ymd(2026, 4, 10);

    const auto decisions = plan(items, policy, today);

    // F-111a: 40 days late, level 1 sent -> level 2. F-111b: 31 days late, nothing sent ->
    // level 1. F-111c: 9 days late -> level 1.
    ASSERT_EQ(decisions.size(), 3U);
    EXPECT_EQ(decisions[0].level, 2);
    EXPECT_EQ(decisions[1].level, 1);
    EXPECT_EQ(decisions[2].level, 1);
    EXPECT_EQ(group_messages(items, decisions, policy).size(), 3U);

    // Grouped: one message per level, so the level-1 invoices are not sent at level 2.
    policy.group_by_customer = true;
    const auto grouped = group_messages(items, decisions, policy);
    ASSERT_EQ(grouped.size(), 2U);
    EXPECT_EQ(grouped[0].items, (std::vector<std::size_t>{0}));
    EXPECT_EQ(grouped[1].items, (std::vector<std::size_t>{1, 2}));
}

// Case 11 with grouping on, weekly runs. Hand-computed (defaults +7/+15/+30/+45, min gap 7,
// no skipping, collection 15 days after level 4), F-111a due 03-01, F-111b 03-10, F-111c 04-01:
//   04-10: a 40 days late, b 31, c 9   -> L1 L1 L1   one message
//   04-17: a 47, b 38, c 16            -> L2 L2 L2   one message
//   04-24: a 54, b 45, c 23 (< 30)     -> L3 L3 --   one message (c: level 3 due on 05-01)
//   05-01: a 61, b 52, c 30            -> L4 L4 L3   two messages: {a, b} at 4, {c} at 3
//   05-16: a, b 15 days after L4 -> collection; c 45 days, L3 15 days ago -> L4, alone
// A message never carries an invoice above its own level: every invoice of a message has the
// same level.
TEST(GroupMessagesTest, Case11WeeklyRunsSplitTheGroupByLevel) {
    Fixture a, b, c;
    a.invoice.number = "F-111a";
    a.invoice.due_date = ymd(2026, 3, 1);
    b.invoice.number = "F-111b";
    b.invoice.due_date = ymd(2026, 3, 10);
    c.invoice.number = "F-111c";
    c.invoice.due_date = ymd(2026, 4, 1);
    Policy policy = Policy::defaults();
    policy.group_by_customer = true;
    std::vector<Fixture*> fs{&a, &b, &c};

    const struct {
        Date today;
        std::vector<Outcome> outcomes;
        std::vector<int> levels;
        std::vector<std::vector<std::size_t>> messages;
    } days[] = {
        {ymd(2026, 4, 10), {Outcome::Send, Outcome::Send, Outcome::Send}, {1, 1, 1}, {{0, 1, 2}}},
        {ymd(2026, 4, 17), {Outcome::Send, Outcome::Send, Outcome::Send}, {2, 2, 2}, {{0, 1, 2}}},
        {ymd(2026, 4, 24), {Outcome::Send, Outcome::Send, Outcome::NotDue}, {3, 3, 2}, {{0, 1}}},
        {ymd(2026, 5, 1), {Outcome::Send, Outcome::Send, Outcome::Send}, {4, 4, 3}, {{0, 1}, {2}}},
        {ymd(2026, 5, 16), {Outcome::Collection, Outcome::Collection, Outcome::Send}, {4, 4, 4}, {{2}}},
    };
    for (const auto& day : days) {
        std::vector<PlanItem> items;
        for (Fixture* f : fs) items.push_back(f->item);
        const auto decisions = plan(items, policy, day.today);
        ASSERT_EQ(decisions.size(), 3U);
        for (std::size_t i = 0; i < 3; ++i) {
            EXPECT_EQ(decisions[i].outcome, day.outcomes[i]) << to_iso(day.today) << " item " << i;
            EXPECT_EQ(decisions[i].level, day.levels[i]) << to_iso(day.today) << " item " << i;
        }
        const auto messages = group_messages(items, decisions, policy);
        ASSERT_EQ(messages.size(), day.messages.size()) << to_iso(day.today);
        for (std::size_t m = 0; m < messages.size(); ++m) {
            EXPECT_EQ(messages[m].items, day.messages[m]) << to_iso(day.today) << " message " << m;
        }
        for (std::size_t i = 0; i < 3; ++i) {  // record what was sent, as the engine would
            if (decisions[i].outcome != Outcome::Send) continue;
            fs[i]->item.history = {decisions[i].level, day.today};
        }
    }
}

TEST(PolicyTest, DefaultsAreTheTutorialLevels) {
    const Policy p = Policy::defaults();

    ASSERT_EQ(p.levels.size(), 4U);
    EXPECT_EQ(p.levels[0].after_days, 7);
    EXPECT_EQ(p.levels[1].after_days, 15);
    EXPECT_TRUE(p.levels[1].mention_penalties);
    EXPECT_EQ(p.levels[2].after_days, 30);
    EXPECT_TRUE(p.levels[2].internal_alert);
    EXPECT_EQ(p.levels[3].after_days, 45);
    EXPECT_TRUE(p.levels[3].formal_notice);
    EXPECT_EQ(p.min_gap_days, 7);
    EXPECT_TRUE(validate(p).empty());
}

TEST(PolicyTest, ValidateReportsEveryProblem) {
    Policy p = Policy::defaults();
    p.levels[2].after_days = 10;  // not after level 2's 15
    p.min_gap_days = -1;

    const auto problems = validate(p);

    ASSERT_EQ(problems.size(), 2U);
    EXPECT_EQ(problems[0], "min_gap_days: must be 0 or more");
    EXPECT_EQ(problems[1], "levels[2].after_days: must be greater than the previous level's (15)");
}

}  // namespace
}  // namespace relance
