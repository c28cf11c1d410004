// SPDX-License-Identifier: MIT
// The alert rules and the follow-up tasks (core/alerts), pure: on a fixture whose expected alerts
// were worked out by hand, then the next day (quiet), escalations, reminders, the missed and
// failed passes at their exact hour, the company's own field rules, and the tasks.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <set>

#include "core/alerts/alert_rules.h"
#include "core/alerts/tasks.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Money eur(std::int64_t minor) { return Money{minor, Currency::eur()}; }

sys_seconds at(Date d, int hour, int minute = 0) {
    return sys_seconds{sys_days{d}.time_since_epoch()} + std::chrono::hours{hour} + std::chrono::minutes{minute};
}

// A small book: customers and invoices with stable addresses, plus their history.
struct Book {
    std::deque<Customer> customers;
    std::deque<Invoice> invoices;
    std::vector<PlanItem> items;
    InvoiceKeySet firsts;
    Policy policy = Policy::defaults();

    Customer& customer(std::string id, std::vector<std::string> tags = {}, std::vector<std::string> emails = {"a@b.example"}) {
        Customer& c = customers.emplace_back();
        c.id = std::move(id);
        c.name = "Client " + c.id;
        c.tags = std::move(tags);
        c.emails = std::move(emails);
        return c;
    }
    PlanItem& invoice(const Customer& c, std::string number, Money total, Date due, int last_level = 0,
                      std::optional<Date> last_contact = std::nullopt) {
        Invoice& inv = invoices.emplace_back();
        inv.source = "csv";
        inv.number = std::move(number);
        inv.customer_id = c.id;
        inv.total = total;
        inv.due_date = due;
        inv.payment_link = "https://pay.example/" + inv.number;
        PlanItem& item = items.emplace_back();
        item.invoice = &inv;
        item.customer = &c;
        item.history.last_level = last_level;
        item.history.last_contact = last_contact;
        return item;
    }
    [[nodiscard]] std::vector<Decision> decide_on(Date today) const { return plan(items, policy, today); }
};

// The hand-worked fixture of 2026-12-03 (levels at +7, +15, +30, +45; threshold 5 000 EUR).
Book fixture() {
    Book b;
    const Customer& a = b.customer("C-A");
    b.invoice(a, "F-A1", eur(600000), ymd(2026, 11, 20), 1, ymd(2026, 11, 27));  // 6 000 €, 13 days: amount
    b.invoice(a, "F-A2", eur(500000), ymd(2026, 10, 1), 3, ymd(2026, 11, 30));   // exactly 5 000 €: level 3 only
    const Customer& v = b.customer("C-V", {"VIP"});
    b.invoice(v, "F-V1", eur(10000), ymd(2026, 11, 30));                         // 3 days late: vip
    b.invoice(v, "F-V2", eur(10000), ymd(2026, 12, 20));                         // not due yet
    const Customer& n = b.customer("C-N");
    b.invoice(n, "F-N1", eur(30000), ymd(2026, 12, 1));                          // only invoice, 2 days late
    b.firsts.insert(invoice_key("csv", "F-N1"));
    const Customer& m = b.customer("C-M");
    b.invoice(m, "F-M1", eur(30000), ymd(2026, 12, 10));                         // only invoice, not due yet
    b.firsts.insert(invoice_key("csv", "F-M1"));
    const Customer& p = b.customer("C-P");
    b.invoice(p, "F-P1", eur(900000), ymd(2026, 10, 1));
    b.invoices.back().paid = eur(900000);                                        // paid: nothing
    const Customer& h = b.customer("C-H", {"negotiation"});
    b.invoice(h, "F-H1", eur(800000), ymd(2026, 10, 24), 2, ymd(2026, 11, 10));  // paused: defaults skip it
    const Customer& d = b.customer("C-D");
    b.invoice(d, "F-D1", eur(700000), ymd(2026, 10, 1), 3, ymd(2026, 11, 1));
    b.invoices.back().status = InvoiceStatus::Disputed;                          // held: nothing
    const Customer& s = b.customer("C-S");
    b.invoice(s, "F-S1", eur(900000), ymd(2026, 10, 1), 3).fresh = false;        // stale: nothing
    const Customer& x = b.customer("C-X", {"manual-pay"});
    b.invoice(x, "F-X1", eur(900000), ymd(2026, 10, 1), 3, ymd(2026, 11, 30));   // excluded tag
    const Customer& u = b.customer("C-U");
    b.invoice(u, "F-U1", Money{900000, *Currency::from_code("USD")}, ymd(2026, 11, 20), 1, ymd(2026, 11, 27));
    return b;
}

