// SPDX-License-Identifier: MIT
// The AlertStore on both engines (a SQLite file; a fresh PostgreSQL tenant schema): alerts unique on kind x subject x occurrence (recorded with
// their delivery rows in one transaction), tasks unique on kind x subject, the notice outbox
// (claim, retry of failed rows, attempts, settling, audit), the passes read from the runs table
// and the customers known for one invoice only.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include "adapters/store/sqlite/alert_store.h"
#include "adapters/store/postgres/postgres_store.h"
#include "adapters/store/sqlite/sqlite_store.h"
#include "testing/pg.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

class FixedClock final : public Clock {
public:
    [[nodiscard]] std::chrono::sys_seconds now() const override {
        return std::chrono::sys_seconds{std::chrono::sys_days{ymd(2026, 12, 3)}.time_since_epoch()} + std::chrono::hours{8};
    }
};

/// A store of an engine as its port.
template <class Port, class Engine>
Result<std::unique_ptr<Port>> as_port(Result<std::unique_ptr<Engine>> r) {
    if (!r) return unexpected(std::move(r).error());
    return std::unique_ptr<Port>(std::move(*r));
}

// Each test runs on both engines: a SQLite file in a sandbox, and a fresh tenant schema on the
// PostgreSQL server of RELANCE_TEST_PG (skipped with the reason when there is none).
class AlertStoreTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (postgres()) {
            if (!test::pg_unavailable_reason().empty()) GTEST_SKIP() << test::pg_unavailable_reason();
            pg.tenant = test::pg_fresh_tenant();
            pg.clock = &clock;
            auto migrated = PostgresStore::migrate(test::pg_url(), pg);
            ASSERT_TRUE(migrated.has_value()) << migrated.error().describe();
        }
    }
    [[nodiscard]] bool postgres() const { return GetParam() == "postgres"; }
    test::Sandbox dir{"relance-alert-store"};
    FixedClock clock;
    PostgresOptions pg;
    [[nodiscard]] std::string path() const { return (dir / "relance.db").string(); }
    std::unique_ptr<AlertStore> open() {
        SqliteOptions o;
        o.clock = &clock;
        auto s = postgres() ? as_port<AlertStore>(PostgresAlertStore::open(test::pg_url(), pg))
                            : as_port<AlertStore>(SqliteAlertStore::open(path(), o));
        EXPECT_TRUE(s.has_value()) << s.error().describe();
        return s ? std::move(*s) : nullptr;
    }
    /// The main store of the same engine and place.
    std::unique_ptr<Store> open_main() {
        auto s = postgres() ? as_port<Store>(PostgresStore::open(test::pg_url(), pg))
                            : as_port<Store>(SqliteStore::open(path()));
        EXPECT_TRUE(s.has_value()) << s.error().describe();
        return s ? std::move(*s) : nullptr;
    }
    /// Every value of the query's rows, joined by '|', read through a connection of our own.
    std::string sql(const std::string& query) {
        if (postgres()) return test::pg_values("SET search_path TO tenant_" + pg.tenant + "; " + query);
        sqlite3* db = nullptr;
        sqlite3_open(path().c_str(), &db);
        std::string out;
        sqlite3_exec(db, query.c_str(), [](void* o, int n, char** v, char**) {
            auto* s = static_cast<std::string*>(o);
            for (int i = 0; i < n; ++i) *s += std::string(s->empty() ? "" : "|") + (v[i] ? v[i] : "NULL");
            return 0;
        }, &out, nullptr);
        sqlite3_close(db);
        return out;
    }
};

AlertNotice an_alert(std::string kind, std::string subject, int occurrence = 1) {
    AlertNotice n;
    n.alert.kind = std::move(kind);
    n.alert.subject = std::move(subject);
    n.alert.title = "Overdue amount above 5000.00 EUR";
    n.alert.reason = "F-1 (Garage & Fils): 6000.00 EUR due";
    n.alert.level = 2;
    n.alert.amount = Money{600000, Currency::eur()};
    n.alert.total = Money{700000, Currency::eur()};
    n.alert.source = "csv";
    n.alert.invoice_number = "F-1";
    n.alert.customer_name = "Garage & Fils";
    n.alert.due_date = ymd(2026, 10, 1);
    n.alert.days_late = 63;
    n.occurrence = occurrence;
    n.raised_on = ymd(2026, 12, 3);
    n.run_id = 4;
    return n;
}

TaskRecord a_task(TaskKind kind, std::string subject) {
    TaskRecord t;
    t.task.kind = kind;
    t.task.subject = std::move(subject);
    t.task.title = "Call Garage & Fils about F-1";
    t.task.detail = "level 3 reached";
    t.task.source = "csv";
    t.task.invoice_number = "F-1";
    t.task.amount_due = Money{600000, Currency::eur()};
    t.task.due_date = ymd(2026, 10, 1);
    t.task.level = 3;
    t.created_on = ymd(2026, 12, 3);
    return t;
}

