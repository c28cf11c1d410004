// SPDX-License-Identifier: MIT
// The alert channels against a real HTTP server on 127.0.0.1 (tests/tools/http_stub.py), each
// request checked as the service checks it (method, path, headers with the auth and the
// Notion-Version, the Block Kit rules of a Slack message, a Notion page's properties, an Airtable
// record's fields) and answered as the service documents it: 200, 429 with Retry-After, 400/422
// with its error body, 5xx, a dropped connection, no server at all. Secrets never show in errors.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "adapters/delivery/alerts/alert_channels.h"
#include "adapters/delivery/outbox/file_outbox.h"
#include "adapters/http/curl_transport.h"
#include "testing/eml_parse.h"
#include "testing/http_stub.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::HttpStub;

#define REQUIRE_STUB(stub)                                                                            \
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time"; \
    ASSERT_TRUE((stub).ok()) << "the HTTP stub did not start"

constexpr const char* kSlackPath = "/services/T0001/B0001/s3cr3tW3bh00kT0k3n";

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::size_t utf8_chars(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

// --- What each service checks -------------------------------------------------------------------

void expect_text_object(const json& t, std::size_t max, bool plain_only = false) {
    ASSERT_TRUE(t.is_object()) << t;
    ASSERT_TRUE(t["type"] == "plain_text" || (!plain_only && t["type"] == "mrkdwn")) << t;
    ASSERT_TRUE(t["text"].is_string()) << t;
    EXPECT_FALSE(t["text"].get<std::string>().empty()) << t;
    EXPECT_LE(utf8_chars(t["text"].get<std::string>()), max) << t;
}

// Slack's Block Kit rules for a message (reference: blocks, elements, composition objects).
void expect_block_kit_message(const json& m) {
    ASSERT_TRUE(m.is_object());
    ASSERT_TRUE(m["text"].is_string()) << "a top-level text is the notification's fallback";
    ASSERT_TRUE(m["blocks"].is_array());
    EXPECT_GE(m["blocks"].size(), 1u);
    EXPECT_LE(m["blocks"].size(), 50u);
    std::set<std::string> action_ids;
    for (const json& b : m["blocks"]) {
        const std::string type = b["type"];
        if (type == "header") {
            expect_text_object(b["text"], 150, true);
        } else if (type == "section") {
            ASSERT_TRUE(b.contains("text") || b.contains("fields")) << b;
            if (b.contains("text")) expect_text_object(b["text"], 3000);
            if (b.contains("fields")) {
                EXPECT_LE(b["fields"].size(), 10u);
                for (const json& f : b["fields"]) expect_text_object(f, 2000);
            }
        } else if (type == "actions") {
            ASSERT_TRUE(b["elements"].is_array());
            EXPECT_GE(b["elements"].size(), 1u);
            EXPECT_LE(b["elements"].size(), 25u);
            for (const json& e : b["elements"]) {
                EXPECT_EQ(e["type"], "button");
                expect_text_object(e["text"], 75, true);
                const std::string url = e["url"];
                EXPECT_TRUE(url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) << url;
                EXPECT_LE(url.size(), 3000u);
                if (e.contains("action_id")) {
                    EXPECT_TRUE(action_ids.insert(e["action_id"]).second) << "unique action_id";
                }
                if (e.contains("style")) {
                    EXPECT_TRUE(e["style"] == "primary" || e["style"] == "danger");
                }
            }
        } else if (type == "context") {
            EXPECT_GE(b["elements"].size(), 1u);
            EXPECT_LE(b["elements"].size(), 10u);
            for (const json& e : b["elements"]) expect_text_object(e, 3000);
        } else {
            ADD_FAILURE() << "unexpected block type " << type;
        }
    }
}

// --- Notices ------------------------------------------------------------------------------------

AlertNotice amount_alert(std::int64_t id = 12) {
    AlertNotice n;
    n.id = id;
    AlertCandidate& a = n.alert;
    a.kind = "amount";
    a.subject = "invoice:csv/F-2026-0130";
    a.title = "Overdue amount above 5000.00 EUR";
    a.reason = "F-2026-0130 (Müller & Söhne <GmbH>): 12480.00 EUR due, 39 days late, level 2";
    a.level = 2;
    a.amount = Money{1248000, Currency::eur()};
    a.total = Money{1248000, Currency::eur()};
    a.source = "csv";
    a.invoice_number = "F-2026-0130";
    a.customer_id = "C-006";
    a.customer_name = "Müller & Söhne <GmbH>";
    a.due_date = ymd(2026, 10, 25);
    a.days_late = 39;
    a.payment_link = "https://pay.example/i/F-2026-0130";
    n.raised_on = ymd(2026, 12, 3);
    return n;
}

Notice one(const AlertNotice& a) {
    Notice n;
    n.key = "alert-" + std::to_string(a.id);
    n.alerts = {a};
    n.date = ymd(2026, 12, 3);
    n.now = std::chrono::sys_days{n.date} + 8h;
    return n;
}

Notice task_notice() {
    TaskRecord t;
    t.id = 3;
    t.task.kind = TaskKind::CallCustomer;
    t.task.subject = "invoice:csv/F-2026-0103#L3";
    t.task.title = "Call Garage Petit & Fils about F-2026-0103";
    t.task.detail = "F-2026-0103: 1600.00 EUR due, 47 days late, level 3 (formal reminder)";
    t.task.source = "csv";
    t.task.invoice_number = "F-2026-0103";
    t.task.customer_id = "C-002";
    t.task.customer_name = "Garage Petit & Fils";
    t.task.amount_due = Money{160000, Currency::eur()};
    t.task.due_date = ymd(2026, 10, 3);
    t.task.level = 3;
    t.created_on = ymd(2026, 11, 19);
    Notice n;
    n.key = "task-3";
    n.task = t;
    n.date = ymd(2026, 11, 19);
    return n;
}

NoticeFormat format() {
    NoticeFormat f;
    f.dashboard_url = "https://relance.example/";
    f.company_name = "L'Atelier";
    return f;
}

HttpNoticeOptions quick(std::vector<std::chrono::milliseconds>* waits) {
    HttpNoticeOptions o;
    o.retry.attempts = 3;
    o.retry.first_backoff = 10ms;
    o.timeout = 3000ms;
    o.sleep = [waits](std::chrono::milliseconds d) { waits->push_back(d); };
    return o;
}

std::unique_ptr<NoticeChannel> slack(HttpTransport& http, const HttpStub& stub, std::vector<std::chrono::milliseconds>* waits) {
    SlackSettings s;
    s.webhook_url = stub.url(kSlackPath);
    s.http = quick(waits);
    return make_slack_channel(http, std::move(s), format());
}

using MakeChannel = std::function<std::unique_ptr<NoticeChannel>(HttpTransport&, const HttpStub&,
                                                                  std::vector<std::chrono::milliseconds>*)>;

// A channel posting to `path` on the stub, answering `responses` (the stub's JSON list) in order.
struct ChannelRig {
    test::Sandbox dir;
    HttpStub stub;
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    std::unique_ptr<NoticeChannel> channel;

    ChannelRig(const std::string& path, const std::string& responses, const MakeChannel& make)
        : stub(dir.path(), R"([{"method": "POST", "path": ")" + path + R"(", "responses": )" + responses + "}]"),
          channel(make(http, stub, &waits)) {}
};

// Slack's webhook on the stub.
struct SlackRig : ChannelRig {
    explicit SlackRig(const std::string& responses) : ChannelRig(kSlackPath, responses, slack) {}
};

void expect_no_secret(const Error& e) {
    EXPECT_EQ(e.describe().find("s3cr3t"), std::string::npos) << e.describe();
    EXPECT_EQ(e.describe().find("/services/"), std::string::npos) << e.describe();
    EXPECT_EQ(e.describe().find("secret_tok"), std::string::npos) << e.describe();
}

// --- Slack --------------------------------------------------------------------------------------

TEST(SlackChannelTest, AnAlertIsABlockKitMessageWithTheInvoiceTheAmountAndTheLinks) {
    SlackRig rig(R"([{"status": 200, "body": "ok"}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->detail, "slack: ok");
    const auto got = rig.stub.requests();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["method"], "POST");
    EXPECT_EQ(got[0]["path"], kSlackPath);
    EXPECT_EQ(got[0]["headers"]["content-type"], "application/json");
    const json m = json::parse(got[0]["body"].get<std::string>());
    expect_block_kit_message(m);
    const std::string all = m.dump();
    EXPECT_NE(all.find("Müller &amp; Söhne &lt;GmbH&gt;"), std::string::npos) << "mrkdwn escaped";
    EXPECT_EQ(all.find("<GmbH>"), std::string::npos);
    EXPECT_EQ(m["blocks"][0]["type"], "header");
    EXPECT_NE(m["blocks"][0]["text"]["text"].get<std::string>().find("Overdue amount above 5000.00 EUR"), std::string::npos);
    std::set<std::string> fields;
    for (const json& f : m["blocks"][2]["fields"]) fields.insert(f["text"].get<std::string>());
    EXPECT_EQ(fields, (std::set<std::string>{"*Customer*\nMüller &amp; Söhne &lt;GmbH&gt;", "*Invoice*\nF-2026-0130",
                                             "*Amount due*\n12480.00 EUR", "*Days late*\n39", "*Level*\n2",
                                             "*Due date*\n2026-10-25"}));
    const json& buttons = m["blocks"][3]["elements"];
    ASSERT_EQ(buttons.size(), 2u);
    EXPECT_EQ(buttons[0]["url"], "https://pay.example/i/F-2026-0130");
    EXPECT_EQ(buttons[1]["url"], "https://relance.example/invoice?source=csv&number=F-2026-0130");
}

TEST(SlackChannelTest, ADigestListsEveryAlertWithinFiftyBlocks) {
    Notice n = one(amount_alert(1));
    for (int i = 2; i <= 60; ++i) n.alerts.push_back(amount_alert(i));

    const json m = json::parse(slack_payload(n, format()));

    expect_block_kit_message(m);
    EXPECT_EQ(m["blocks"].size(), 50u);
    EXPECT_NE(m["blocks"][0]["text"]["text"].get<std::string>().find("60 alerts"), std::string::npos);
    EXPECT_NE(m["blocks"][48]["text"]["text"].get<std::string>().find("and 13 more"), std::string::npos);
}

TEST(SlackChannelTest, RateLimitedThenDeliveredAfterRetryAfter) {
    SlackRig rig(R"([
        {"status": 429, "headers": {"Retry-After": "1"}, "body": "rate_limited"},
        {"status": 200, "body": "ok"}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(rig.waits, std::vector<std::chrono::milliseconds>{1000ms});
    const auto got = rig.stub.requests();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0]["body"], got[1]["body"]);
}