AlertRules fixture_rules() {
    AlertRules r;
    r.exclude_tags = {"manual-pay"};
    return r;
}

std::set<std::string> kinds_and_invoices(const std::vector<AlertCandidate>& cs) {
    std::set<std::string> out;
    for (const auto& c : cs) out.insert(c.kind + " " + c.invoice_number);
    return out;
}

std::vector<AlertRecord> recorded(const std::vector<RaisedAlert>& raised, Date on) {
    std::vector<AlertRecord> out;
    for (const auto& r : raised) {
        out.push_back(AlertRecord{r.alert.kind, r.alert.subject, r.occurrence, on, r.alert.level, r.alert.amount});
    }
    return out;
}

TEST(AlertRulesTest, EachDefaultRuleFiresOnExactlyTheRightInvoices) {
    const Book b = fixture();
    const Date today = ymd(2026, 12, 3);

    const auto candidates = evaluate_invoices(b.items, b.decide_on(today), b.firsts, fixture_rules());

    EXPECT_EQ(kinds_and_invoices(candidates),
              (std::set<std::string>{"amount F-A1", "level F-A2", "vip F-V1", "first_invoice F-N1"}));
    for (const auto& c : candidates) {
        EXPECT_EQ(c.subject, "invoice:csv/" + c.invoice_number);
        EXPECT_FALSE(c.reason.empty());
    }
    const auto& amount = *std::find_if(candidates.begin(), candidates.end(), [](auto& c) { return c.kind == "amount"; });
    EXPECT_EQ(amount.reason,
              "F-A1 (Client C-A): 6000.00 EUR due, 13 days late, level 1; above the 5000.00 EUR threshold");
    EXPECT_EQ(amount.days_late, 13);
    EXPECT_EQ(amount.payment_link, "https://pay.example/F-A1");
}

TEST(AlertRulesTest, RaisedOnceThenQuietTheNextDay) {
    const Book b = fixture();
    const AlertRules rules = fixture_rules();
    const Date today = ymd(2026, 12, 3);
    const auto first = decide_raises(evaluate_invoices(b.items, b.decide_on(today), b.firsts, rules), {}, today, rules);
    ASSERT_EQ(first.size(), 4u);
    for (const auto& r : first) {
        EXPECT_EQ(r.occurrence, 1);
        EXPECT_EQ(r.why, RaiseReason::New);
    }

    const Date tomorrow = ymd(2026, 12, 4);
    const auto again = evaluate_invoices(b.items, b.decide_on(tomorrow), b.firsts, rules);
    const auto second = decide_raises(again, recorded(first, today), tomorrow, rules);

    EXPECT_EQ(again.size(), 4u);  // still true ...
    EXPECT_TRUE(second.empty());  // ... but already said
}

TEST(AlertRulesTest, AHigherLevelOrAHigherAmountRaisesAgain) {
    Book b = fixture();
    const AlertRules rules = fixture_rules();
    const Date today = ymd(2026, 12, 3);
    const auto first = decide_raises(evaluate_invoices(b.items, b.decide_on(today), b.firsts, rules), {}, today, rules);
    // A week later: F-A2 got level 4, F-V1 level 1, F-A1 level 2 and a corrected, higher total.
    b.items[1].history = DunningHistory{4, ymd(2026, 12, 7), std::nullopt};
    b.items[2].history = DunningHistory{1, ymd(2026, 12, 7), std::nullopt};
    b.items[0].history = DunningHistory{2, ymd(2026, 12, 7), std::nullopt};
    const Date later = ymd(2026, 12, 10);

    auto raised = decide_raises(evaluate_invoices(b.items, b.decide_on(later), b.firsts, rules),
                                recorded(first, today), later, rules);
    std::set<std::string> got;
    for (const auto& r : raised) got.insert(r.alert.kind + " " + r.alert.invoice_number + " #" + std::to_string(r.occurrence));
    EXPECT_EQ(got, (std::set<std::string>{"level F-A2 #2", "vip F-V1 #2"}));  // amount: a level is not a new amount
    for (const auto& r : raised) EXPECT_EQ(r.why, RaiseReason::Worse);

    b.invoices[0].total = eur(650000);
    raised = decide_raises(evaluate_invoices(b.items, b.decide_on(later), b.firsts, rules), recorded(first, today),
                           later, rules);
    got.clear();
    for (const auto& r : raised) got.insert(r.alert.kind + " " + r.alert.invoice_number);
    EXPECT_EQ(got.count("amount F-A1"), 1u);
}

