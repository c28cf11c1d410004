// SPDX-License-Identifier: MIT
// The FreshBooks and Zoho Books sources against tests/tools/http_stub.py on 127.0.0.1: their
// refresh-token grants (FreshBooks: a JSON body with the client credentials and the redirect URI,
// the rotated refresh token saved; Zoho: a form, "Zoho-oauthtoken" on the requests), the account
// or organisation in each request, page=1..n to the last, a 429 with Retry-After and a 5xx
// retried, a listing that fails half-way (stale) and a paid invoice confirmed by a fetch.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "adapters/sources/api/oauth.h"
#include "adapters/sources/freshbooks/freshbooks_source.h"
#include "adapters/sources/zoho/zoho_source.h"
#include "testing/api_stub.h"
#include "testing/company.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::answer;
using test::fixture;
using test::ok_body;
using test::route;
using test::ymd;

constexpr const char* kFbInvoices = "/accounting/account/xZNQ1X/invoices/invoices";
constexpr const char* kZohoInvoices = "/books/v3/invoices";

std::unique_ptr<api::Auth> refresh_auth(const test::HttpStub& stub, HttpTransport& http, const std::filesystem::path& file,
                                        const std::string& path, api::ClientAuthStyle style, const std::string& scheme,
                                        test::FakeTime& time) {
    test::write_file(file, "refresh-0\n");
    ::chmod(file.c_str(), 0600);
    api::OAuthSettings oauth;
    oauth.token_url = stub.url(path);
    oauth.client_id = "client-1";
    oauth.client_secret = "secret-1";
    oauth.style = style;
    oauth.header_scheme = scheme;
    if (style == api::ClientAuthStyle::Json) oauth.redirect_uri = "https://relance.example/callback";
    return std::make_unique<api::OAuthRefresh>(http, oauth, api::TokenFile(file.string()), RetryPolicy{}, time.hooks().sleep);
}

freshbooks::FreshBooksSource fb_source(const test::HttpStub& stub, HttpTransport& http, const std::filesystem::path& file,
                                       test::FakeTime& time, std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) {
    freshbooks::FreshBooksOptions o;
    o.api.name = "freshbooks";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    o.account_id = "xZNQ1X";
    return freshbooks::FreshBooksSource(
        http, refresh_auth(stub, http, file, "/auth/oauth/token", api::ClientAuthStyle::Json, "Bearer", time), o,
        time.hooks());
}

// The default answers are built in the body: GCC 12 gave both functions of this file the same
// braced default argument when it was written in their parameter lists.
json fb_routes(std::vector<json> second = {}, std::vector<json> extra = {}) {
    if (second.empty()) second.push_back(ok_body(fixture("freshbooks/open_page2.json")));
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("POST", "/auth/oauth/token", {},
                      {ok_body(R"({"access_token": "fb-access", "refresh_token": "refresh-1", "token_type": "Bearer", "expires_in": 43200})")}));
    r.push_back(route("GET", kFbInvoices, {{"page", "2"}}, second));
    r.push_back(route("GET", kFbInvoices, {{"page", "1"}}, {ok_body(fixture("freshbooks/open_page1.json"))}));
    return r;
}

