// SPDX-License-Identifier: MIT
// The dashboard over real HTTP on 127.0.0.1 (the libcurl HttpTransport as the client), on a store
// seeded by five weekly passes over samples/factures.csv (2026-11-05 .. 2026-12-03), as the demo
// does: authentication off loopback, bearer token, sign-in with an Argon2id hash, CSRF refusals,
// the audit log with who acted, the figures equal to the store's own reads, /metrics, the Host
// check against DNS rebinding, read-only mode, and no secret in any answer.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "adapters/http/curl_transport.h"
#include "adapters/store/sqlite/sqlite_store.h"
#include "app/config/settings.h"
#include "app/web/auth.h"
#include "app/web/web_server.h"
#include "app/wiring/daily_run.h"
#include "testing/sandbox.h"

namespace relance::test {
namespace {

using nlohmann::json;

constexpr const char* kSmtpSecret = "smtp-secret-never-shown-4711";
constexpr const char* kToken = "token-never-shown-0123456789abcdef";

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::chrono::sys_seconds at_nine(Date d) {
    return std::chrono::sys_seconds{std::chrono::sys_days{d}.time_since_epoch()} + std::chrono::hours{8};
}

class WebTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_FALSE(sandbox_.path().empty());
        settings_.store_path = (sandbox_.path() / "relance.db").string();
        settings_.outbox_dir = (sandbox_.path() / "outbox").string();
        SourceSettings csv;
        csv.path = std::string(RELANCE_SOURCE_DIR) + "/samples/factures.csv";
        settings_.sources.push_back(csv);
        // An SMTP password in the environment: it must never appear in any answer.
        ::setenv("RELANCE_TEST_SMTP_PASSWORD", kSmtpSecret, 1);
        settings_.smtp.password_env = "RELANCE_TEST_SMTP_PASSWORD";
        settings_.web.token_env = "RELANCE_TEST_WEB_TOKEN_UNSET";
        for (Date d : {ymd(2026, 11, 5), ymd(2026, 11, 12), ymd(2026, 11, 19), ymd(2026, 11, 26), ymd(2026, 12, 3)}) {
            auto s = run_daily(settings_, at_nine(d), d, {});
            ASSERT_TRUE(s.has_value()) << s.error().describe();
        }
    }

    WebOptions options(bool read_only = false) {
        WebOptions o;
        o.port = 0;
        o.read_only = read_only;
        o.threads = 4;
        o.fixed_now = at_nine(ymd(2026, 12, 3));
        return o;
    }

    /// Starts a server; returns its base URL.
    std::string start(WebOptions o) {
        server_ = std::make_unique<WebServer>(settings_, std::move(o));
        auto st = server_->start();
        EXPECT_TRUE(st.has_value()) << (st ? "" : st.error().describe());
        return "http://127.0.0.1:" + std::to_string(server_->port());
    }

    HttpResponse call(const std::string& method, const std::string& url,
                      std::vector<std::pair<std::string, std::string>> headers = {}, std::string body = {}) {
        HttpRequest r;
        r.method = method;
        r.url = url;
        r.headers = std::move(headers);
        r.body = std::move(body);
        r.timeout = std::chrono::milliseconds{20000};
        auto got = http_.send(r);
        EXPECT_TRUE(got.has_value()) << (got ? "" : got.error().describe());
        return got ? *got : HttpResponse{};
    }

    std::unique_ptr<SqliteStore> store() {
        auto s = SqliteStore::open(settings_.store_path);
        EXPECT_TRUE(s.has_value());
        return s ? std::move(*s) : nullptr;
    }

    Sandbox sandbox_;
    Settings settings_;
    CurlTransport http_;
    std::unique_ptr<WebServer> server_;
};

const std::vector<std::pair<std::string, std::string>> kForm = {
    {"Content-Type", "application/x-www-form-urlencoded"}};

