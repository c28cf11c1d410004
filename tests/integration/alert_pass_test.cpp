// SPDX-License-Identifier: MIT
// Alerts and follow-up tasks of the daily pass end to end: a company folder (CSV export, SQLite
// store reopened for every run), Slack and the task webhook on tests/tools/http_stub.py, the
// finance manager's e-mail through a file outbox. The default rules fire on exactly the invoices
// worked out by hand and stay quiet the next day; an escalation raises again; a pass missing for
// 26 hours is raised by `relance alerts check`; nothing is delivered twice after a re-run, a
// crash or a channel that was down; tasks are created once and sent to the task channel.
#include <gtest/gtest.h>

#include <set>

#include "adapters/delivery/alerts/alert_channels.h"
#include "adapters/http/curl_transport.h"
#include "adapters/store/sqlite/alert_store.h"
#include "engine/alert_pass.h"
#include "testing/company.h"
#include "testing/http_stub.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::Company;
using test::HttpStub;
using test::ymd;

#define REQUIRE_STUB(stub)                                                                            \
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time"; \
    ASSERT_TRUE((stub).ok()) << "the HTTP stub did not start"

// Worked out by hand for 2026-12-03 (levels at +7 +15 +30 +45, threshold 5 000 EUR):
//   F-100 6 200 EUR, 63 days late          -> amount
//   F-101 (same customer) 2 days late       -> nothing
//   F-200 VIP customer, 13 days late        -> vip
//   F-201 (same VIP customer) not due yet   -> nothing
//   F-300 only invoice of C-3, 3 days late  -> first_invoice
//   F-400 only invoice of C-4, no e-mail    -> first_invoice, and a task: find the address
//   F-500 9 000 EUR, customer in negotiation -> nothing (paused)
//   F-600 paid                              -> nothing
constexpr const char* kRows =
    "F-100;C-1;Garage & Fils;a@garage.example;2026-09-01;2026-10-01;6200,00;0;open;;https://pay.example/F-100\n"
    "F-101;C-1;Garage & Fils;a@garage.example;2026-11-01;2026-12-01;300,00;0;open;;\n"
    "F-200;C-2;Studio Hélène;s@studio.example;2026-10-20;2026-11-20;400,00;0;open;vip;\n"
    "F-201;C-2;Studio Hélène;s@studio.example;2026-12-01;2026-12-31;100,00;0;open;vip;\n"
    "F-300;C-3;Nouveau Client;n@nouveau.example;2026-11-01;2026-11-30;250,00;0;open;;\n"
    "F-400;C-4;Sans Adresse;;2026-10-01;2026-11-01;500,00;0;open;;\n"
    "F-500;C-5;Cabinet Pause;p@pause.example;2026-08-01;2026-09-01;9000,00;0;open;negotiation;\n"
    "F-600;C-6;Déjà Payé;d@paye.example;2026-09-01;2026-10-01;800,00;800,00;paid;;\n";

constexpr const char* kRoutes = R"([
    {"method": "POST", "path": "/services/T0/B0/hook", "responses": [{"status": 200, "body": "ok"}]},
    {"method": "POST", "path": "/tasks", "responses": [{"status": 200, "body": {"ok": true}}]}])";

// Alerts wired into each pass as the app does: Slack + e-mail for alerts, a webhook for tasks.
struct Rig {
    Company co;
    HttpStub stub;
    CurlTransport http;
    FileOutbox email_files;
    std::unique_ptr<NoticeChannel> slack;
    std::unique_ptr<NoticeChannel> email;
    std::unique_ptr<NoticeChannel> tasks;
    std::unique_ptr<SqliteAlertStore> alerts;
    std::unique_ptr<AlertPass> pass;
    AlertRules rules;
    bool digest = false;