TEST(AlertRulesTest, StillOpenAfterTheReminderPeriodRaisesAReminder) {
    const Book b = fixture();
    AlertRules rules = fixture_rules();
    rules.remind_after_days = 30;
    const Date today = ymd(2026, 12, 3);
    const auto first = decide_raises(evaluate_invoices(b.items, b.decide_on(today), b.firsts, rules), {}, today, rules);

    const Date day29 = ymd(2027, 1, 1);
    const Date day30 = ymd(2027, 1, 2);
    std::vector<AlertCandidate> same;  // the same facts, to isolate the period
    for (const auto& r : first) same.push_back(r.alert);

    EXPECT_TRUE(decide_raises(same, recorded(first, today), day29, rules).empty());
    const auto reminded = decide_raises(same, recorded(first, today), day30, rules);
    ASSERT_EQ(reminded.size(), 4u);
    EXPECT_EQ(reminded[0].why, RaiseReason::Reminder);
    EXPECT_EQ(reminded[0].occurrence, 2);
    rules.remind_after_days = 0;
    EXPECT_TRUE(decide_raises(same, recorded(first, today), ymd(2028, 1, 1), rules).empty());
}

TEST(AlertRulesTest, ThresholdsAndListsAreEditable) {
    const Book b = fixture();
    AlertRules rules = fixture_rules();
    rules.amount_threshold = eur(20000);  // 200 €
    rules.level = 1;
    rules.vip_tags = {"gold"};
    rules.first_invoice = false;
    rules.exclude_tags.clear();

    const auto got = kinds_and_invoices(evaluate_invoices(b.items, b.decide_on(ymd(2026, 12, 3)), b.firsts, rules));

    EXPECT_EQ(got, (std::set<std::string>{"amount F-A1", "amount F-A2", "amount F-N1", "amount F-X1", "level F-A1",
                                          "level F-A2", "level F-X1", "level F-U1"}));
    rules.enabled = false;
    EXPECT_TRUE(evaluate_invoices(b.items, b.decide_on(ymd(2026, 12, 3)), b.firsts, rules).empty());
}

TEST(AlertRulesTest, CompanyRulesOnFieldsWithIncludeAndExcludeTags) {
    const Book b = fixture();
    AlertRules rules = fixture_rules();
    rules.amount_threshold.reset();
    rules.level = 0;
    rules.vip_tags.clear();
    rules.first_invoice = false;
    FieldRule negotiation;
    negotiation.name = "negotiation stalls";
    negotiation.include_tags = {"negotiation"};
    negotiation.when = {*parse_condition("days_late > 30", Currency::eur())};
    FieldRule big;
    big.name = "big and late";
    big.when = {*parse_condition("amount_due >= 5 000,00", Currency::eur()), *parse_condition("days_late >= 13", Currency::eur())};
    big.exclude_tags = {"manual-pay", "negotiation"};
    FieldRule names;
    names.name = "customer A";
    names.when = {*parse_condition("customer_name contains \"c-a\"", Currency::eur()),
                  *parse_condition("invoice_number != F-A2", Currency::eur())};
    rules.rules = {negotiation, big, names};

    const auto got = evaluate_invoices(b.items, b.decide_on(ymd(2026, 12, 3)), b.firsts, rules);

    // Company rules also see held invoices (a disputed one included: "status != disputed" would
    // leave it out), so that a rule can watch a negotiation.
    EXPECT_EQ(kinds_and_invoices(got), (std::set<std::string>{"rule:negotiation stalls F-H1", "rule:big and late F-A1",
                                                              "rule:big and late F-A2", "rule:big and late F-D1",
                                                              "rule:customer A F-A1"}));
    const auto& stalls = *std::find_if(got.begin(), got.end(), [](auto& c) { return c.invoice_number == "F-H1"; });
    EXPECT_NE(stalls.reason.find("matches rule 'negotiation stalls' (days_late > 30, tagged negotiation)"),
              std::string::npos)
        << stalls.reason;
}

