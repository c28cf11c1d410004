// SPDX-License-Identifier: MIT
// The QuickBooks Online source against tests/tools/http_stub.py on 127.0.0.1: the refresh-token
// grant (rotated refresh token saved), the realm in the path, the SQL-like query paged by
// STARTPOSITION/MAXRESULTS with include=invoiceLink and minorversion, Accept: application/json,
// a 429 then a 503 retried, a listing that fails half-way (stale), and what left the listing read
// again: paid, and deleted (fault 610, recorded void).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "adapters/sources/api/oauth.h"
#include "adapters/sources/quickbooks/quickbooks_mapper.h"
#include "adapters/sources/quickbooks/quickbooks_source.h"
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

constexpr const char* kQuery = "/v3/company/4620816365031298700/query";

struct QboFixture {
    test::Sandbox dir;
    std::filesystem::path token_file = dir / "qbo.token";

    QboFixture() {
        test::write_file(token_file, "AB11-refresh-0");
        ::chmod(token_file.c_str(), 0600);
    }

    quickbooks::QuickBooksSource source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                                        std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) const {
        api::OAuthSettings oauth;
        oauth.token_url = stub.url("/oauth2/v1/tokens/bearer");
        oauth.client_id = "qbo-client";
        oauth.client_secret = "qbo-secret";
        quickbooks::QuickBooksOptions o;
        o.api.name = "quickbooks";
        o.api.base_url = stub.url();
        o.api.limits.request_timeout = request_timeout;
        o.api.page_size = 2;
        o.realm_id = "4620816365031298700";
        return quickbooks::QuickBooksSource(
            http, std::make_unique<api::OAuthRefresh>(http, oauth, api::TokenFile(token_file.string()), RetryPolicy{}, time.hooks().sleep),
            o, time.hooks());
    }
};