    explicit Rig(const std::string& routes = kRoutes)
        : stub(co.dir.path(), routes), email_files(co.dir / "internal") {
        co.export_csv(kRows);
        HttpNoticeOptions o;
        o.retry.attempts = 2;
        o.retry.first_backoff = 1ms;
        o.sleep = [](std::chrono::milliseconds) {};
        o.timeout = 3000ms;
        slack = make_slack_channel(http, SlackSettings{stub.url("/services/T0/B0/hook"), o}, NoticeFormat{});
        EmailNoticeSettings e;
        e.to = {Address{"", "finance@atelier.example"}};
        e.from = Address{"relance", "relances@atelier.example"};
        email = make_email_notice_channel(email_files, e, NoticeFormat{});
        tasks = make_webhook_channel(http, WebhookSettings{stub.url("/tasks"), "", o}, NoticeFormat{});
        co.prepare = [this](DailyPass& p, Store& store) {
            alerts = open_alerts();
            pass = std::make_unique<AlertPass>(store, *alerts, std::vector<NoticeChannel*>{slack.get(), email.get()},
                                               std::vector<NoticeChannel*>{tasks.get()}, rules, co.policy, digest);
            p.set_alerts(pass.get());
        };
    }
    std::unique_ptr<SqliteAlertStore> open_alerts() const {
        auto s = SqliteAlertStore::open((co.dir / "relance.db").string());
        EXPECT_TRUE(s.has_value()) << s.error().describe();
        return std::move(*s);
    }
    /// `relance alerts check` at `now`.
    AlertSummary check(std::chrono::sys_seconds now) {
        auto store = co.open_store();
        auto a = open_alerts();
        AlertPass p(*store, *a, {slack.get(), email.get()}, {tasks.get()}, rules, co.policy, digest);
        AlertContext ctx;
        ctx.today = Date{std::chrono::floor<std::chrono::days>(now)};
        ctx.now = now;
        auto s = p.run(ctx);
        EXPECT_TRUE(s.has_value()) << s.error().describe();
        return std::move(*s);
    }
    [[nodiscard]] std::vector<json> requests(const std::string& path) const {
        std::vector<json> out;
        for (const json& r : stub.requests()) {
            if (r["path"] == path) out.push_back(json::parse(r["body"].get<std::string>()));
        }
        return out;
    }
    [[nodiscard]] std::vector<json> slack_messages() const { return requests("/services/T0/B0/hook"); }
};

std::set<std::string> raised(const PassSummary& s) {
    std::set<std::string> out;
    for (const AlertLine& a : s.alerts.raised) out.insert(a.kind + " " + a.subject);
    return out;
}

std::set<std::string> invoice_alerts(const PassSummary& s) {
    std::set<std::string> out;
    for (const AlertLine& a : s.alerts.raised) {
        if (a.kind.rfind("pass_", 0) != 0) out.insert(a.kind + " " + a.subject + " #" + std::to_string(a.occurrence));
    }
    return out;
}

TEST(AlertPassTest, EachDefaultRuleFiresOnTheRightInvoicesAndReachesSlackAndTheFinanceManager) {
    Rig rig;
    REQUIRE_STUB(rig.stub);

    const PassSummary s = rig.co.run(ymd(2026, 12, 3));

    EXPECT_EQ(raised(s), (std::set<std::string>{"amount invoice:csv/F-100", "vip invoice:csv/F-200",
                                                "first_invoice invoice:csv/F-300", "first_invoice invoice:csv/F-400"}));
    EXPECT_EQ(s.alerts.delivered, 4 * 2 + 1);  // each alert to Slack and by e-mail, the task to its webhook
    EXPECT_EQ(s.status(), "ok");
    ASSERT_EQ(rig.slack_messages().size(), 4u);
    std::set<std::string> headers;
    for (const json& m : rig.slack_messages()) headers.insert(m["blocks"][0]["text"]["text"].get<std::string>());
    EXPECT_EQ(headers.size(), 3u);  // amount, vip, first invoice (twice)
    EXPECT_EQ(test::files_in(rig.co.dir / "internal").size(), 4u);
    ASSERT_EQ(s.alerts.tasks.size(), 1u);
    EXPECT_EQ(s.alerts.tasks[0].kind, TaskKind::FindEmail);
    EXPECT_EQ(s.alerts.tasks[0].title, "Find an e-mail address for Sans Adresse");
    const auto tasks = rig.requests("/tasks");
    ASSERT_EQ(tasks.size(), 1u);
    EXPECT_EQ(tasks[0]["type"], "task");
    EXPECT_EQ(tasks[0]["task"]["kind"], "find_email");
    const std::string summary = s.to_json();
    EXPECT_NE(summary.find("\"alerts\":{\"delivered\":9"), std::string::npos) << summary;
}

TEST(AlertPassTest, TheNextDayAndARerunStayQuiet) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    rig.co.run(ymd(2026, 12, 3));

    const PassSummary again = rig.co.run(ymd(2026, 12, 3));
    const PassSummary next = rig.co.run(ymd(2026, 12, 4));

    EXPECT_TRUE(again.alerts.raised.empty());
    EXPECT_TRUE(next.alerts.raised.empty());
    EXPECT_TRUE(next.alerts.tasks.empty());
    EXPECT_EQ(next.alerts.delivered, 0);
    EXPECT_EQ(rig.slack_messages().size(), 4u);
    EXPECT_EQ(rig.requests("/tasks").size(), 1u);
    EXPECT_EQ(test::files_in(rig.co.dir / "internal").size(), 4u);
}