TEST(AlertRulesTest, ConditionsAreParsedOrRefusedWithWhatIsExpected) {
    auto c = parse_condition("  amount_due >= 1 234,56 ", Currency::eur());
    ASSERT_TRUE(c.has_value()) << c.error().message;
    EXPECT_EQ(c->field, "amount_due");
    EXPECT_EQ(c->op, ">=");
    EXPECT_EQ(c->number, 123456);
    EXPECT_EQ(parse_condition("level == 3", Currency::eur())->op, "=");
    EXPECT_EQ(parse_condition("total > 5000", *Currency::from_code("JPY"))->number, 5000);
    EXPECT_EQ(parse_condition("tags contains vip", Currency::eur())->value, "vip");

    for (const char* bad : {"amount_due", "colour = red", "days_late > ten", "amount_due contains 3", ">= 3",
                            "amount_due > 1.234"}) {
        auto r = parse_condition(bad, Currency::eur());
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
        EXPECT_NE(r.error().message.find('\''), std::string::npos) << r.error().message;
    }
}

TEST(AlertRulesTest, ValidationListsEveryProblem) {
    AlertRules r;
    r.level = -1;
    r.missed_run_hours = -2;
    r.rules = {FieldRule{}, FieldRule{"x", {}, {"vip"}, {}, Currency::eur()}, FieldRule{"x", {}, {"vip"}, {}, Currency::eur()}};

    const auto problems = validate(r);

    EXPECT_EQ(problems.size(), 5u);
    EXPECT_EQ(problems[0], "alerts.level: must be 0 (off) or a level number");
}

// --- Passes -------------------------------------------------------------------------------------

PassRecord pass(std::int64_t id, Date day, sys_seconds started, std::optional<sys_seconds> finished,
                std::string status = "ok") {
    return PassRecord{id, day, started, finished, std::move(status), ""};
}

TEST(PassRulesTest, AMissedPassIsRaisedAt26HoursThenEachDayItLasts) {
    const Date d1 = ymd(2026, 12, 1);
    const std::vector<PassRecord> passes = {pass(1, d1, at(d1, 8), at(d1, 8, 1))};
    const AlertRules rules;

    EXPECT_TRUE(evaluate_passes(passes, at(d1, 8, 1) + 25h + 59min, 0, rules).empty());
    const auto at26 = evaluate_passes(passes, at(d1, 8, 1) + 26h, 0, rules);
    ASSERT_EQ(at26.size(), 1u);
    EXPECT_EQ(at26[0].kind, "pass_missed");
    EXPECT_EQ(at26[0].subject, "pass:after-run-1");
    EXPECT_EQ(at26[0].level, 1);
    EXPECT_EQ(at26[0].reason,
              "no daily pass finished for 26 hours: the last one was run #1 of 2026-12-01, finished "
              "2026-12-01 08:01 UTC (limit 26 hours)");

    // Raised once; an hour later nothing new; a day later it is worse (2 days).
    const auto raised = decide_raises(at26, {}, ymd(2026, 12, 2), rules);
    ASSERT_EQ(raised.size(), 1u);
    const auto at27 = evaluate_passes(passes, at(d1, 8, 1) + 27h, 0, rules);
    EXPECT_TRUE(decide_raises(at27, recorded(raised, ymd(2026, 12, 2)), ymd(2026, 12, 2), rules).empty());
    const auto at50 = evaluate_passes(passes, at(d1, 8, 1) + 50h, 0, rules);
    const auto worse = decide_raises(at50, recorded(raised, ymd(2026, 12, 2)), ymd(2026, 12, 3), rules);
    ASSERT_EQ(worse.size(), 1u);
    EXPECT_EQ(worse[0].why, RaiseReason::Worse);
}

TEST(PassRulesTest, ANewOutageAfterASuccessfulPassIsANewAlert) {
    const Date d1 = ymd(2026, 12, 1);
    const Date d3 = ymd(2026, 12, 3);
    const std::vector<PassRecord> passes = {pass(1, d1, at(d1, 8), at(d1, 8, 1)), pass(2, d3, at(d3, 8), at(d3, 8, 1))};

    const auto got = evaluate_passes(passes, at(d3, 8, 1) + 30h, 0, AlertRules{});

    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].subject, "pass:after-run-2");
}