TEST_P(AlertStoreTest, AnAlertIsRecordedOnceWithItsDeliveriesInOneGo) {
    auto store = open();
    const std::vector<std::string> channels = {"slack", "email"};
    std::vector<AlertNotice> alerts = {an_alert("amount", "invoice:csv/F-1")};

    auto first = store->record_alerts(alerts, channels);
    std::vector<AlertNotice> again = {an_alert("amount", "invoice:csv/F-1")};
    auto second = store->record_alerts(again, channels);

    ASSERT_TRUE(first && second);
    EXPECT_EQ(*first, std::vector<bool>{true});
    EXPECT_EQ(*second, std::vector<bool>{false});
    EXPECT_EQ(again[0].id, alerts[0].id);
    EXPECT_EQ(sql("SELECT count(*) FROM alerts"), "1");
    EXPECT_EQ(sql("SELECT channel || ':' || state FROM notice_deliveries ORDER BY id"), "slack:planned|email:planned");
    auto read = store->alert(alerts[0].id);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->alert.customer_name, "Garage & Fils");
    EXPECT_EQ(read->alert.amount, (Money{600000, Currency::eur()}));
    EXPECT_EQ(read->alert.due_date, ymd(2026, 10, 1));
    EXPECT_EQ(read->occurrence, 1);
    EXPECT_EQ(store->alert(999).error().code, ErrorCode::NotFound);
}

TEST_P(AlertStoreTest, TheLatestOccurrenceOfEachKindAndSubject) {
    auto store = open();
    std::vector<AlertNotice> alerts = {an_alert("amount", "invoice:csv/F-1", 1), an_alert("amount", "invoice:csv/F-1", 2),
                                       an_alert("level", "invoice:csv/F-1", 1)};
    alerts[1].alert.level = 3;
    alerts[1].raised_on = ymd(2026, 12, 10);
    ASSERT_TRUE(store->record_alerts(alerts, {}).has_value());

    auto latest = store->latest_alerts();

    ASSERT_TRUE(latest.has_value());
    ASSERT_EQ(latest->size(), 2u);
    for (const AlertRecord& r : *latest) {
        if (r.kind == "amount") {
            EXPECT_EQ(r.occurrence, 2);
            EXPECT_EQ(r.level, 3);
            EXPECT_EQ(r.raised_on, ymd(2026, 12, 10));
        } else {
            EXPECT_EQ(r.occurrence, 1);
        }
    }
}

TEST_P(AlertStoreTest, TasksAreUniqueAndClosedOnceWithAnAuditRow) {
    auto store = open();
    std::vector<TaskRecord> tasks = {a_task(TaskKind::CallCustomer, "invoice:csv/F-1#L3")};
    ASSERT_EQ(*store->open_tasks(tasks, std::vector<std::string>{"notion"}), std::vector<bool>{true});
    std::vector<TaskRecord> again = {a_task(TaskKind::CallCustomer, "invoice:csv/F-1#L3")};
    ASSERT_EQ(*store->open_tasks(again, std::vector<std::string>{"notion"}), std::vector<bool>{false});
    EXPECT_EQ(again[0].id, tasks[0].id);

    auto done = store->close_task(tasks[0].id, ymd(2026, 12, 4), "called, pays Friday", "cli:anne");
    auto twice = store->close_task(tasks[0].id, ymd(2026, 12, 5), "", "cli:anne");
    auto none = store->close_task(42, ymd(2026, 12, 5), "", "cli:anne");

    ASSERT_TRUE(done.has_value()) << done.error().describe();
    EXPECT_TRUE(done->done);
    EXPECT_EQ(done->done_on, ymd(2026, 12, 4));
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict);
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store->tasks(false)->empty());
    ASSERT_EQ(store->tasks(true)->size(), 1u);
    EXPECT_EQ(store->tasks(true)->front().note, "called, pays Friday");
    EXPECT_EQ(sql("SELECT count(*) FROM notice_deliveries WHERE type = 'task'"), "1");
    EXPECT_EQ(sql("SELECT actor || ' ' || action FROM audit_log"), "cli:anne task done");
}

