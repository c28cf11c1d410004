// SPDX-License-Identifier: MIT
// The Stripe source against tests/tools/http_stub.py on 127.0.0.1, answering with the payloads of
// tests/fixtures/stripe/: each request checked as Stripe would (method, path, secret key as a
// Bearer token, status/limit/collection_method filters, starting_after cursor), pagination to the
// end, 429 with Retry-After, a 5xx retried, a listing that fails half-way (the source is stale:
// nothing resolved, nothing sent), an invoice paid between two runs found by the confirming
// fetch, a page that times out, the time budget, and a refused key that never shows in an error.
#include <gtest/gtest.h>

#include "adapters/sources/stripe/stripe_source.h"
#include "testing/api_stub.h"
#include "testing/company.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using test::answer;
using test::fixture;
using test::ok_body;
using test::route;
using test::ymd;
using nlohmann::json;

constexpr const char* kKey = "sk_test_51RelanceSecretKey";
constexpr const char* kLastOfPage1 = "in_1Test000000000000000002";

stripe::StripeSource make_source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                                 std::chrono::seconds budget = 300s) {
    stripe::StripeOptions o;
    o.api.name = "stripe";
    o.api.base_url = stub.url();
    o.api.limits.budget = budget;
    o.secret_key = kKey;
    return stripe::StripeSource(http, o, time.hooks());
}

json two_pages(std::vector<json> second = {ok_body(fixture("stripe/open_page2.json"))}) {
    return json::array({route("GET", "/v1/invoices", {{"starting_after", kLastOfPage1}}, second),
                        route("GET", "/v1/invoices", {}, {ok_body(fixture("stripe/open_page1.json"))})});
}

TEST(StripeSourceTest, ReadsEveryPageWithTheKeyAndTheFilters) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), two_pages().dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_TRUE(listing->complete);
    ASSERT_EQ(listing->invoices.size(), 4u);
    EXPECT_EQ(listing->invoices[3].number, "F-2026-0104");
    EXPECT_EQ(listing->invoices[3].source, "stripe");
    EXPECT_EQ(listing->remote_ids.at("F-2026-0101"), "in_1Test000000000000000001");
    const auto got = stub.requests();
    ASSERT_EQ(got.size(), 2u);
    for (const auto& r : got) {
        EXPECT_EQ(r["method"], "GET");
        EXPECT_EQ(r["path"], "/v1/invoices");
        EXPECT_EQ(r["headers"]["authorization"], std::string("Bearer ") + kKey);
        EXPECT_EQ(test::query_of(r, "status"), "open");
        EXPECT_EQ(test::query_of(r, "limit"), "100");
        EXPECT_EQ(test::query_of(r, "collection_method"), "send_invoice");
    }
    EXPECT_EQ(test::query_of(got[0], "starting_after"), "");
    EXPECT_EQ(test::query_of(got[1], "starting_after"), kLastOfPage1);
}

TEST(StripeSourceTest, HonoursRetryAfterOnA429AndRetriesA500) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(),
                        two_pages({answer(429, R"({"error": {"type": "rate_limit_error"}})", {{"Retry-After", "3"}}),
                                   answer(500, R"({"error": {"type": "api_error"}})"),
                                   ok_body(fixture("stripe/open_page2.json"))})
                            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 4u);
    ASSERT_EQ(time.waits.size(), 2u);
    EXPECT_EQ(time.waits[0], 3000ms);  // Retry-After: 3
    EXPECT_EQ(time.waits[1], 1000ms);  // then the doubled backoff
    EXPECT_EQ(stub.requests().size(), 4u);
}

TEST(StripeSourceTest, APageThatNeverComesFailsTheWholeListing) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), two_pages({answer(503)}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Unavailable);
    EXPECT_NE(listing.error().describe().find("page 2"), std::string::npos) << listing.error().describe();
    EXPECT_NE(listing.error().describe().find("HTTP 503"), std::string::npos) << listing.error().describe();
}

TEST(StripeSourceTest, TheTimeBudgetStopsTheListing) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), two_pages({answer(429, "", {{"Retry-After", "30"}})}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time, 20s);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Unavailable);
    EXPECT_TRUE(time.waits.empty());  // a 30 s wait does not fit in 20 s: no wait at all
}

TEST(StripeSourceTest, APageThatTimesOutIsRetriedThenGivenUp) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), two_pages({json{{"delay_ms", 1500}}}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    stripe::StripeOptions o;
    o.api.name = "stripe";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = 200ms;
    o.api.limits.retry.attempts = 2;
    o.secret_key = kKey;
    stripe::StripeSource source(http, o, time.hooks());

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Unavailable);
    EXPECT_NE(listing.error().describe().find("page 2"), std::string::npos) << listing.error().describe();
    EXPECT_EQ(test::requests_to(stub, "/v1/invoices").size(), 3u);  // page 1, then page 2 twice
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});
}

