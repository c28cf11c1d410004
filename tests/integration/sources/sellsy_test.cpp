// SPDX-License-Identifier: MIT
// The Sellsy source against tests/tools/http_stub.py on 127.0.0.1: the OAuth client-credentials
// token (form body with the client id and secret), then POST /v2/invoices/search with the same
// filters on every page and the seek offset, the billed companies and their dunning contact; an
// expired token renewed once on a 401; the quota headers pausing the reading, a 429 and a 5xx
// retried; a listing that fails half-way (stale, nothing sent) and a paid invoice confirmed by a
// fetch.
#include <gtest/gtest.h>

#include "adapters/sources/api/oauth.h"
#include "adapters/sources/sellsy/sellsy_mapper.h"
#include "adapters/sources/sellsy/sellsy_source.h"
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

constexpr const char* kSecret = "sellsy-client-secret-XYZ";
constexpr const char* kOffset = "WyI1MDAyIl0=";

std::string token(const std::string& t) {
    return json{{"token_type", "Bearer"}, {"expires_in", 3600}, {"access_token", t}}.dump();
}

sellsy::SellsySource make_source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                                 std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) {
    api::OAuthSettings oauth;
    oauth.token_url = stub.url("/oauth2/access-tokens");
    oauth.client_id = "sellsy-client-id";
    oauth.client_secret = kSecret;
    oauth.style = api::ClientAuthStyle::Form;
    sellsy::SellsyOptions o;
    o.api.name = "sellsy";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    return sellsy::SellsySource(http, std::make_unique<api::OAuthClientCredentials>(http, oauth, RetryPolicy{}, time.hooks().sleep),
                                o, time.hooks());
}

json routes(std::vector<json> second = {ok_body(fixture("sellsy/open_page2.json"))}, std::vector<json> extra = {},
            std::vector<json> tokens = {ok_body(token("tok-1"))}) {
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("POST", "/oauth2/access-tokens", {}, tokens));
    r.push_back(route("POST", "/v2/invoices/search", {{"offset", kOffset}}, second));
    r.push_back(route("POST", "/v2/invoices/search", {}, {ok_body(fixture("sellsy/open_page1.json"))}));
    r.push_back(route("GET", "/v2/companies/9001", {}, {ok_body(fixture("sellsy/company_9001.json"))}));
    r.push_back(route("GET", "/v2/companies/9002", {}, {ok_body(fixture("sellsy/company_9002.json"))}));
    r.push_back(route("GET", "/v2/contacts/7001", {}, {ok_body(fixture("sellsy/contact_7001.json"))}));
    return r;
}

TEST(SellsySourceTest, GetsATokenThenSearchesEveryPageAndReadsTheCompanies) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), routes().dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    ASSERT_EQ(listing->invoices.size(), 3u);
    ASSERT_EQ(listing->customers.size(), 2u);
    EXPECT_EQ(listing->customers[0].emails,
              (std::vector<std::string>{"compta@dupont.example", "accueil@dupont.example"}));  // dunning contact first
    const auto tokens = test::requests_to(stub, "/oauth2/access-tokens");
    ASSERT_EQ(tokens.size(), 1u);
    const std::string form = tokens[0]["body"];
    EXPECT_NE(form.find("grant_type=client_credentials"), std::string::npos) << form;
    EXPECT_NE(form.find("client_id=sellsy-client-id"), std::string::npos) << form;
    EXPECT_NE(form.find(std::string("client_secret=") + kSecret), std::string::npos) << form;
    const auto pages = test::requests_to(stub, "/v2/invoices/search");
    ASSERT_EQ(pages.size(), 2u);
    for (const auto& p : pages) {
        EXPECT_EQ(p["method"], "POST");
        EXPECT_EQ(p["headers"]["authorization"], "Bearer tok-1");
        EXPECT_EQ(p["body"], sellsy::search_body());  // the filters, on every page
        EXPECT_EQ(test::query_of(p, "limit"), "100");
    }
    EXPECT_EQ(test::query_of(pages[1], "offset"), kOffset);
}