TEST(PassRulesTest, AFailedOrStuckPassIsRaisedButNotTheOneRunningNow) {
    const Date d1 = ymd(2026, 12, 1);
    const Date d2 = ymd(2026, 12, 2);
    std::vector<PassRecord> passes = {pass(1, d1, at(d1, 20), at(d1, 20, 1), "partial"),
                                      pass(2, d2, at(d2, 8), std::nullopt, "running"),
                                      pass(3, d2, at(d2, 10), std::nullopt, "running")};
    passes[0].problem = "source csv could not be read: cannot open 'factures.csv'";

    const auto got = evaluate_passes(passes, at(d2, 10, 1), 3, AlertRules{});

    std::set<std::string> subjects;
    for (const auto& c : got) subjects.insert(c.kind + " " + c.subject);
    EXPECT_EQ(subjects, (std::set<std::string>{"pass_failed pass:run-1", "pass_failed pass:run-2"}));
    EXPECT_TRUE(evaluate_passes(passes, at(d2, 9, 59), 3, AlertRules{}).size() == 1u);  // run 2 not stuck yet
    passes[2].problem = "source csv could not be read: x";  // the pass under way tells of its own problem
    EXPECT_EQ(evaluate_passes(passes, at(d2, 10, 1), 3, AlertRules{}).size(), 3u);
    EXPECT_TRUE(evaluate_passes({}, at(d2, 10), 0, AlertRules{}).empty());  // never ran: not set up yet
}

// --- Tasks --------------------------------------------------------------------------------------

TEST(TasksTest, FollowUpsFromThePlanAndFromRemindersThatNeedAPerson) {
    Book b;
    const Customer& a = b.customer("C-A");
    b.invoice(a, "F-1", eur(100000), ymd(2026, 10, 1), 3, ymd(2026, 11, 30));  // level 3: call
    b.invoice(a, "F-2", eur(100000), ymd(2026, 9, 1), 3, ymd(2026, 11, 1));    // level 4 sent today: letter
    const Customer& nomail = b.customer("C-N", {}, {});
    b.invoice(nomail, "F-3", eur(20000), ymd(2026, 11, 1));                    // no e-mail: find it
    b.invoice(nomail, "F-4", eur(20000), ymd(2026, 11, 2));                    // same customer: one task
    const Customer& paused = b.customer("C-P", {"negotiation"});
    b.invoice(paused, "F-5", eur(20000), ymd(2026, 9, 1), 3, ymd(2026, 10, 1));  // held: nothing
    ReminderRow rejected;
    rejected.id = 7;
    rejected.source = "csv";
    rejected.invoice_number = "F-1";
    rejected.level = 2;
    rejected.state = ReminderState::Rejected;
    rejected.planned_on = ymd(2026, 11, 15);
    rejected.recipient = "a@b.example";
    rejected.detail = "550 no such user";
    ReminderRow uncertain = rejected;
    uncertain.id = 8;
    uncertain.state = ReminderState::Uncertain;
    ReminderRow failed = rejected;
    failed.id = 9;
    failed.state = ReminderState::Failed;
    const std::vector<ReminderRow> to_settle = {rejected, uncertain, failed};

    const auto tasks = derive_tasks(b.items, b.decide_on(ymd(2026, 12, 3)), to_settle, b.policy);

    std::vector<std::string> got;
    for (const auto& t : tasks) got.push_back(std::string(to_string(t.kind)) + " " + t.subject);
    EXPECT_EQ(got, (std::vector<std::string>{"call invoice:csv/F-1#L3", "letter invoice:csv/F-2#L4",
                                             "find_email customer:csv/C-N", "fix_email reminder:7@2026-11-15",
                                             "settle reminder:8@2026-11-15"}));
    EXPECT_EQ(tasks[0].title, "Call Client C-A about F-1");
    EXPECT_EQ(tasks[1].title, "Post the registered letter to Client C-A (F-2)");
    EXPECT_NE(tasks[3].detail.find("relance outbox retry 7"), std::string::npos) << tasks[3].detail;
    EXPECT_NE(tasks[4].detail.find("relance outbox confirm 8"), std::string::npos) << tasks[4].detail;
    EXPECT_EQ(tasks[3].customer_name, "Client C-A");
    EXPECT_EQ(parse_task_kind("settle").value(), TaskKind::SettleUncertain);
}

}  // namespace
}  // namespace relance