TEST(SlackChannelTest, RefusedForGoodIsRejectedWithSlacksReasonAndNeverTheWebhookUrl) {
    SlackRig rig(R"([{"status": 400, "body": "invalid_blocks"}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Rejected);
    EXPECT_NE(r.error().describe().find("HTTP 400: invalid_blocks"), std::string::npos) << r.error().describe();
    expect_no_secret(r.error());
    EXPECT_EQ(rig.stub.requests().size(), 1u);  // a 4xx is not retried
}

TEST(SlackChannelTest, ServerErrorsAreRetriedThenLeftForTheNextRun) {
    SlackRig rig(R"([{"status": 503, "body": "service_unavailable"}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(rig.stub.requests().size(), 3u);
    EXPECT_EQ(rig.waits, (std::vector<std::chrono::milliseconds>{10ms, 20ms}));
    expect_no_secret(r.error());
}

TEST(SlackChannelTest, AnAnswerLostAfterSendingIsUncertainAndNeverRepeated) {
    SlackRig rig(R"([{"drop": true}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Uncertain);
    EXPECT_EQ(rig.stub.requests().size(), 1u);
    EXPECT_TRUE(rig.waits.empty());
    expect_no_secret(r.error());
}

TEST(SlackChannelTest, NoServerIsUnavailableAndRetried) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), "[]");
    REQUIRE_STUB(stub);
    const std::string url = stub.url(kSlackPath);
    stub.stop();
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    SlackSettings s;
    s.webhook_url = url;
    s.http = quick(&waits);
    auto channel = make_slack_channel(http, std::move(s), format());

    auto r = channel->deliver(one(amount_alert()));

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable);  // nothing was sent: safe to try again
    EXPECT_EQ(waits.size(), 2u);
    expect_no_secret(r.error());
}

