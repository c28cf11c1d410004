// SPDX-License-Identifier: MIT
// The Pennylane source against tests/tools/http_stub.py on 127.0.0.1 with the payloads of
// tests/fixtures/pennylane/: requests checked as Pennylane's v2 API reads them (GET, path, Bearer
// token, limit, the same filter re-sent on every page, the cursor), the customers fetched by id,
// 429 with retry-after and a 500 retried, the ratelimit headers pausing the reading, a listing
// that fails half-way (stale: nothing resolved, nothing sent), and an invoice paid between two
// runs confirmed by a fetch.
#include <gtest/gtest.h>

#include "adapters/sources/pennylane/pennylane_mapper.h"
#include "adapters/sources/pennylane/pennylane_source.h"
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

constexpr const char* kToken = "pl-company-token-0123456789";
constexpr const char* kInvoices = "/api/external/v2/customer_invoices";
constexpr const char* kCursor = "Y3Vyc29yOjEwMDI=";

pennylane::PennylaneSource make_source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                                        std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) {
    pennylane::PennylaneOptions o;
    o.api.name = "pennylane";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    o.token = kToken;
    return pennylane::PennylaneSource(http, o, time.hooks());
}

json routes(std::vector<json> second = {ok_body(fixture("pennylane/open_page2.json"))},
            std::vector<json> extra = {}) {
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("GET", kInvoices, {{"cursor", kCursor}}, second));
    r.push_back(route("GET", kInvoices, {}, {ok_body(fixture("pennylane/open_page1.json"))}));
    r.push_back(route("GET", "/api/external/v2/customers", {}, {ok_body(fixture("pennylane/customers.json"))}));
    return r;
}

TEST(PennylaneSourceTest, ReadsEveryPageResendingTheFilterThenTheCustomers) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), routes().dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    ASSERT_EQ(listing->invoices.size(), 4u);
    EXPECT_EQ(listing->invoices[3].status, InvoiceStatus::Paid);  // the v2 list cannot filter on it
    ASSERT_EQ(listing->customers.size(), 3u);
    EXPECT_EQ(listing->customers[0].name, "Boulangerie Martin");
    EXPECT_EQ(listing->customers[0].emails, std::vector<std::string>{"compta@martin.example"});
    const auto pages = test::requests_to(stub, kInvoices);
    ASSERT_EQ(pages.size(), 2u);
    for (const auto& r : pages) {
        EXPECT_EQ(r["method"], "GET");
        EXPECT_EQ(r["headers"]["authorization"], std::string("Bearer ") + kToken);
        EXPECT_EQ(test::query_of(r, "limit"), "100");
        EXPECT_EQ(test::query_of(r, "filter"), pennylane::invoice_filter(""));  // on every page
    }
    EXPECT_EQ(test::query_of(pages[0], "cursor"), "");
    EXPECT_EQ(test::query_of(pages[1], "cursor"), kCursor);
    const auto customers = test::requests_to(stub, "/api/external/v2/customers");
    ASSERT_EQ(customers.size(), 1u);
    EXPECT_EQ(test::query_of(customers[0], "filter"), pennylane::customer_filter({"501", "502", "503"}));
}

TEST(PennylaneSourceTest, HonoursRetryAfterRetriesA500AndPausesOnItsRateLimitHeaders) {
    test::Sandbox dir;
    test::HttpStub stub(
        dir.path(),
        routes({answer(429, "Too Many Requests", {{"retry-after", "4"}}), answer(500),
                answer(200, fixture("pennylane/open_page2.json"), {{"ratelimit-remaining", "0"}, {"ratelimit-reset", "2"}})})
            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 4u);
    // retry-after 4 s, the doubled backoff, then the window announced by the headers.
    EXPECT_EQ(time.waits, (std::vector<std::chrono::milliseconds>{4000ms, 1000ms, 2000ms}));
}

TEST(PennylaneSourceTest, ARefusedTokenIsRejected) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), json::array({route("GET", kInvoices, {}, {answer(401, fixture("pennylane/error_401.json"))})}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Rejected);
    EXPECT_NE(listing.error().describe().find("The access token is invalid"), std::string::npos);
    EXPECT_EQ(listing.error().describe().find(kToken), std::string::npos);
}

TEST(PennylaneSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), routes({json{{"delay_ms", 1500}}, ok_body(fixture("pennylane/open_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 4u);
    EXPECT_EQ(test::requests_to(stub, kInvoices).size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(PennylaneDailyPassTest, AListingThatFailsHalfWayMarksTheSourceStale) {
    test::Company c;
    {
        test::Sandbox dir;
        test::HttpStub stub(dir.path(), routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = make_source(stub, http, time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.count("pennylane"), 1u) << first.to_json();
        EXPECT_EQ(first.synced.at("pennylane").inserted, 4);
        EXPECT_EQ(test::total_sent(first), 2);  // F-2026-0201 and 0202 are 8 days late
    }
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), test::reads_down(routes({answer(502)}), std::string(kInvoices) + "/").dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 15));

    EXPECT_EQ(s.source_errors.count("pennylane"), 1u);
    EXPECT_EQ(test::total_sent(s), 0);
    // Each invoice due a reminder was read again first; the tool was down for those too.
    EXPECT_EQ(s.refetched.at("pennylane").at("failed"), std::min<std::int64_t>(3, s.skipped.at(Outcome::Stale)));
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    EXPECT_EQ(book->invoices.size(), 3u);  // the paid one was recorded so from the start
}

TEST(PennylaneDailyPassTest, AnInvoicePaidBetweenTwoRunsIsConfirmedByAFetch) {
    test::Company c;
    {
        test::Sandbox dir;
        test::HttpStub stub(dir.path(), routes().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = make_source(stub, http, time);
        c.run_sources({&source}, ymd(2026, 4, 8));
    }
    json page1 = json::parse(fixture("pennylane/open_page1.json"));
    page1["items"].erase(page1["items"].begin());  // F-2026-0201 (id 1001) left the listing
    test::Sandbox dir;
    test::HttpStub stub(dir.path(),
                        routes({ok_body(fixture("pennylane/open_page2.json"))},
                               {route("GET", std::string(kInvoices) + "/1001", {}, {ok_body(fixture("pennylane/invoice_0201_paid.json"))}),
                                route("GET", "/api/external/v2/customers/501", {}, {ok_body(fixture("pennylane/customer_501.json"))}),
                                route("GET", kInvoices, {{"cursor", kCursor}}, {ok_body(fixture("pennylane/open_page2.json"))}),
                                route("GET", kInvoices, {}, {ok_body(page1.dump())})})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 15));

    ASSERT_EQ(s.synced.count("pennylane"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("pennylane").resolved, 1);
    EXPECT_EQ(s.confirmed.at("pennylane").at("paid"), 1);
    const auto fetched = test::requests_to(stub, std::string(kInvoices) + "/1001");
    ASSERT_EQ(fetched.size(), 1u);
    EXPECT_EQ(fetched[0]["headers"]["authorization"], std::string("Bearer ") + kToken);
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    std::vector<std::string> open;
    for (const auto& si : book->invoices) open.push_back(si.invoice.number);
    EXPECT_EQ(open, (std::vector<std::string>{"F-2026-0202", "F-2026-0203"}));
}

}  // namespace
}  // namespace relance
