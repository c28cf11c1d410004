// SPDX-License-Identifier: MIT
// CurlTransport and send_with_retry against a real HTTP server on 127.0.0.1
// (tests/tools/http_stub.py): methods, headers and bodies as sent, statuses as received,
// Retry-After honoured, 5xx retried, timeouts and refused connections as errors that never show
// a URL's path or query.
#include <gtest/gtest.h>

#include "adapters/http/curl_transport.h"
#include "testing/http_stub.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using test::HttpStub;

#define REQUIRE_STUB(stub)                                                                   \
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time"; \
    ASSERT_TRUE((stub).ok()) << "the HTTP stub did not start"

TEST(CurlTransportTest, SendsMethodHeadersAndBodyAndReadsTheAnswer) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"method": "POST", "path": "/hook", "responses": [
        {"status": 201, "headers": {"X-Request-Id": "abc"}, "body": {"ok": true}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    HttpRequest req;
    req.method = "POST";
    req.url = stub.url("/hook?token=s3cret");
    req.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer k-123"}};
    req.body = R"({"text":"Relance envoyée — 1 234,56 €"})";

    auto r = http.send(req);

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->status, 201);
    EXPECT_EQ(r->header("x-request-id"), "abc");
    EXPECT_EQ(nlohmann::json::parse(r->body), nlohmann::json({{"ok", true}}));
    const auto got = stub.requests();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["method"], "POST");
    EXPECT_EQ(got[0]["path"], "/hook");
    EXPECT_EQ(got[0]["query"]["token"][0], "s3cret");
    EXPECT_EQ(got[0]["headers"]["authorization"], "Bearer k-123");
    EXPECT_EQ(got[0]["headers"]["content-type"], "application/json");
    EXPECT_EQ(got[0]["body"], req.body);
}

TEST(CurlTransportTest, StatusesComeBackAsTheyAre) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"path": "/missing", "responses": [
        {"status": 400, "body": {"error": "invalid_request", "message": "bad field"}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    HttpRequest req;
    req.url = stub.url("/missing");

    auto r = http.send(req);

    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(nlohmann::json::parse(r->body)["message"], "bad field");
}

TEST(CurlTransportTest, TimeoutAndRefusedAreUnavailableAndNeverShowThePath) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"path": "/slow/T000/B000/secret-webhook-part", "responses": [{"delay_ms": 1500}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    HttpRequest slow;
    slow.url = stub.url("/slow/T000/B000/secret-webhook-part");
    slow.timeout = 300ms;

    auto timed_out = http.send(slow);
    stub.stop();
    auto refused = http.send(slow);

    ASSERT_FALSE(timed_out.has_value());
    EXPECT_EQ(timed_out.error().code, ErrorCode::Unavailable);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    for (const auto* e : {&timed_out.error(), &refused.error()}) {
        EXPECT_EQ(e->describe().find("secret-webhook-part"), std::string::npos) << e->describe();
        EXPECT_NE(e->describe().find("127.0.0.1"), std::string::npos) << e->describe();
    }
}

TEST(SendWithRetryTest, HonoursRetryAfterThenSucceeds) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"path": "/rate", "responses": [
        {"status": 429, "headers": {"Retry-After": "2"}, "body": {"error": "rate_limited"}},
        {"status": 503},
        {"status": 200, "body": {"ok": true}}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    HttpRequest req;
    req.url = stub.url("/rate");
    std::vector<std::chrono::milliseconds> waits;
    RetryPolicy policy;
    policy.first_backoff = 100ms;

    auto r = send_with_retry(http, req, policy, [&](std::chrono::milliseconds d) { waits.push_back(d); });

    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{2000ms, 200ms}));  // Retry-After, then backoff x2
    EXPECT_EQ(stub.requests().size(), 3u);
}

TEST(SendWithRetryTest, GivesUpAfterTheAttemptsOrTheBudget) {
    test::Sandbox dir;
    HttpStub stub(dir.path(), R"([{"path": "/down", "responses": [{"status": 500}]}])");
    REQUIRE_STUB(stub);
    CurlTransport http;
    HttpRequest req;
    req.url = stub.url("/down");
    std::vector<std::chrono::milliseconds> waits;
    RetryPolicy policy;
    policy.attempts = 3;
    policy.first_backoff = 10ms;

    auto r = send_with_retry(http, req, policy, [&](std::chrono::milliseconds d) { waits.push_back(d); });

    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 500);  // the last answer, for the caller to report
    EXPECT_EQ(waits.size(), 2u);
    EXPECT_EQ(stub.requests().size(), 3u);

    RetryPolicy tight;
    tight.first_backoff = 1000ms;
    tight.budget = 1500ms;
    waits.clear();
    auto budgeted = send_with_retry(http, req, tight, [&](std::chrono::milliseconds d) { waits.push_back(d); });
    EXPECT_EQ(waits, std::vector<std::chrono::milliseconds>{1000ms});  // a second wait would pass 1.5 s
}

TEST(RedactedUrlTest, KeepsSchemeAndHostOnly) {
    EXPECT_EQ(redacted_url("https://hooks.slack.com/services/T0/B0/xyz?a=1"), "https://hooks.slack.com");
    EXPECT_EQ(redacted_url("https://user:pw@api.example.com/v1"), "https://api.example.com");
    EXPECT_EQ(redacted_url("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    EXPECT_EQ(redacted_url("not a url"), "(url)");
}

}  // namespace
}  // namespace relance