TEST(AlertPassTest, AnEscalationRaisesAgainAndCreatesTheCallAndLetterTasks) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    rig.rules.missed_run_hours = 0;  // weekly passes here: the missed-pass alert has its own test

    std::vector<PassSummary> weeks;
    for (const Date d : {ymd(2026, 12, 3), ymd(2026, 12, 10), ymd(2026, 12, 17), ymd(2026, 12, 24)}) {
        weeks.push_back(rig.co.run(d));
    }

    // F-100: level 1, 2, 3, 4 on those days (one level at a time, 7 days apart).
    EXPECT_EQ(invoice_alerts(weeks[2]).count("level invoice:csv/F-100 #1"), 1u);
    EXPECT_EQ(invoice_alerts(weeks[3]).count("level invoice:csv/F-100 #2"), 1u);  // level 4: worse
    EXPECT_EQ(invoice_alerts(weeks[3]).count("amount invoice:csv/F-100 #2"), 0u);  // same amount: quiet
    std::vector<std::string> tasks;
    for (const auto& w : weeks) {
        for (const TaskLine& t : w.alerts.tasks) tasks.push_back(std::string(to_string(t.kind)) + " " + t.title);
    }
    EXPECT_NE(std::find(tasks.begin(), tasks.end(), "call Call Garage & Fils about F-100"), tasks.end());
    EXPECT_NE(std::find(tasks.begin(), tasks.end(), "letter Post the registered letter to Garage & Fils (F-100)"),
              tasks.end());
    auto store = rig.open_alerts();
    auto open = store->tasks(false);
    ASSERT_TRUE(open.has_value());
    std::set<std::string> subjects;
    for (const TaskRecord& t : *open) EXPECT_TRUE(subjects.insert(t.task.subject).second) << "each task once";
}

TEST(AlertPassTest, APassMissingFor26HoursIsRaisedByTheHourlyCheck) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    rig.co.run(ymd(2026, 12, 3));  // finished at 08:00 UTC
    const auto finished = std::chrono::sys_days{ymd(2026, 12, 3)} + 8h;

    const AlertSummary early = rig.check(finished + 25h + 59min);
    const AlertSummary late = rig.check(finished + 26h);
    const AlertSummary later = rig.check(finished + 27h);

    EXPECT_TRUE(early.raised.empty());
    ASSERT_EQ(late.raised.size(), 1u);
    EXPECT_EQ(late.raised[0].kind, "pass_missed");
    EXPECT_EQ(late.raised[0].subject, "pass:after-run-1");
    EXPECT_EQ(late.delivered, 2);  // Slack and e-mail
    EXPECT_TRUE(later.raised.empty());
    const json m = rig.slack_messages().back();
    EXPECT_NE(m["blocks"][1]["text"]["text"].get<std::string>().find("no daily pass finished for 26 hours"),
              std::string::npos);
}

TEST(AlertPassTest, ADeliveryCutByACrashIsUncertainAndNeverSentAgainByItself) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    rig.co.run(ymd(2026, 12, 3));
    // As if the process had died while handing one alert to Slack.
    std::int64_t cut = 0;
    {
        auto store = rig.open_alerts();
        const auto rows = store->notices(0);
        ASSERT_TRUE(rows.has_value());
        for (const NoticeDelivery& d : *rows) {
            if (d.channel == "slack") cut = d.id;
        }
        ASSERT_TRUE(store->set_notice_state(std::vector<std::int64_t>{cut}, ReminderState::Sending, {}).has_value());
    }

    const PassSummary next = rig.co.run(ymd(2026, 12, 4));

    EXPECT_EQ(next.alerts.uncertain, 1);
    EXPECT_EQ(next.status(), "partial");
    EXPECT_EQ(rig.slack_messages().size(), 4u);
    {
        auto store = rig.open_alerts();
        auto settled = store->settle_notice(cut, ReminderState::Failed, "not in the channel", "test");
        ASSERT_TRUE(settled.has_value()) << settled.error().describe();
    }
    const PassSummary after = rig.co.run(ymd(2026, 12, 5));
    EXPECT_EQ(after.alerts.delivered, 1);
    EXPECT_EQ(rig.slack_messages().size(), 5u);
    EXPECT_EQ(rig.co.run(ymd(2026, 12, 6)).alerts.delivered, 0);
}