TEST(SellsySourceTest, AnExpiredTokenIsRenewedOnce) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(),
                        routes({answer(401, R"({"error": {"code": 401, "message": "Expired token"}})"),
                                ok_body(fixture("sellsy/open_page2.json"))},
                               {}, {ok_body(token("tok-1")), ok_body(token("tok-2"))})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(test::requests_to(stub, "/oauth2/access-tokens").size(), 2u);
    const auto pages = test::requests_to(stub, "/v2/invoices/search");
    ASSERT_EQ(pages.size(), 3u);
    EXPECT_EQ(pages[2]["headers"]["authorization"], "Bearer tok-2");
}

TEST(SellsySourceTest, QuotaHeadersPauseAndA429AndA503AreRetried) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(),
                        routes({answer(429, "", {{"X-Quota-Remaining-By-Second", "0"}}), answer(503),
                                answer(200, fixture("sellsy/open_page2.json"), {{"X-Quota-Remaining-By-Minute", "0"}})})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(time.waits, (std::vector<std::chrono::milliseconds>{500ms, 1000ms, 60000ms}));
}

TEST(SellsySourceTest, RefusedClientCredentialsNeverShowTheSecret) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), routes({}, {}, {answer(401, R"({"error": "invalid_client"})")}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Rejected);
    EXPECT_NE(listing.error().describe().find("invalid_client"), std::string::npos) << listing.error().describe();
    EXPECT_EQ(listing.error().describe().find(kSecret), std::string::npos);
}

TEST(SellsySourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), routes({json{{"delay_ms", 1500}}, ok_body(fixture("sellsy/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, "/v2/invoices/search").size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(SellsyDailyPassTest, StaleWhenTheListingFailsThenPaidConfirmedByAFetch) {
    test::Company c;
    {
        test::Sandbox dir;
        test::HttpStub stub(dir.path(), routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = make_source(stub, http, time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.count("sellsy"), 1u) << first.to_json();
        EXPECT_EQ(test::total_sent(first), 2);
    }
    {
        test::Sandbox dir;
        test::HttpStub stub(dir.path(), test::reads_down(routes({test::dropped()}), "/v2/invoices/").dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = make_source(stub, http, time);
        const PassSummary stale = c.run_sources({&source}, ymd(2026, 4, 15));
        EXPECT_EQ(stale.source_errors.count("sellsy"), 1u);
        EXPECT_EQ(test::total_sent(stale), 0);
        // Each invoice due a reminder was read again first; the tool was down for those too.
        EXPECT_EQ(stale.refetched.at("sellsy").at("failed"), std::min<std::int64_t>(3, stale.skipped.at(Outcome::Stale)));
        EXPECT_EQ(stale.skipped.at(Outcome::Stale), 2);  // the third is not due yet
    }
    json page1 = json::parse(fixture("sellsy/open_page1.json"));
    page1["data"].erase(page1["data"].begin());  // FAC-2026-031 (5001) left the listing
    test::Sandbox dir;
    test::HttpStub stub(dir.path(),
                        routes({ok_body(fixture("sellsy/open_page2.json"))},
                               {route("GET", "/v2/invoices/5001", {}, {ok_body(fixture("sellsy/invoice_5001_paid.json"))}),
                                route("POST", "/v2/invoices/search", {{"offset", kOffset}}, {ok_body(fixture("sellsy/open_page2.json"))}),
                                route("POST", "/v2/invoices/search", {}, {ok_body(page1.dump())})})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 16));

    ASSERT_EQ(s.synced.count("sellsy"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("sellsy").resolved, 1);
    EXPECT_EQ(s.confirmed.at("sellsy").at("paid"), 1);
    EXPECT_EQ(test::requests_to(stub, "/v2/invoices/5001").size(), 1u);
}

}  // namespace
}  // namespace relance