TEST_F(WebTest, FiguresOfTheApiAndThePageEqualTheStore) {
    const std::string base = start(options());
    auto expected = store()->overview(ymd(2026, 12, 3));
    ASSERT_TRUE(expected.has_value());

    const HttpResponse api = call("GET", base + "/api/overview");
    const HttpResponse page = call("GET", base + "/");
    const HttpResponse metrics = call("GET", base + "/metrics");

    ASSERT_EQ(api.status, 200) << api.body;
    const json j = json::parse(api.body);
    ASSERT_EQ(j["unpaid"].size(), expected->unpaid.size());
    EXPECT_EQ(j["unpaid"][0]["amount_minor"], expected->unpaid[0].amount_minor);
    EXPECT_EQ(j["unpaid"][0]["count"], expected->unpaid[0].count);
    ASSERT_EQ(j["overdue_by_level"].size(), expected->overdue_by_level.size());
    for (std::size_t i = 0; i < expected->overdue_by_level.size(); ++i) {
        EXPECT_EQ(j["overdue_by_level"][i]["level"], expected->overdue_by_level[i].level);
        EXPECT_EQ(j["overdue_by_level"][i]["amount_minor"], expected->overdue_by_level[i].amount_minor);
    }
    EXPECT_EQ(j["last_run"]["date"], "2026-12-03");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("data-figure=\"total-unpaid\" data-minor=\"" +
                             std::to_string(expected->unpaid[0].amount_minor) + "\""),
              std::string::npos);
    EXPECT_NE(page.body.find("<svg class=\"chart\""), std::string::npos);
    ASSERT_EQ(metrics.status, 200);
    const auto& l1 = expected->overdue_by_level[1];
    EXPECT_NE(metrics.body.find("relance_overdue_amount{level=\"1\",currency=\"EUR\"} " +
                                Money{l1.amount_minor, Currency::eur()}.to_plain_string() + "\n"),
              std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("relance_last_pass_status{status=\"ok\"} 1\n"), std::string::npos);
    EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
}

TEST_F(WebTest, OverdueListAndTimelineAnswerInJson) {
    const std::string base = start(options());

    const HttpResponse list = call("GET", base + "/api/overdue?level=4");
    const HttpResponse one = call("GET", base + "/api/invoice?number=F-2026-0101");
    const HttpResponse none = call("GET", base + "/api/invoice?number=NOPE");

    ASSERT_EQ(list.status, 200) << list.body;
    auto expected = store()->overdue(OverdueFilter{.level = 4, .hold_tags = settings_.policy.hold_tags}, ymd(2026, 12, 3));
    ASSERT_TRUE(expected.has_value());
    const json l = json::parse(list.body);
    EXPECT_EQ(l["total"], expected->total);
    ASSERT_EQ(l["invoices"].size(), expected->rows.size());
    EXPECT_EQ(l["invoices"][0]["invoice"], expected->rows[0].number);
    ASSERT_EQ(one.status, 200);
    const json t = json::parse(one.body);
    EXPECT_EQ(t["customer"], "Boulangerie Lefèvre SARL");
    EXPECT_EQ(t["amount_due"]["amount"], "1234.56");
    EXPECT_GE(t["reminders"].size(), 4u);
    EXPECT_EQ(none.status, 404);
}