// --- Notion -------------------------------------------------------------------------------------

NotionSettings notion_settings(const HttpStub& stub, std::vector<std::chrono::milliseconds>* waits) {
    NotionSettings s;
    s.token = "secret_tok3n";
    s.database_id = "8e2c2b7a-1f6c-4bb2-9d3e-6c1a2f0e9b11";
    s.api_url = stub.url("");
    s.assignee_id = "c2f20311-9e54-4d11-8c79-7398424ae41e";
    s.http = quick(waits);
    return s;
}

TEST(NotionChannelTest, ATaskBecomesAPageWithTheDatabasesProperties) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/v1/pages", "responses": [{"status": 200,
        "body": {"object": "page", "id": "59833787-2cf9-4fdf-8782-e53db20768a5", "url": "https://www.notion.so/x"}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = make_notion_channel(http, notion_settings(stub, &waits), format());

    auto r = channel->deliver(task_notice());

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->detail, "notion page 59833787-2cf9-4fdf-8782-e53db20768a5");
    const auto got = stub.requests();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["method"], "POST");
    EXPECT_EQ(got[0]["headers"]["authorization"], "Bearer secret_tok3n");
    EXPECT_EQ(got[0]["headers"]["notion-version"], "2022-06-28");
    EXPECT_EQ(got[0]["headers"]["content-type"], "application/json");
    const std::string body = got[0]["body"];
    EXPECT_NE(body.find("\"number\":1600.00"), std::string::npos) << "an exact decimal, never a float: " << body;
    const json page = json::parse(body);
    EXPECT_EQ(page["parent"], json({{"database_id", "8e2c2b7a-1f6c-4bb2-9d3e-6c1a2f0e9b11"}}));
    const json& p = page["properties"];
    ASSERT_TRUE(p["Name"]["title"].is_array());
    EXPECT_EQ(p["Name"]["title"][0]["type"], "text");
    EXPECT_EQ(p["Name"]["title"][0]["text"]["content"], "Call Garage Petit & Fils about F-2026-0103");
    EXPECT_EQ(p["Status"], json({{"status", {{"name", "Not started"}}}}));
    EXPECT_TRUE(p["Amount"]["number"].is_number());
    EXPECT_EQ(p["Due date"], json({{"date", {{"start", "2026-10-03"}}}}));
    EXPECT_EQ(p["Assignee"]["people"][0]["id"], "c2f20311-9e54-4d11-8c79-7398424ae41e");
    EXPECT_EQ(p["Assignee"]["people"][0]["object"], "user");
    ASSERT_TRUE(page["children"].is_array());
    EXPECT_EQ(page["children"][0]["type"], "paragraph");
    EXPECT_NE(page["children"][0]["paragraph"]["rich_text"][0]["text"]["content"].get<std::string>().find("relance tasks done 3"),
              std::string::npos);
}

