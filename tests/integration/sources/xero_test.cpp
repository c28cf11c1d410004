// SPDX-License-Identifier: MIT
// The Xero source against tests/tools/http_stub.py on 127.0.0.1: the OAuth refresh-token grant
// (Basic client credentials, the refresh token read from its 0600 file and the rotated one
// written back before it is used), the xero-tenant-id header, page=1..pageCount with the
// where/Statuses filters, an expired access token renewed on a 401, a 429 with Retry-After, a
// listing that fails half-way (stale, nothing sent) and a paid invoice confirmed by a fetch.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "adapters/sources/api/oauth.h"
#include "adapters/sources/xero/xero_source.h"
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

constexpr const char* kTenant = "70784a63-d24b-46a9-a4db-0e70a274b056";
constexpr const char* kInvoices = "/api.xro/2.0/Invoices";

std::string token(const std::string& access, const std::string& refresh) {
    return json{{"access_token", access}, {"refresh_token", refresh}, {"expires_in", 1800}, {"token_type", "Bearer"}}.dump();
}

struct XeroFixture {
    test::Sandbox dir;
    std::filesystem::path token_file = dir / "xero.token";

    XeroFixture() {
        test::write_file(token_file, "refresh-0\n");
        ::chmod(token_file.c_str(), 0600);
    }

    xero::XeroSource source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                            std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) const {
        api::OAuthSettings oauth;
        oauth.token_url = stub.url("/connect/token");
        oauth.client_id = "xero-client";
        oauth.client_secret = "xero-secret";
        oauth.style = api::ClientAuthStyle::BasicForm;
        xero::XeroOptions o;
        o.api.name = "xero";
        o.api.base_url = stub.url();
        o.api.limits.request_timeout = request_timeout;
        o.tenant_id = kTenant;
        return xero::XeroSource(
            http, std::make_unique<api::OAuthRefresh>(http, oauth, api::TokenFile(token_file.string()), RetryPolicy{}, time.hooks().sleep),
            o, time.hooks());
    }
};

json routes(std::vector<json> second = {ok_body(fixture("xero/open_page2.json"))}, std::vector<json> extra = {},
            std::vector<json> tokens = {ok_body(token("access-1", "refresh-1"))}) {
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("POST", "/connect/token", {}, tokens));
    r.push_back(route("GET", kInvoices, {{"page", "2"}}, second));
    r.push_back(route("GET", kInvoices, {{"page", "1"}}, {ok_body(fixture("xero/open_page1.json"))}));
    return r;
}

TEST(XeroSourceTest, RefreshesTheTokenSavesTheRotatedOneAndReadsEveryPage) {
    XeroFixture f;
    test::HttpStub stub(f.dir.path(), routes().dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    const auto tokens = test::requests_to(stub, "/connect/token");
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0]["headers"]["authorization"], "Basic eGVyby1jbGllbnQ6eGVyby1zZWNyZXQ=");  // xero-client:xero-secret
    EXPECT_EQ(tokens[0]["body"], "grant_type=refresh_token&refresh_token=refresh-0");
    EXPECT_EQ(test::read_file(f.token_file), "refresh-1\n");  // rotated, saved
    struct stat st {};
    ASSERT_EQ(::stat(f.token_file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const auto pages = test::requests_to(stub, kInvoices);
    ASSERT_EQ(pages.size(), 2u);
    for (const auto& p : pages) {
        EXPECT_EQ(p["headers"]["authorization"], "Bearer access-1");
        EXPECT_EQ(p["headers"]["xero-tenant-id"], kTenant);
        EXPECT_EQ(test::query_of(p, "where"), "Type==\"ACCREC\"");
        EXPECT_EQ(test::query_of(p, "Statuses"), "AUTHORISED");
    }
    EXPECT_EQ(test::query_of(pages[1], "page"), "2");
}

TEST(XeroSourceTest, AnExpiredAccessTokenIsRefreshedWithTheRotatedRefreshToken) {
    XeroFixture f;
    test::HttpStub stub(f.dir.path(),
                        routes({answer(401, R"({"Title": "Unauthorized", "Detail": "TokenExpired"})"),
                                ok_body(fixture("xero/open_page2.json"))},
                               {}, {ok_body(token("access-1", "refresh-1")), ok_body(token("access-2", "refresh-2"))})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    const auto tokens = test::requests_to(stub, "/connect/token");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[1]["body"], "grant_type=refresh_token&refresh_token=refresh-1");
    EXPECT_EQ(test::read_file(f.token_file), "refresh-2\n");
    EXPECT_EQ(test::requests_to(stub, kInvoices).back()["headers"]["authorization"], "Bearer access-2");
}

TEST(XeroSourceTest, ARefusedRefreshTokenSaysWhatToDo) {
    XeroFixture f;
    test::HttpStub stub(f.dir.path(), routes({}, {}, {answer(400, R"({"error": "invalid_grant"})")}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Rejected);
    EXPECT_NE(listing.error().describe().find("invalid_grant"), std::string::npos) << listing.error().describe();
    EXPECT_NE(listing.error().describe().find("authorise relance again"), std::string::npos);
    EXPECT_EQ(listing.error().describe().find("refresh-0"), std::string::npos);
    EXPECT_EQ(test::read_file(f.token_file), "refresh-0\n");
}

TEST(XeroSourceTest, HonoursRetryAfter) {
    XeroFixture f;
    test::HttpStub stub(f.dir.path(),
                        routes({answer(429, "", {{"Retry-After", "7"}, {"X-Rate-Limit-Problem", "minute"}}),
                                ok_body(fixture("xero/open_page2.json"))})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{7000ms});
}

TEST(XeroSourceTest, AServerErrorIsRetriedThenThePageIsRead) {
    XeroFixture f;
    test::HttpStub stub(f.dir.path(), routes({answer(500, R"({"Type": "ApiException", "Message": "An error occurred"})"),
                                              ok_body(fixture("xero/open_page2.json"))})
                                          .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kInvoices).size(), 3u);  // page 1, page 2 twice
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});
}