json routes(std::vector<json> second = {ok_body(fixture("quickbooks/open_page2.json"))}, std::vector<json> extra = {}) {
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("POST", "/oauth2/v1/tokens/bearer", {},
                      {ok_body(R"({"access_token": "qbo-access", "refresh_token": "AB11-refresh-1", "expires_in": 3600,
                                   "x_refresh_token_expires_in": 8726400, "token_type": "bearer"})")}));
    r.push_back(route("GET", kQuery, {{"query", quickbooks::invoice_query(2, 2)}}, second));
    r.push_back(route("GET", kQuery, {{"query", quickbooks::invoice_query(1, 2)}}, {ok_body(fixture("quickbooks/open_page1.json"))}));
    return r;
}

TEST(QuickBooksSourceTest, QueriesPageByPageUntilAShortPage) {
    QboFixture f;
    test::HttpStub stub(f.dir.path(), routes().dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::read_file(f.token_file), "AB11-refresh-1\n");
    const auto pages = test::requests_to(stub, kQuery);
    ASSERT_EQ(pages.size(), 2u);
    for (const auto& p : pages) {
        EXPECT_EQ(p["headers"]["authorization"], "Bearer qbo-access");
        EXPECT_EQ(p["headers"]["accept"], "application/json");
        EXPECT_EQ(test::query_of(p, "include"), "invoiceLink");
        EXPECT_EQ(test::query_of(p, "minorversion"), "75");
    }
    EXPECT_EQ(test::query_of(pages[1], "query"), quickbooks::invoice_query(2, 2));
}

TEST(QuickBooksSourceTest, A429ThenA503AreRetried) {
    QboFixture f;
    test::HttpStub stub(f.dir.path(),
                        routes({answer(429, R"({"Fault": {"Error": [{"Message": "ThrottleExceeded", "code": "3001"}]}})"),
                                answer(503), ok_body(fixture("quickbooks/open_page2.json"))})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(time.waits, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST(QuickBooksSourceTest, AnExpiredAccessTokenIsRefreshedAndTheRotatedRefreshTokenSaved) {
    // Intuit answers 401 with an AUTHENTICATION fault (code 3200) when the access token expired.
    QboFixture f;
    test::HttpStub stub(
        f.dir.path(),
        routes({answer(401, R"({"fault": {"error": [{"message": "message=AuthenticationFailed; errorCode=003200; statusCode=401",
                                                      "code": "3200"}], "type": "AUTHENTICATION"}})"),
                ok_body(fixture("quickbooks/open_page2.json"))},
               {route("POST", "/oauth2/v1/tokens/bearer", {},
                      {ok_body(R"({"access_token": "qbo-access", "refresh_token": "AB11-refresh-1", "expires_in": 3600, "token_type": "bearer"})"),
                       ok_body(R"({"access_token": "qbo-access-2", "refresh_token": "AB11-refresh-2", "expires_in": 3600, "token_type": "bearer"})")})})
            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    const auto tokens = test::requests_to(stub, "/oauth2/v1/tokens/bearer");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_NE(tokens[1]["body"].get<std::string>().find("refresh_token=AB11-refresh-1"), std::string::npos)
        << tokens[1]["body"];
    EXPECT_EQ(test::read_file(f.token_file), "AB11-refresh-2\n");
    EXPECT_EQ(test::requests_to(stub, kQuery).back()["headers"]["authorization"], "Bearer qbo-access-2");
}

TEST(QuickBooksSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    QboFixture f;
    test::HttpStub stub(f.dir.path(), routes({json{{"delay_ms", 1500}}, ok_body(fixture("quickbooks/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kQuery).size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(QuickBooksDailyPassTest, StaleWhenAPageFailsThenPaidAndDeletedConfirmedByAFetch) {
    test::Company c;
    QboFixture f;
    {
        test::HttpStub stub(f.dir.path(), routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = f.source(stub, http, time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.count("quickbooks"), 1u) << first.to_json();
        EXPECT_EQ(test::total_sent(first), 2);
    }
    {
        test::HttpStub stub(f.dir.path(), test::reads_down(routes({test::dropped()}), "/v3/company/4620816365031298700/invoice/").dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = f.source(stub, http, time);
        const PassSummary stale = c.run_sources({&source}, ymd(2026, 4, 15));
        EXPECT_EQ(stale.source_errors.count("quickbooks"), 1u);
        EXPECT_EQ(test::total_sent(stale), 0);
        // Each invoice due a reminder was read again first; the tool was down for those too.
        EXPECT_EQ(stale.refetched.at("quickbooks").at("failed"), std::min<std::int64_t>(3, stale.skipped.at(Outcome::Stale)));
    }
    json page1 = json::parse(fixture("quickbooks/open_page1.json"));
    page1["QueryResponse"]["Invoice"].erase(page1["QueryResponse"]["Invoice"].begin());  // 1130 left
    test::HttpStub stub(
        f.dir.path(),
        routes({ok_body(R"({"QueryResponse": {}, "time": "2026-04-16T00:00:00.000-07:00"})")},  // 1132 left too
               {route("GET", "/v3/company/4620816365031298700/invoice/130", {}, {ok_body(fixture("quickbooks/invoice_130_paid.json"))}),
                route("GET", "/v3/company/4620816365031298700/invoice/132", {},
                      {answer(400, fixture("quickbooks/fault_object_not_found.json"))}),
                route("GET", kQuery, {{"query", quickbooks::invoice_query(1, 2)}}, {ok_body(page1.dump())})})
            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 16));

    ASSERT_EQ(s.synced.count("quickbooks"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("quickbooks").resolved, 2);
    EXPECT_EQ(s.confirmed.at("quickbooks").at("paid"), 1);
    EXPECT_EQ(s.confirmed.at("quickbooks").at("deleted"), 1);
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    ASSERT_EQ(book->invoices.size(), 1u);
    EXPECT_EQ(book->invoices[0].invoice.number, "1131");
}

}  // namespace
}  // namespace relance