TEST(StripeSourceTest, ARefusedKeyIsRejectedAndNeverShown) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), json::array({route("GET", "/v1/invoices", {}, {answer(401,
        R"({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_****"}})")})}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Rejected);
    EXPECT_NE(listing.error().describe().find("HTTP 401"), std::string::npos);
    EXPECT_EQ(listing.error().describe().find(kKey), std::string::npos) << listing.error().describe();
    EXPECT_EQ(listing.error().describe().find("limit="), std::string::npos) << "no query in errors";
}

// The daily pass on the real SQLite store: a listing that fails half-way leaves every invoice
// open and sends nothing on them.
TEST(StripeDailyPassTest, AListingThatFailsHalfWayMarksTheSourceStale) {
    test::Company c;
    {
        test::Sandbox dir;
        test::HttpStub stub(dir.path(), two_pages().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = make_source(stub, http, time);
        const PassSummary first = c.run_sources({&source}, ymd(2026, 4, 8));
        ASSERT_EQ(first.synced.at("stripe").inserted, 4);
        EXPECT_EQ(test::total_sent(first), 4);  // all overdue by 8 days or more: level 1
    }
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), test::reads_down(two_pages({test::dropped()}), "/v1/invoices/").dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 15));

    EXPECT_EQ(s.source_errors.count("stripe"), 1u);
    EXPECT_EQ(test::total_sent(s), 0);
    // Each invoice due a reminder was read again first; the tool was down for those too.
    EXPECT_EQ(s.refetched.at("stripe").at("failed"), std::min<std::int64_t>(3, s.skipped.at(Outcome::Stale)));
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 4);
    EXPECT_EQ(s.exit_code(), 2);
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    EXPECT_EQ(book->invoices.size(), 4u);  // none marked paid
}

// An invoice that left the unpaid listing is read again: paid, so resolved on the day Stripe says
// it was paid (status_transitions.paid_at, taken in the company's zone, Europe/Paris); one deleted
// in Stripe (404) has no date of its own and is resolved on the run's date. One that cannot be
// read again stays open and gets nothing today.
TEST(StripeDailyPassTest, AnInvoicePaidBetweenTwoRunsIsConfirmedByAFetch) {
    test::Company c;
    {
        test::Sandbox dir;
        test::HttpStub stub(dir.path(), two_pages().dump());
        REQUIRE_API_STUB(stub);
        CurlTransport http;
        test::FakeTime time;
        auto source = make_source(stub, http, time);
        c.run_sources({&source}, ymd(2026, 4, 8));
    }
    // Page 1 now holds F-2026-0102 only: F-2026-0101 was paid, and the page-2 invoice F-2026-0103
    // has gone too, but Stripe does not answer for it.
    json page1 = json::parse(fixture("stripe/open_page1.json"));
    page1["data"].erase(page1["data"].begin());
    page1["has_more"] = false;
    // Paid at 2026-04-09 22:30 UTC: 1775692800 (2026-04-09 00:00 UTC, 20552 days * 86400 s)
    // + 81000 s. In Paris (CEST, UTC+2 since 29 March) that is 10 April, 00:30.
    json paid = json::parse(fixture("stripe/invoice_0101_paid.json"));
    paid["status_transitions"]["paid_at"] = 1775773800;
    test::Sandbox dir;
    test::HttpStub stub(
        dir.path(),
        json::array({route("GET", "/v1/invoices/in_1Test000000000000000001", {}, {ok_body(paid.dump())}),
                     route("GET", "/v1/invoices/in_1Test000000000000000003", {}, {answer(500)}),
                     route("GET", "/v1/invoices/in_1Test000000000000000004", {},
                           {answer(404, R"({"error": {"message": "No such invoice"}})")}),
                     route("GET", "/v1/invoices", {}, {ok_body(page1.dump())})})
            .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = make_source(stub, http, time);

    const PassSummary s = c.run_sources({&source}, ymd(2026, 4, 15));

    ASSERT_EQ(s.synced.count("stripe"), 1u) << s.to_json();
    EXPECT_EQ(s.synced.at("stripe").resolved, 2);  // paid, and deleted (void)
    EXPECT_EQ(s.confirmed.at("stripe").at("paid"), 1);
    EXPECT_EQ(s.confirmed.at("stripe").at("deleted"), 1);
    ASSERT_EQ(s.rejected.size(), 1u);
    EXPECT_EQ(s.rejected[0].invoice_number, "F-2026-0103");
    const auto fetched = test::requests_to(stub, "/v1/invoices/in_1Test000000000000000001");
    ASSERT_EQ(fetched.size(), 1u);
    EXPECT_EQ(fetched[0]["headers"]["authorization"], std::string("Bearer ") + kKey);
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    std::vector<std::string> open;
    for (const auto& si : book->invoices) open.push_back(si.invoice.number);
    EXPECT_EQ(open, (std::vector<std::string>{"F-2026-0102", "F-2026-0103"}));
    EXPECT_EQ(s.skipped.at(Outcome::Stale), 1);  // F-2026-0103: not confirmed today
    auto store = c.open_store();
    auto paid_one = store->timeline("stripe", "F-2026-0101");
    ASSERT_TRUE(paid_one.has_value()) << paid_one.error().describe();
    EXPECT_EQ(paid_one->resolution, "paid");
    EXPECT_EQ(paid_one->resolved_on, ymd(2026, 4, 10)) << "paid_at in Paris, not the UTC day (9) nor the run's (15)";
    auto deleted = store->timeline("stripe", "F-2026-0104");
    ASSERT_TRUE(deleted.has_value()) << deleted.error().describe();
    EXPECT_EQ(deleted->resolution, "void");
    EXPECT_EQ(deleted->resolved_on, ymd(2026, 4, 15)) << "no date from Stripe: the run's";
}

}  // namespace
}  // namespace relance