TEST(AlertPassTest, RowsPlannedBeforeACrashAreDeliveredOnceByTheNextRun) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    rig.co.run(ymd(2026, 12, 3));
    {
        auto store = rig.open_alerts();
        std::vector<std::int64_t> slack_rows;
        const auto rows = store->notices(0);
        ASSERT_TRUE(rows.has_value());
        for (const NoticeDelivery& d : *rows) {
            if (d.channel == "slack") slack_rows.push_back(d.id);
        }
        ASSERT_TRUE(store->set_notice_state(slack_rows, ReminderState::Planned, {}).has_value());
    }

    const PassSummary next = rig.co.run(ymd(2026, 12, 3));
    const PassSummary again = rig.co.run(ymd(2026, 12, 3));

    EXPECT_EQ(next.alerts.delivered, 4);
    EXPECT_EQ(again.alerts.delivered, 0);
    EXPECT_EQ(rig.slack_messages().size(), 8u);  // the 4 of the first run, then the 4 planned again, once
}

TEST(AlertPassTest, ASlackThatWasDownGetsEachAlertOnceTheNextDay) {
    Rig rig(R"([
        {"method": "POST", "path": "/services/T0/B0/hook", "responses": [
            {"status": 503}, {"status": 503}, {"status": 503}, {"status": 503}, {"status": 503}, {"status": 503},
            {"status": 200, "body": "ok"}]},
        {"method": "POST", "path": "/tasks", "responses": [{"status": 200}]}])");
    REQUIRE_STUB(rig.stub);

    const PassSummary down = rig.co.run(ymd(2026, 12, 3));
    const PassSummary up = rig.co.run(ymd(2026, 12, 4));

    // 3 alerts tried twice each, then the channel is left for later (3 unavailable in a row).
    EXPECT_EQ(down.alerts.failed, 4);
    EXPECT_EQ(down.exit_code(), 2);
    EXPECT_EQ(up.alerts.delivered, 4);
    EXPECT_TRUE(up.alerts.raised.empty());
    std::set<std::string> bodies;
    for (const json& r : rig.stub.requests()) {
        if (r["path"] == "/services/T0/B0/hook") bodies.insert(r["body"].get<std::string>());
    }
    EXPECT_EQ(bodies.size(), 4u);
    EXPECT_EQ(rig.slack_messages().size(), 6u + 4u);
}

TEST(AlertPassTest, TheDigestSendsOneMessagePerChannel) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    rig.digest = true;

    const PassSummary s = rig.co.run(ymd(2026, 12, 3));

    EXPECT_EQ(s.alerts.raised.size(), 4u);
    ASSERT_EQ(rig.slack_messages().size(), 1u);
    EXPECT_NE(rig.slack_messages()[0]["blocks"][0]["text"]["text"].get<std::string>().find("4 alerts"),
              std::string::npos);
    EXPECT_EQ(test::files_in(rig.co.dir / "internal").size(), 1u);
}

// A mail server that refuses one address for good (SMTP 5xx).
class RefusingChannel final : public Channel {
public:
    [[nodiscard]] std::string_view name() const override { return "email"; }
    [[nodiscard]] bool idempotent() const override { return false; }
    Result<DeliveryReceipt> deliver(const OutgoingMessage& m) override {
        if (m.to.front().email == "s@studio.example") return fail(ErrorCode::Rejected, "550 5.1.1 no such user");
        return DeliveryReceipt{"250 ok", 1};
    }
};

TEST(AlertPassTest, AnAddressTheServerRefusedBecomesATaskTheSameDay) {
    Rig rig;
    REQUIRE_STUB(rig.stub);
    RefusingChannel smtp;

    const PassSummary s = rig.co.run_with(smtp, ymd(2026, 12, 3));

    std::vector<std::string> kinds;
    for (const TaskLine& t : s.alerts.tasks) kinds.push_back(std::string(to_string(t.kind)) + " " + t.title);
    EXPECT_EQ(kinds, (std::vector<std::string>{"find_email Find an e-mail address for Sans Adresse",
                                               "fix_email Fix the e-mail address of Studio Hélène (F-200)"}));
    EXPECT_EQ(rig.requests("/tasks").size(), 2u);
}

}  // namespace
}  // namespace relance