TEST(XeroSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    XeroFixture f;
    test::HttpStub stub(f.dir.path(), routes({json{{"delay_ms", 1500}}, ok_body(fixture("xero/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kInvoices).size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(XeroDailyPassTest, StaleWhenAPageFailsThenPaidConfirmedByAFetch) {
    test::Company c;
    XeroFixture f;
    {
        test::HttpStub stub(f.dir.path(), routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = f.source(stub, http, time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.count("xero"), 1u) << first.to_json();
        EXPECT_EQ(test::total_sent(first), 2);
    }
    {
        test::HttpStub stub(f.dir.path(), test::reads_down(routes({answer(500)}, {}, {ok_body(token("access-2", "refresh-2"))}), std::string(kInvoices) + "/").dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = f.source(stub, http, time);
        const PassSummary stale = c.run_sources({&source}, ymd(2026, 4, 15));
        EXPECT_EQ(stale.source_errors.count("xero"), 1u);
        EXPECT_EQ(test::total_sent(stale), 0);
        // Each invoice due a reminder was read again first; the tool was down for those too.
        EXPECT_EQ(stale.refetched.at("xero").at("failed"), std::min<std::int64_t>(3, stale.skipped.at(Outcome::Stale)));
        EXPECT_EQ(stale.skipped.at(Outcome::Stale), 2);  // the third is not due yet
    }
    json page1 = json::parse(fixture("xero/open_page1.json"));
    page1["Invoices"].erase(page1["Invoices"].begin());  // INV-2026-001 left the listing
    // Xero says it was fully paid on 10 April: 2026-04-10 00:00 UTC is 20553 days * 86400 s
    // = 1775779200 s, in milliseconds in /Date(ms+0000)/.
    json paid = json::parse(fixture("xero/invoice_001_paid.json"));
    paid["Invoices"][0]["FullyPaidOnDate"] = "/Date(1775779200000+0000)/";
    test::HttpStub stub(f.dir.path(),
                        routes({ok_body(fixture("xero/open_page2.json"))},
                               {route("GET", std::string(kInvoices) + "/11111111-aaaa-4bbb-8ccc-000000000001", {},
                                      {ok_body(paid.dump())}),
                                route("GET", kInvoices, {{"page", "1"}}, {ok_body(page1.dump())})},
                               {ok_body(token("access-3", "refresh-3"))})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = f.source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 16));

    ASSERT_EQ(s.synced.count("xero"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("xero").resolved, 1);
    EXPECT_EQ(s.confirmed.at("xero").at("paid"), 1);
    const auto fetched = test::requests_to(stub, std::string(kInvoices) + "/11111111-aaaa-4bbb-8ccc-000000000001");
    ASSERT_EQ(fetched.size(), 1u);
    EXPECT_EQ(fetched[0]["headers"]["xero-tenant-id"], kTenant);
    auto timeline = c.open_store()->timeline("xero", "INV-2026-001");
    ASSERT_TRUE(timeline.has_value()) << timeline.error().describe();
    EXPECT_EQ(timeline->resolution, "paid");
    EXPECT_EQ(timeline->resolved_on, ymd(2026, 4, 10)) << "FullyPaidOnDate, not the run's date (16 April)";
}

}  // namespace
}  // namespace relance