TEST(NotionChannelTest, AValidationErrorIsRejectedWithNotionsMessage) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/v1/pages", "responses": [{"status": 400,
        "body": {"object": "error", "status": 400, "code": "validation_error",
                 "message": "Status is expected to be select."}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = make_notion_channel(http, notion_settings(stub, &waits), format());

    auto r = channel->deliver(task_notice());

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Rejected);
    EXPECT_NE(r.error().describe().find("validation_error: Status is expected to be select."), std::string::npos)
        << r.error().describe();
    expect_no_secret(r.error());
}

TEST(NotionChannelTest, TheRateLimitIsHonouredWithItsRetryAfter) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/v1/pages", "responses": [
        {"status": 429, "headers": {"Retry-After": "2"},
         "body": {"object": "error", "status": 429, "code": "rate_limited", "message": "You have been rate limited."}},
        {"status": 200, "body": {"object": "page", "id": "p-2"}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = make_notion_channel(http, notion_settings(stub, &waits), format());

    auto r = channel->deliver(one(amount_alert()));

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(waits, std::vector<std::chrono::milliseconds>{2000ms});
    const json page = json::parse(stub.requests()[1]["body"].get<std::string>());
    EXPECT_EQ(page["properties"]["Name"]["title"][0]["text"]["content"],
              "Overdue amount above 5000.00 EUR: F-2026-0130 (Müller & Söhne <GmbH>)");
    EXPECT_NE(stub.requests()[1]["body"].get<std::string>().find("\"number\":12480.00"), std::string::npos);
}

// --- Airtable -----------------------------------------------------------------------------------

AirtableSettings airtable_settings(const HttpStub& stub, std::vector<std::chrono::milliseconds>* waits) {
    AirtableSettings s;
    s.token = "patSECRET.secret_tok";
    s.base_id = "appAbCdEf123456";
    s.table = "Relances à faire";
    s.api_url = stub.url("");
    s.assignee = "anne@atelier.example";
    s.http = quick(waits);
    return s;
}