TEST_P(AlertStoreTest, OutboxRowsMoveThroughTheirStatesAndFailedOnesArePlannedAgain) {
    auto store = open();
    std::vector<AlertNotice> alerts = {an_alert("amount", "invoice:csv/F-1")};
    ASSERT_TRUE(store->record_alerts(alerts, std::vector<std::string>{"slack"}).has_value());
    auto planned = store->notices_in(ReminderState::Planned);
    ASSERT_EQ(planned->size(), 1u);
    const std::int64_t id = planned->front().id;
    EXPECT_NE(planned->front().title.find("Overdue amount"), std::string::npos);

    ASSERT_TRUE(store->set_notice_state(std::vector<std::int64_t>{id}, ReminderState::Sending, {}).has_value());
    ASSERT_TRUE(store->set_notice_state(std::vector<std::int64_t>{id}, ReminderState::Failed,
                                        std::vector<std::string>{"slack: HTTP 503"})
                    .has_value());
    std::vector<NoticeDelivery> retry = *store->notices_in(ReminderState::Failed);
    auto claimed = store->claim_notices(retry);
    std::vector<NoticeDelivery> sent_again = retry;
    ASSERT_TRUE(store->set_notice_state(std::vector<std::int64_t>{id}, ReminderState::Sent, {}).has_value());
    auto not_again = store->claim_notices(sent_again);

    EXPECT_EQ(*claimed, std::vector<bool>{true});
    EXPECT_EQ(*not_again, std::vector<bool>{false});
    EXPECT_EQ(sql("SELECT state || ' ' || attempts FROM notice_deliveries"), "sent 1");
    EXPECT_EQ(store->set_notice_state(std::vector<std::int64_t>{77}, ReminderState::Sent, {}).error().code,
              ErrorCode::NotFound);
}

TEST_P(AlertStoreTest, OnlyUncertainRejectedOrFailedDeliveriesAreSettledByAPerson) {
    auto store = open();
    std::vector<AlertNotice> alerts = {an_alert("amount", "invoice:csv/F-1")};
    ASSERT_TRUE(store->record_alerts(alerts, std::vector<std::string>{"slack"}).has_value());
    const std::int64_t id = store->notices(0)->front().id;

    auto early = store->settle_notice(id, ReminderState::Sent, "", "cli:anne");
    ASSERT_TRUE(store->set_notice_state(std::vector<std::int64_t>{id}, ReminderState::Uncertain, {}).has_value());
    auto confirmed = store->settle_notice(id, ReminderState::Sent, "seen in #finance-alertes", "cli:anne");

    EXPECT_EQ(early.error().code, ErrorCode::Conflict);
    ASSERT_TRUE(confirmed.has_value());
    EXPECT_EQ(confirmed->state, ReminderState::Sent);
    EXPECT_EQ(sql("SELECT action FROM audit_log"), "alerts confirm");
}

TEST_P(AlertStoreTest, PassesComeFromTheRunsTableWithTheSourcesThatCouldNotBeRead) {
    {
        auto main = open_main();
        ASSERT_TRUE(main != nullptr);
        const auto t = std::chrono::sys_seconds{std::chrono::sys_days{ymd(2026, 12, 1)}.time_since_epoch()};
        auto r1 = main->begin_run(ymd(2026, 12, 1), t);
        ASSERT_TRUE(main->finish_run(*r1, t + std::chrono::minutes{1}, "partial",
                                        R"({"run_id":1,"source_errors":{"csv":"cannot open \"f.csv\""},"x":1})")
                        .has_value());
        ASSERT_TRUE(main->begin_run(ymd(2026, 12, 2), t + std::chrono::hours{24}).has_value());
    }
    auto store = open();

    auto passes = store->passes(10);

    ASSERT_TRUE(passes.has_value()) << passes.error().describe();
    ASSERT_EQ(passes->size(), 2u);
    EXPECT_EQ((*passes)[0].id, 2);
    EXPECT_FALSE((*passes)[0].finished_at.has_value());
    EXPECT_EQ((*passes)[0].status, "running");
    EXPECT_EQ((*passes)[1].problem, "source csv could not be read: cannot open \"f.csv\"");
    EXPECT_EQ(source_problems_of_summary(R"({"source_errors":{}})"), "");
}

TEST_P(AlertStoreTest, TheOnlyInvoiceOfACustomerIsItsFirst) {
    {
        auto main = open_main();
        ASSERT_TRUE(main != nullptr);
        SourceListing l;
        l.source = "csv";
        for (const auto& [c, n] : {std::pair{"C-1", "F-1"}, std::pair{"C-1", "F-2"}, std::pair{"C-2", "F-3"}}) {
            Invoice inv;
            inv.number = n;
            inv.customer_id = c;
            inv.total = Money{1000, Currency::eur()};
            l.invoices.push_back(inv);
        }
        for (const char* c : {"C-1", "C-2"}) {
            Customer cu;
            cu.id = c;
            l.customers.push_back(cu);
        }
        ASSERT_TRUE(main->apply_listing(l, ymd(2026, 12, 1), 1).has_value());
    }
    auto store = open();

    auto firsts = store->only_invoices();

    ASSERT_TRUE(firsts.has_value()) << firsts.error().describe();
    EXPECT_EQ(*firsts, (InvoiceKeySet{invoice_key("csv", "F-3")}));
}

INSTANTIATE_TEST_SUITE_P(Engines, AlertStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace relance