TEST_F(WebTest, ActionsNeedTheCsrfTokenAndAreAuditedWithWhoDidThem) {
    const std::string base = start(options());

    const HttpResponse no_token = call("POST", base + "/api/pause", kForm, "customer=C-002&reason=x");
    const HttpResponse wrong = call("POST", base + "/api/pause", {{"X-CSRF-Token", "forged"}, kForm[0]},
                                    "customer=C-002&reason=x");
    const HttpResponse form_no_token = call("POST", base + "/actions/hold", kForm, "invoice=F-2026-0103");
    const std::string csrf = json::parse(call("GET", base + "/api/session").body)["csrf"];
    const HttpResponse cross = call("POST", base + "/api/pause",
                                    {{"X-CSRF-Token", csrf}, {"Origin", "http://evil.example"}, kForm[0]},
                                    "customer=C-002");
    const HttpResponse paused = call("POST", base + "/api/pause", {{"X-CSRF-Token", csrf}, kForm[0]},
                                     "customer=C-002&reason=" "plan%20de%20paiement&until=2026-12-31");
    const HttpResponse held = call("POST", base + "/actions/hold", kForm,
                                   "csrf=" + csrf + "&invoice=F-2026-0103&reason=promesse&next=/invoices");
    const HttpResponse unknown = call("POST", base + "/api/hold", {{"X-CSRF-Token", csrf}, kForm[0]}, "invoice=F-0");

    EXPECT_EQ(no_token.status, 403);
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(form_no_token.status, 403);
    EXPECT_EQ(cross.status, 403);
    EXPECT_EQ(paused.status, 200) << paused.body;
    EXPECT_EQ(held.status, 303);
    EXPECT_EQ(held.header("Location"), "/invoices?flash=hold&key=F-2026-0103");
    EXPECT_EQ(unknown.status, 400);
    auto log = store()->audit_log(0);
    ASSERT_TRUE(log.has_value());
    ASSERT_EQ(log->size(), 2u);  // the refused ones wrote nothing
    EXPECT_EQ((*log)[1].actor, "web:local");
    EXPECT_EQ((*log)[1].action, "pause");
    EXPECT_EQ((*log)[1].detail, "customer csv/C-002: plan de paiement, since 2026-12-03, until 2026-12-31");
    EXPECT_EQ((*log)[0].action, "hold");
    const json audit = json::parse(call("GET", base + "/api/audit").body);
    EXPECT_EQ(audit["audit"][0]["actor"], "web:local");
    const json shown = json::parse(call("GET", base + "/api/overdue?held=yes&customer=garage").body);
    EXPECT_EQ(shown["invoices"][0]["held_because"], "promesse");
}

TEST_F(WebTest, AnotherAddressThanLoopbackRequiresCredentials) {
    WebOptions o = options();
    o.bind = "0.0.0.0";
    WebServer open_to_all(settings_, o);

    auto st = open_to_all.start();

    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(st.error().message.find("token"), std::string::npos);
}