TEST(AirtableChannelTest, ATaskBecomesARecordWithTheTablesFields) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/v0/appAbCdEf123456/Relances%20%C3%A0%20faire",
        "responses": [{"status": 200, "body": {"records": [{"id": "recXYZ123", "createdTime": "2026-11-19T08:00:00.000Z",
                                                            "fields": {}}]}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = make_airtable_channel(http, airtable_settings(stub, &waits), format());

    auto r = channel->deliver(task_notice());

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->detail, "airtable record recXYZ123");
    const auto got = stub.requests();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["headers"]["authorization"], "Bearer patSECRET.secret_tok");
    EXPECT_EQ(got[0]["headers"]["content-type"], "application/json");
    const std::string body = got[0]["body"];
    EXPECT_NE(body.find("\"Amount\":1600.00"), std::string::npos) << body;
    const json req = json::parse(body);
    EXPECT_EQ(req["typecast"], true);
    ASSERT_EQ(req["records"].size(), 1u);
    const json& f = req["records"][0]["fields"];
    EXPECT_EQ(f["Name"], "Call Garage Petit & Fils about F-2026-0103");
    EXPECT_EQ(f["Status"], "Todo");
    EXPECT_EQ(f["Due date"], "2026-10-03");
    EXPECT_EQ(f["Assignee"], "anne@atelier.example");
    EXPECT_EQ(f["Customer"], "Garage Petit & Fils");
    EXPECT_EQ(f["Invoice"], "F-2026-0103");
    EXPECT_NE(f["Details"].get<std::string>().find("https://relance.example/invoice?source=csv&number=F-2026-0103"),
              std::string::npos);
    for (const auto& [name, value] : f.items()) EXPECT_FALSE(value.is_null()) << name;
}

TEST(AirtableChannelTest, AnUnknownFieldIsRejectedWithAirtablesError) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/v0/appAbCdEf123456/Relances%20%C3%A0%20faire",
        "responses": [{"status": 422, "body": {"error": {"type": "UNKNOWN_FIELD_NAME",
                                                         "message": "Unknown field name: \"Amount\""}}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = make_airtable_channel(http, airtable_settings(stub, &waits), format());

    auto r = channel->deliver(task_notice());

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Rejected);
    EXPECT_NE(r.error().describe().find("HTTP 422: UNKNOWN_FIELD_NAME: Unknown field name: \"Amount\""), std::string::npos)
        << r.error().describe();
    EXPECT_EQ(r.error().describe().find("patSECRET"), std::string::npos);
}

TEST(AirtableChannelTest, ARateLimitIsWaitedOutThenTheRecordIsCreatedOnce) {
    // Airtable answers 429 {"errors": [{"error": "RATE_LIMIT_REACHED", ...}]} past 5 requests a
    // second per base, without Retry-After: the backoff waits, then it goes through.
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/v0/appAbCdEf123456/Relances%20%C3%A0%20faire",
        "responses": [{"status": 429, "body": {"errors": [{"error": "RATE_LIMIT_REACHED",
                                                           "message": "Rate limit exceeded. Please try again later"}]}},
                      {"status": 200, "body": {"records": [{"id": "recR2", "createdTime": "2026-11-19T08:00:01.000Z",
                                                            "fields": {}}]}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = make_airtable_channel(http, airtable_settings(stub, &waits), format());

    auto r = channel->deliver(task_notice());

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->detail, "airtable record recR2");
    EXPECT_EQ(waits, std::vector<std::chrono::milliseconds>{10ms});  // quick(): first backoff
    const auto got = stub.requests();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0]["body"], got[1]["body"]) << "the same record, asked again";
}

// --- Webhook and e-mail -------------------------------------------------------------------------

// The generic webhook on the stub at /hooks/relance (a secret in the URL's query, a Bearer token).
std::unique_ptr<NoticeChannel> webhook(HttpTransport& http, const HttpStub& stub,
                                       std::vector<std::chrono::milliseconds>* waits) {
    WebhookSettings s;
    s.url = stub.url("/hooks/relance?key=s3cr3t");
    s.token = "secret_tok";
    s.http = quick(waits);
    return make_webhook_channel(http, std::move(s), format());
}

struct WebhookRig : ChannelRig {
    explicit WebhookRig(const std::string& responses) : ChannelRig("/hooks/relance", responses, webhook) {}
};