TEST(FreshBooksSourceTest, JsonRefreshThenEveryPageOfTheAccount) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), fb_routes({answer(503), ok_body(fixture("freshbooks/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = fb_source(stub, http, dir / "fb.token", time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    const auto tokens = test::requests_to(stub, "/auth/oauth/token");
    ASSERT_EQ(tokens.size(), 1u);
    const json body = json::parse(tokens[0]["body"].get<std::string>());
    EXPECT_EQ(body["grant_type"], "refresh_token");
    EXPECT_EQ(body["refresh_token"], "refresh-0");
    EXPECT_EQ(body["client_id"], "client-1");
    EXPECT_EQ(body["redirect_uri"], "https://relance.example/callback");
    EXPECT_EQ(test::read_file(dir / "fb.token"), "refresh-1\n");
    const auto pages = test::requests_to(stub, kFbInvoices);
    ASSERT_EQ(pages.size(), 3u);  // page 2 failed once
    EXPECT_EQ(pages[0]["headers"]["authorization"], "Bearer fb-access");
    EXPECT_EQ(test::query_of(pages[0], "per_page"), "100");
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});
}

TEST(FreshBooksSourceTest, AnExpiredAccessTokenIsRefreshedAndTheRotatedRefreshTokenSaved) {
    test::Sandbox dir;
    test::HttpStub stub(
        dir.path(),
        fb_routes({answer(401, R"({"error": "unauthenticated", "error_description": "The server could not verify that you are authorized"})"),
                   ok_body(fixture("freshbooks/open_page2.json"))},
                  {route("POST", "/auth/oauth/token", {},
                         {ok_body(R"({"access_token": "fb-access", "refresh_token": "refresh-1", "token_type": "Bearer", "expires_in": 43200})"),
                          ok_body(R"({"access_token": "fb-access-2", "refresh_token": "refresh-2", "token_type": "Bearer", "expires_in": 43200})")})})
            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = fb_source(stub, http, dir / "fb.token", time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    const auto tokens = test::requests_to(stub, "/auth/oauth/token");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(json::parse(tokens[1]["body"].get<std::string>())["refresh_token"], "refresh-1");  // the rotated one
    EXPECT_EQ(test::read_file(dir / "fb.token"), "refresh-2\n");
    EXPECT_EQ(test::requests_to(stub, kFbInvoices).back()["headers"]["authorization"], "Bearer fb-access-2");
}

TEST(FreshBooksSourceTest, A429AndA500AreRetriedThenThePageIsRead) {
    // Page 2 answers 429 (Retry-After: 1), then 500, then the page: both retried, nothing lost.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), fb_routes({answer(429, "", {{"Retry-After", "1"}}), answer(500), ok_body(fixture("freshbooks/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = fb_source(stub, http, dir / "fb.token", time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kFbInvoices).size(), 4u);  // page 1, page 2 three times
    ASSERT_EQ(time.waits.size(), 2u);
    EXPECT_EQ(time.waits[0], 1000ms);  // as the 429 asked
}

TEST(FreshBooksSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), fb_routes({json{{"delay_ms", 1500}}, ok_body(fixture("freshbooks/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = fb_source(stub, http, dir / "fb.token", time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kFbInvoices).size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(FreshBooksDailyPassTest, StaleWhenAPageFailsThenPaidConfirmedByAFetch) {
    test::Company c;
    test::Sandbox dir;
    {
        test::HttpStub stub(dir.path(), fb_routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = fb_source(stub, http, dir / "fb.token", time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.count("freshbooks"), 1u) << first.to_json();
        EXPECT_EQ(test::total_sent(first), 2);
    }
    {
        test::HttpStub stub(dir.path(), test::reads_down(fb_routes({answer(500)}), std::string(kFbInvoices) + "/").dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = fb_source(stub, http, dir / "fb.token", time);
        const PassSummary stale = c.run_sources({&source}, ymd(2026, 4, 15));
        EXPECT_EQ(stale.source_errors.count("freshbooks"), 1u);
        EXPECT_EQ(test::total_sent(stale), 0);
        // Each invoice due a reminder was read again first; the tool was down for those too.
        EXPECT_EQ(stale.refetched.at("freshbooks").at("failed"), std::min<std::int64_t>(3, stale.skipped.at(Outcome::Stale)));
    }
    json page1 = json::parse(fixture("freshbooks/open_page1.json"));
    auto& items = page1["response"]["result"]["invoices"];
    items.erase(items.begin());  // FB-0101 left the listing
    test::HttpStub stub(dir.path(),
                        fb_routes({ok_body(fixture("freshbooks/open_page2.json"))},
                                  {route("GET", std::string(kFbInvoices) + "/318001", {}, {ok_body(fixture("freshbooks/invoice_0101_paid.json"))}),
                                   route("GET", kFbInvoices, {{"page", "1"}}, {ok_body(page1.dump())})})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = fb_source(stub, http, dir / "fb.token", time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 16));

    ASSERT_EQ(s.synced.count("freshbooks"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("freshbooks").resolved, 1);
    EXPECT_EQ(s.confirmed.at("freshbooks").at("paid"), 1);
}

zoho::ZohoSource zoho_source(const test::HttpStub& stub, HttpTransport& http, const std::filesystem::path& file,
                             test::FakeTime& time, std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) {
    zoho::ZohoOptions o;
    o.api.name = "zoho";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    o.api.page_size = 200;
    o.organization_id = "10234695";
    return zoho::ZohoSource(
        http, refresh_auth(stub, http, file, "/oauth/v2/token", api::ClientAuthStyle::Form, "Zoho-oauthtoken", time), o,
        time.hooks());
}

json zoho_routes(std::vector<json> second = {}, std::vector<json> extra = {}) {
    if (second.empty()) second.push_back(ok_body(fixture("zoho/open_page2.json")));
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("POST", "/oauth/v2/token", {},
                      {ok_body(R"({"access_token": "1000.zoho-access", "api_domain": "https://www.zohoapis.eu", "token_type": "Bearer", "expires_in": 3600})")}));
    r.push_back(route("GET", kZohoInvoices, {{"page", "2"}}, second));
    r.push_back(route("GET", kZohoInvoices, {{"page", "1"}}, {ok_body(fixture("zoho/open_page1.json"))}));
    return r;
}

TEST(ZohoSourceTest, FormRefreshZohoTokenHeaderAndTheOrganisationOnEveryPage) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), zoho_routes({answer(429, "", {{"Retry-After", "2"}}), ok_body(fixture("zoho/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = zoho_source(stub, http, dir / "zoho.token", time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    const auto tokens = test::requests_to(stub, "/oauth/v2/token");
    ASSERT_EQ(tokens.size(), 1u);
    const std::string form = tokens[0]["body"];
    EXPECT_EQ(form, "grant_type=refresh_token&refresh_token=refresh-0&client_id=client-1&client_secret=secret-1");
    EXPECT_EQ(test::read_file(dir / "zoho.token"), "refresh-0\n");  // Zoho does not rotate it
    for (const auto& p : test::requests_to(stub, kZohoInvoices)) {
        EXPECT_EQ(p["headers"]["authorization"], "Zoho-oauthtoken 1000.zoho-access");
        EXPECT_EQ(test::query_of(p, "organization_id"), "10234695");
        EXPECT_EQ(test::query_of(p, "status"), "unpaid");
        EXPECT_EQ(test::query_of(p, "per_page"), "200");
    }
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{2000ms});
}

TEST(ZohoSourceTest, AnExpiredAccessTokenIsRefreshedWithTheSameRefreshToken) {
    // Zoho's refresh token does not rotate: the same one is sent again after a 401 (code 57).
    test::Sandbox dir;
    test::HttpStub stub(
        dir.path(),
        zoho_routes({answer(401, R"({"code": 57, "message": "You are not authorized to perform this operation"})"),
                     ok_body(fixture("zoho/open_page2.json"))},
                    {route("POST", "/oauth/v2/token", {},
                           {ok_body(R"({"access_token": "1000.zoho-access", "token_type": "Bearer", "expires_in": 3600})"),
                            ok_body(R"({"access_token": "1000.zoho-access-2", "token_type": "Bearer", "expires_in": 3600})")})})
            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = zoho_source(stub, http, dir / "zoho.token", time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    const auto tokens = test::requests_to(stub, "/oauth/v2/token");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_NE(tokens[1]["body"].get<std::string>().find("refresh_token=refresh-0"), std::string::npos) << tokens[1]["body"];
    EXPECT_EQ(test::read_file(dir / "zoho.token"), "refresh-0\n");
    EXPECT_EQ(test::requests_to(stub, kZohoInvoices).back()["headers"]["authorization"], "Zoho-oauthtoken 1000.zoho-access-2");
}

TEST(ZohoSourceTest, A429AndA500AreRetriedThenThePageIsRead) {
    // Page 2 answers 429 (Retry-After: 1), then 500, then the page: both retried, nothing lost.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), zoho_routes({answer(429, "", {{"Retry-After", "1"}}), answer(500), ok_body(fixture("zoho/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = zoho_source(stub, http, dir / "zoho.token", time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kZohoInvoices).size(), 4u);  // page 1, page 2 three times
    ASSERT_EQ(time.waits.size(), 2u);
    EXPECT_EQ(time.waits[0], 1000ms);  // as the 429 asked
}

TEST(ZohoSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), zoho_routes({json{{"delay_ms", 1500}}, ok_body(fixture("zoho/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = zoho_source(stub, http, dir / "zoho.token", time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kZohoInvoices).size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(ZohoDailyPassTest, StaleWhenAPageFailsThenPaidConfirmedByAFetch) {
    test::Company c;
    test::Sandbox dir;
    {
        test::HttpStub stub(dir.path(), zoho_routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = zoho_source(stub, http, dir / "zoho.token", time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.count("zoho"), 1u) << first.to_json();
        EXPECT_EQ(test::total_sent(first), 2);
    }
    {
        test::HttpStub stub(dir.path(), test::reads_down(zoho_routes({answer(500, R"({"code": 1, "message": "internal"})")}), std::string(kZohoInvoices) + "/").dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = zoho_source(stub, http, dir / "zoho.token", time);
        const PassSummary stale = c.run_sources({&source}, ymd(2026, 4, 15));
        EXPECT_EQ(stale.source_errors.count("zoho"), 1u);
        EXPECT_EQ(test::total_sent(stale), 0);
        // Each invoice due a reminder was read again first; the tool was down for those too.
        EXPECT_EQ(stale.refetched.at("zoho").at("failed"), std::min<std::int64_t>(3, stale.skipped.at(Outcome::Stale)));
    }
    json page1 = json::parse(fixture("zoho/open_page1.json"));
    page1["invoices"].erase(page1["invoices"].begin());  // INV-000101 left the listing
    test::HttpStub stub(dir.path(),
                        zoho_routes({ok_body(fixture("zoho/open_page2.json"))},
                                    {route("GET", std::string(kZohoInvoices) + "/982000000567114", {},
                                           {ok_body(fixture("zoho/invoice_101_paid.json"))}),
                                     route("GET", kZohoInvoices, {{"page", "1"}}, {ok_body(page1.dump())})})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = zoho_source(stub, http, dir / "zoho.token", time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 16));

    ASSERT_EQ(s.synced.count("zoho"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("zoho").resolved, 1);
    EXPECT_EQ(s.confirmed.at("zoho").at("paid"), 1);
    const auto fetched = test::requests_to(stub, std::string(kZohoInvoices) + "/982000000567114");
    ASSERT_EQ(fetched.size(), 1u);
    EXPECT_EQ(test::query_of(fetched[0], "organization_id"), "10234695");
}

}  // namespace
}  // namespace relance