TEST_F(WebTest, WithCredentialsEveryRequestIsAuthenticated) {
    WebOptions o = options();
    o.bind = "0.0.0.0";
    o.token = kToken;
    auto hash = web::hash_password("correct horse");
    ASSERT_TRUE(hash.has_value());
    o.users.push_back(WebUser{"alice", *hash});
    const std::string base = start(o);

    const HttpResponse anonymous = call("GET", base + "/api/overview");
    const HttpResponse bad_bearer = call("GET", base + "/metrics", {{"Authorization", "Bearer nope"}});
    const HttpResponse bearer = call("GET", base + "/metrics", {{"Authorization", std::string("Bearer ") + kToken}});
    const HttpResponse page = call("GET", base + "/invoices");
    const HttpResponse bad_login = call("POST", base + "/login", kForm, "user=alice&password=wrong");
    const HttpResponse login = call("POST", base + "/login", kForm, "user=alice&password=correct%20horse&next=/audit");
    const std::string cookie = login.header("Set-Cookie").substr(0, login.header("Set-Cookie").find(';'));
    const HttpResponse signed_in = call("GET", base + "/invoice?number=F-2026-0110", {{"Cookie", cookie}});
    std::smatch m;
    ASSERT_TRUE(std::regex_search(signed_in.body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
    const std::string csrf = m[1];
    const HttpResponse forged = call("POST", base + "/actions/resume", {{"Cookie", cookie}, kForm[0]},
                                     "csrf=0000&customer=C-004");
    const HttpResponse resumed = call("POST", base + "/actions/pause", {{"Cookie", cookie}, kForm[0]},
                                      "csrf=" + csrf + "&customer=C-004&reason=appel");
    const HttpResponse by_token = call("POST", base + "/api/unhold",
                                       {{"Authorization", std::string("Bearer ") + kToken}, kForm[0]},
                                       "invoice=F-2026-0110");

    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer realm=\"relance\"");
    EXPECT_EQ(bad_bearer.status, 401);
    EXPECT_EQ(bearer.status, 200);
    EXPECT_EQ(page.status, 303);
    EXPECT_EQ(page.header("Location"), "/login?next=/invoices");
    EXPECT_EQ(bad_login.status, 401);
    EXPECT_EQ(login.status, 303);
    EXPECT_EQ(login.header("Location"), "/audit");
    EXPECT_NE(login.header("Set-Cookie").find("HttpOnly; SameSite=Strict"), std::string::npos);
    EXPECT_EQ(signed_in.status, 200);
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(resumed.status, 303);
    EXPECT_EQ(by_token.status, 200) << by_token.body;  // a bearer token is never sent by a browser on its own
    auto log = store()->audit_log(0);
    ASSERT_TRUE(log.has_value());
    ASSERT_EQ(log->size(), 1u);  // nothing was on hold: unhold audits nothing
    EXPECT_EQ((*log)[0].actor, "web:alice");
    EXPECT_EQ((*log)[0].action, "pause");
}

TEST_F(WebTest, NoAnswerEverShowsASecret) {
    WebOptions o = options();
    o.token = kToken;
    auto hash = web::hash_password("pw-of-bob");
    ASSERT_TRUE(hash.has_value());
    o.users.push_back(WebUser{"bob", *hash});
    const std::string base = start(o);
    const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", std::string("Bearer ") + kToken}};

    std::string all;
    for (const char* path : {"/", "/invoices", "/invoice?number=F-2026-0101", "/audit", "/login", "/api/overview",
                             "/api/overdue", "/api/runs", "/api/trend", "/api/audit", "/api/session", "/metrics",
                             "/api/invoice?number=F-2026-0130", "/nope"}) {
        const HttpResponse r = call("GET", base + path, auth);
        all += r.body;
        for (const auto& [k, v] : r.headers) all += k + ": " + v + "\n";
    }

    EXPECT_EQ(all.find(kSmtpSecret), std::string::npos);
    EXPECT_EQ(all.find(kToken), std::string::npos);
    EXPECT_EQ(all.find("$argon2id$"), std::string::npos);
    EXPECT_EQ(all.find("pw-of-bob"), std::string::npos);
}

TEST_F(WebTest, ANameThatIsNotLoopbackIsRefusedWithoutCredentials) {
    const std::string base = start(options());

    const HttpResponse rebound = call("GET", base + "/api/overview", {{"Host", "evil.example:8080"}});
    const HttpResponse local = call("GET", base + "/api/overview", {{"Host", "localhost:8080"}});

    EXPECT_EQ(rebound.status, 421);
    EXPECT_EQ(local.status, 200);
}

TEST_F(WebTest, ReadOnlyViewRefusesActionsAndWritesNothing) {
    const std::string base = start(options(true));
    const std::string csrf = json::parse(call("GET", base + "/api/session").body)["csrf"];

    const HttpResponse pause = call("POST", base + "/api/pause", {{"X-CSRF-Token", csrf}, kForm[0]}, "customer=C-002");
    const HttpResponse preview = call("POST", base + "/api/preview", {{"X-CSRF-Token", csrf}});
    const HttpResponse page = call("GET", base + "/");

    EXPECT_EQ(pause.status, 403);
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(json::parse(preview.body)["date"], "2026-12-04");
    EXPECT_EQ(page.body.find("action=\"/actions/"), std::string::npos);
    auto log = store()->audit_log(0);
    ASSERT_TRUE(log.has_value());
    EXPECT_TRUE(log->empty());
}

TEST_F(WebTest, PreviewOfTomorrowIsAuditedAndSendsNothing) {
    const std::string base = start(options());
    const std::string csrf = json::parse(call("GET", base + "/api/session").body)["csrf"];
    auto before = store()->reminders(0);

    const HttpResponse preview = call("POST", base + "/api/preview", {{"X-CSRF-Token", csrf}});
    const HttpResponse page = call("POST", base + "/preview?lang=en", kForm, "csrf=" + csrf);

    ASSERT_EQ(preview.status, 200) << preview.body;
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Tomorrow&#39;s reminders"), std::string::npos);
    EXPECT_EQ(store()->reminders(0)->size(), before->size());
    auto log = store()->audit_log(0);
    ASSERT_TRUE(log.has_value());
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].action, "preview");
    EXPECT_EQ((*log)[0].actor, "web:local");
}

}  // namespace
}  // namespace relance::test