TEST(WebhookChannelTest, PostsOneDocumentWithAnIdempotencyKeyAndExactAmounts) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/hooks/relance", "responses": [{"status": 202}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    std::vector<std::chrono::milliseconds> waits;
    auto channel = webhook(http, stub, &waits);

    auto r = channel->deliver(one(amount_alert()));

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    const auto got = stub.requests();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["headers"]["idempotency-key"], "relance-alert-12");
    EXPECT_EQ(got[0]["headers"]["authorization"], "Bearer secret_tok");
    const json doc = json::parse(got[0]["body"].get<std::string>());
    EXPECT_EQ(doc["type"], "alert");
    EXPECT_EQ(doc["alerts"][0]["kind"], "amount");
    EXPECT_EQ(doc["alerts"][0]["invoice"]["amount_due"], "12480.00");
    EXPECT_EQ(doc["alerts"][0]["invoice"]["currency"], "EUR");
    EXPECT_EQ(doc["alerts"][0]["invoice"]["due_date"], "2026-10-25");
}

TEST(WebhookChannelTest, RateLimitedThenDeliveredAfterRetryAfter) {
    WebhookRig rig(R"([
        {"status": 429, "headers": {"Retry-After": "2"}, "body": {"error": "too many requests"}},
        {"status": 202}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->detail, "webhook: HTTP 202");
    EXPECT_EQ(rig.waits, std::vector<std::chrono::milliseconds>{2000ms}) << "Retry-After: 2, not the 10 ms backoff";
    const auto got = rig.stub.requests();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0]["body"], got[1]["body"]) << "the same document, asked again";
    EXPECT_EQ(got[1]["headers"]["idempotency-key"], "relance-alert-12") << "the same key: the receiver can drop a double";
}

TEST(WebhookChannelTest, RefusedWithAnErrorBodyIsRejectedWithItsReasonAndNeverTheSecrets) {
    WebhookRig rig(R"([{"status": 400, "body": {"message": "field 'alerts' is not allowed"}}])");
    REQUIRE_STUB(rig.stub);

    auto r = rig.channel->deliver(one(amount_alert()));

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Rejected) << "Rejected: kept for a person, not sent again by itself";
    EXPECT_NE(r.error().describe().find("HTTP 400: field 'alerts' is not allowed"), std::string::npos)
        << r.error().describe();
    EXPECT_NE(r.error().describe().find("webhook"), std::string::npos) << r.error().describe();
    expect_no_secret(r.error());
    EXPECT_EQ(rig.stub.requests().size(), 1u);  // a 4xx is not retried
    EXPECT_TRUE(rig.waits.empty());
}

TEST(EmailNoticeChannelTest, TheFinanceManagerGetsTheAlertThroughTheFileOutbox) {
    if (!test::have_python()) GTEST_SKIP() << "python3 not found at configure time";
    test::Sandbox dir;
    FileOutbox outbox(dir / "internal");
    EmailNoticeSettings s;
    s.to = {Address{"", "finance@atelier.example"}};
    s.from = Address{"relance — L'Atelier", "relances@atelier.example"};
    auto channel = make_email_notice_channel(outbox, std::move(s), format());
    Notice digest = one(amount_alert(12));
    digest.key = "digest-2026-12-03-12-13";
    digest.alerts.push_back(amount_alert(13));

    auto single = channel->deliver(one(amount_alert()));
    auto both = channel->deliver(digest);

    ASSERT_TRUE(single.has_value()) << single.error().describe();
    ASSERT_TRUE(both.has_value()) << both.error().describe();
    EXPECT_TRUE(channel->idempotent());
    EXPECT_EQ(test::files_in(dir / "internal"),
              (std::vector<std::string>{"relance-alert-12.eml", "relance-digest-2026-12-03-12-13.eml"}));
    const auto m = test::python_parse(dir / "internal" / "relance-alert-12.eml");
    EXPECT_EQ(test::one(m, "to_addr"), "finance@atelier.example");
    EXPECT_EQ(test::one(m, "subject"), "[relance] Overdue amount above 5000.00 EUR: F-2026-0130 (Müller & Söhne <GmbH>)");
    EXPECT_NE(test::one(m, "text").find("Payment link: https://pay.example/i/F-2026-0130"), std::string::npos);
    EXPECT_NE(test::one(m, "html").find("Müller &amp; Söhne &lt;GmbH&gt;"), std::string::npos);
    EXPECT_EQ(test::one(m, "defects"), "");
    const auto d = test::python_parse(dir / "internal" / "relance-digest-2026-12-03-12-13.eml");
    EXPECT_EQ(test::one(d, "subject"), "[relance] 2 alerts — 2026-12-03");
}

}  // namespace
}  // namespace relance
