// SPDX-License-Identifier: MIT
// Google Sheets, Airtable and Axonaut against tests/tools/http_stub.py on 127.0.0.1: the sheet
// read through the Sheets API (range in the path, the key as a query parameter, never in an
// error) or as a published CSV, a sheet that disappears from the listing resolved as from an
// export; Airtable's offset pages with the Bearer token and the view, 429 with Retry-After, a
// record read again when it leaves the view; Axonaut's userApiKey header, pages until an empty
// one, the companies' e-mails; for each, a listing that fails half-way (stale, nothing sent) and,
// for Airtable and Axonaut, a paid invoice confirmed by a fetch and a refused key (the source and
// what to check named, the listing not used, the key never shown).
#include <gtest/gtest.h>

#include "adapters/sources/airtable/airtable_source.h"
#include "adapters/sources/axonaut/axonaut_source.h"
#include "adapters/sources/sheets/sheets_source.h"
#include "testing/api_pass.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::answer;
using test::fixture;
using test::ok_body;
using test::route;
using test::ymd;

constexpr const char* kSheetKey = "AIzaSyRelanceTestKey000";

sheets::SheetsSource sheet_source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time, bool published,
                                  std::chrono::milliseconds request_timeout = std::chrono::milliseconds{30000}) {
    sheets::SheetsOptions o;
    o.api.name = "sheet";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    if (published) {
        o.csv_url = stub.url("/spreadsheets/d/e/2PACX-test/pub?output=csv");
    } else {
        o.sheet_id = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
        o.range = "Factures!A1:I";
        o.api_key = kSheetKey;
    }
    return sheets::SheetsSource(http, o, time.hooks());
}

TEST(SheetsSourceTest, ReadsTheRangeWithTheKeyAndRetriesA5xx) {
    test::Sandbox dir;
    const std::string path = "/v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/Factures%21A1%3AI";
    test::HttpStub stub(dir.path(), json::array({route("GET", path, {}, {answer(502), ok_body(fixture("sheets/values.json"))})}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = sheet_source(stub, http, time, false);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(listing->invoices[0].source, "sheet");
    const auto got = test::requests_to(stub, path);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(test::query_of(got[1], "key"), kSheetKey);
    EXPECT_EQ(test::query_of(got[1], "majorDimension"), "ROWS");
    EXPECT_FALSE(got[1]["headers"].contains("authorization"));
}

TEST(SheetsSourceTest, AQuotaAnswer429IsWaitedOutThenTheRangeIsRead) {
    // Google answers 429 RESOURCE_EXHAUSTED past the per-minute read quota (no Retry-After).
    test::Sandbox dir;
    const std::string path = "/v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/Factures%21A1%3AI";
    test::HttpStub stub(dir.path(), json::array({route("GET", path, {}, {answer(429, R"({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}})"),
                                                                          ok_body(fixture("sheets/values.json"))})})
                                        .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = sheet_source(stub, http, time, false);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, path).size(), 2u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(SheetsSourceTest, ARangeThatTimesOutIsAskedAgainThenRead) {
    // The values answer after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    const std::string path = "/v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/Factures%21A1%3AI";
    test::HttpStub stub(dir.path(), json::array({route("GET", path, {}, {json{{"delay_ms", 1500}}, ok_body(fixture("sheets/values.json"))})}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = sheet_source(stub, http, time, false, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, path).size(), 2u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});
}

TEST(SheetsSourceTest, ARefusedKeyNeverShowsInTheError) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), json::array({route("GET", "/v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/Factures%21A1%3AI", {},
                                                       {answer(400, R"({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key."}})")})}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = sheet_source(stub, http, time, false);

    auto listing = source.list_unpaid();

    ASSERT_FALSE(listing.has_value());
    EXPECT_EQ(listing.error().code, ErrorCode::Rejected);
    EXPECT_NE(listing.error().describe().find("API key not valid"), std::string::npos);
    EXPECT_EQ(listing.error().describe().find(kSheetKey), std::string::npos) << listing.error().describe();
}

TEST(SheetsDailyPassTest, APublishedSheetIsReadAsAnExport) {
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time";
    test::Company c;
    test::Sandbox dir;
    const std::string csv = fixture("sheets/published.csv");
    const auto published = [](const json& answer_) {
        return json::array({route("GET", "/spreadsheets/d/e/2PACX-test/pub", {}, {answer_})});
    };
    const auto make = [](const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time) {
        return sheet_source(stub, http, time, true);
    };
    const auto first = test::pass_with_stub(c, dir, published(ok_body(csv)), ymd(2026, 4, 8), make);
    ASSERT_TRUE(first.summary.has_value()) << "the HTTP stub did not start";
    ASSERT_EQ(first.summary->synced.count("sheet"), 1u) << first.summary->to_json();
    EXPECT_EQ(test::total_sent(*first.summary), 2);
    const auto stale = test::pass_with_stub(c, dir, published(test::dropped()), ymd(2026, 4, 15), make);
    ASSERT_TRUE(stale.summary.has_value());
    EXPECT_EQ(stale.summary->source_errors.count("sheet"), 1u);
    EXPECT_EQ(test::total_sent(*stale.summary), 0);
    EXPECT_EQ(stale.summary->skipped.at(Outcome::Stale), 2);
    const std::string without_first = csv.substr(0, csv.find("\r\n") + 2) + csv.substr(csv.find("G-2026-002"));

    const auto s = test::pass_with_stub(c, dir, published(ok_body(without_first)), ymd(2026, 4, 16), make);

    ASSERT_TRUE(s.summary.has_value());
    EXPECT_EQ(s.summary->synced.at("sheet").resolved, 1);  // a sheet cannot read one row again: as an export
    EXPECT_TRUE(s.summary->confirmed.empty());
}

airtable::AirtableSource airtable_source_timing_out_after(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                                         std::chrono::milliseconds request_timeout) {
    airtable::AirtableOptions o;
    o.api.name = "airtable";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    o.token = "patRelanceTest.0123456789";
    o.base_id = "appRelance000001";
    o.table = "Factures";
    o.view = "À relancer";
    o.fields = {{"invoice_number", "Numéro"}, {"customer_id", "Client"},  {"customer_name", "Nom"},
                {"customer_email", "E-mail"}, {"issue_date", "Émise le"}, {"due_date", "Échéance"},
                {"total", "Montant TTC"},     {"paid", "Réglé"},          {"status", "Statut"}};
    return airtable::AirtableSource(http, o, time.hooks());
}
airtable::AirtableSource airtable_source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time) {
    return airtable_source_timing_out_after(stub, http, time, std::chrono::milliseconds{30000});
}

constexpr const char* kTable = "/v0/appRelance000001/Factures";

json airtable_routes(std::vector<json> second = {}, std::vector<json> extra = {}) {
    if (second.empty()) second.push_back(ok_body(fixture("airtable/records_page2.json")));
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("GET", kTable, {{"offset", "itrX1y2Z3/recB1b2C3d4E5f6G7"}}, second));
    r.push_back(route("GET", kTable, {}, {ok_body(fixture("airtable/records_page1.json"))}));
    return r;
}

// A refused key on the run after a good one: the pass says which source and what to check, the
// listing is not used (nothing resolved, nothing sent on its invoices, `open` still open), the key
// never shows. `good` lists the invoices on the first run; on the second every request (the
// listing at `path`, each invoice read again) is answered `status`.
template <class Make>
void expect_refused_key(const std::string& name, const json& good, const std::string& path, int status,
                        const std::string& body, const std::string& hint, const std::string& key,
                        std::size_t open, Make make) {
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time";
    test::Company c;
    test::Sandbox dir;
    const auto first = test::pass_with_stub(c, dir, good, ymd(2026, 4, 8), make);
    ASSERT_TRUE(first.summary.has_value()) << "the HTTP stub did not start";
    ASSERT_EQ(first.summary->synced.count(name), 1u) << first.summary->to_json();

    // The key is refused for every request: the listing and each invoice read again.
    const json refused = json::array({json{{"method", "GET"}, {"path_prefix", "/"}, {"responses", {answer(status, body)}}}});
    const auto s = test::pass_with_stub(c, dir, refused, ymd(2026, 4, 15), make);

    ASSERT_TRUE(s.summary.has_value());
    ASSERT_EQ(s.summary->source_errors.count(name), 1u) << s.summary->to_json();
    const std::string why = s.summary->source_errors.at(name);
    EXPECT_NE(why.find("HTTP " + std::to_string(status)), std::string::npos) << why;
    EXPECT_NE(why.find("source '" + name + "'"), std::string::npos) << why;
    EXPECT_NE(why.find(hint), std::string::npos) << why;
    EXPECT_EQ(s.summary->to_json().find(key), std::string::npos) << s.summary->to_json();
    EXPECT_EQ(s.summary->synced.count(name), 0u) << "a refused listing is not applied";
    EXPECT_EQ(test::total_sent(*s.summary), 0);
    EXPECT_EQ(test::requests_to(*s.stub, path).size(), 1u) << "a refusal is not retried";
    auto book = c.open_store()->load_open_book();
    ASSERT_TRUE(book.has_value());
    EXPECT_EQ(book->invoices.size(), open) << "none marked paid";
}

// Airtable answers 401 for an unknown token, 403 for one without the scope or the base.
TEST(AirtableDailyPassTest, AnUnknownTokenNamesTheSourceAndTheKeyToCheck) {
    expect_refused_key("airtable", airtable_routes(), kTable, 401,
                       R"({"error": {"type": "AUTHENTICATION_REQUIRED", "message": "Authentication required"}})",
                       "check the key or token set for it", "patRelanceTest", 3, airtable_source);
}

TEST(AirtableDailyPassTest, ATokenWithoutAccessNamesTheSourceAndThePermissionsToCheck) {
    expect_refused_key("airtable", airtable_routes(), kTable, 403,
                       R"({"error": {"type": "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", "message": "Invalid permissions, or the requested model was not found."}})",
                       "check what the key or token set for it may read", "patRelanceTest", 3, airtable_source);
}

TEST(AirtableSourceTest, OffsetPagesWithTheTokenAndTheView) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), airtable_routes({answer(429, R"({"errors": [{"error": "RATE_LIMIT_REACHED"}]})", {{"Retry-After", "30"}}),
                                                     ok_body(fixture("airtable/records_page2.json"))})
                                        .dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = airtable_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    ASSERT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(listing->remote_ids.at("AT-103"), "recC1b2C3d4E5f6G7");
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{30000ms});
    const auto pages = test::requests_to(stub, kTable);
    ASSERT_EQ(pages.size(), 3u);
    EXPECT_EQ(pages[0]["headers"]["authorization"], "Bearer patRelanceTest.0123456789");
    EXPECT_EQ(test::query_of(pages[0], "view"), "À relancer");
    EXPECT_EQ(test::query_of(pages[0], "pageSize"), "100");
    EXPECT_EQ(test::query_of(pages[2], "offset"), "itrX1y2Z3/recB1b2C3d4E5f6G7");
}

TEST(AirtableSourceTest, A429AndA500AreRetriedThenThePageIsRead) {
    // Page 2 answers 429 (Retry-After: 1), then 500, then the page: both retried, nothing lost.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), airtable_routes({answer(429, "", {{"Retry-After", "1"}}), answer(500), ok_body(fixture("airtable/records_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = airtable_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kTable).size(), 4u);  // page 1, page 2 three times
    ASSERT_EQ(time.waits.size(), 2u);
    EXPECT_EQ(time.waits[0], 1000ms);  // as the 429 asked
}

TEST(AirtableSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), airtable_routes({json{{"delay_ms", 1500}}, ok_body(fixture("airtable/records_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = airtable_source_timing_out_after(stub, http, time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(test::requests_to(stub, kTable).size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(AirtableDailyPassTest, StaleWhenAPageFailsThenPaidConfirmedByReadingTheRecord) {
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time";
    test::Company c;
    test::Sandbox dir;
    const auto first = test::pass_with_stub(c, dir, airtable_routes(), ymd(2026, 4, 8), airtable_source);
    ASSERT_TRUE(first.summary.has_value()) << "the HTTP stub did not start";
    ASSERT_EQ(first.summary->synced.count("airtable"), 1u) << first.summary->to_json();
    EXPECT_EQ(test::total_sent(*first.summary), 2);
    const auto stale = test::pass_with_stub(c, dir, test::reads_down(airtable_routes({answer(503)}), std::string(kTable) + "/"), ymd(2026, 4, 15), airtable_source);
    ASSERT_TRUE(stale.summary.has_value());
    EXPECT_EQ(stale.summary->source_errors.count("airtable"), 1u);
    EXPECT_EQ(test::total_sent(*stale.summary), 0);
    // Each invoice due a reminder was read again first; the tool was down for those too.
    EXPECT_EQ((*stale.summary).refetched.at("airtable").at("failed"), std::min<std::int64_t>(3, (*stale.summary).skipped.at(Outcome::Stale)));
    json page1 = json::parse(fixture("airtable/records_page1.json"));
    page1["records"].erase(page1["records"].begin());  // AT-101 left the view
    const json routes = airtable_routes({}, {route("GET", std::string(kTable) + "/recA1b2C3d4E5f6G7", {},
                                                   {ok_body(fixture("airtable/record_101_paid.json"))}),
                                             route("GET", kTable, {{"offset", "itrX1y2Z3/recB1b2C3d4E5f6G7"}},
                                                   {ok_body(fixture("airtable/records_page2.json"))}),
                                             route("GET", kTable, {}, {ok_body(page1.dump())})});

    const auto s = test::pass_with_stub(c, dir, routes, ymd(2026, 4, 16), airtable_source);

    ASSERT_TRUE(s.summary.has_value());
    ASSERT_EQ(s.summary->synced.count("airtable"), 1u) << s.summary->to_json();
    EXPECT_EQ(s.summary->synced.at("airtable").resolved, 1);
    EXPECT_EQ(s.summary->confirmed.at("airtable").at("paid"), 1);
    EXPECT_EQ(test::requests_to(*s.stub, std::string(kTable) + "/recA1b2C3d4E5f6G7").size(), 1u);
}

axonaut::AxonautSource axonaut_source_timing_out_after(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time,
                                      std::chrono::milliseconds request_timeout) {
    axonaut::AxonautOptions o;
    o.api.name = "axonaut";
    o.api.base_url = stub.url();
    o.api.limits.request_timeout = request_timeout;
    o.api_key = "axonaut-user-key-42";
    return axonaut::AxonautSource(http, o, time.hooks());
}
axonaut::AxonautSource axonaut_source(const test::HttpStub& stub, HttpTransport& http, test::FakeTime& time) {
    return axonaut_source_timing_out_after(stub, http, time, std::chrono::milliseconds{30000});
}

json axonaut_routes(std::vector<json> second = {}, std::vector<json> extra = {}) {
    if (second.empty()) second.push_back(ok_body(fixture("axonaut/invoices_page2.json")));
    json r = json::array();
    for (auto& e : extra) r.push_back(e);
    r.push_back(route("GET", "/api/v2/invoices", {{"page", "2"}}, second));
    r.push_back(route("GET", "/api/v2/invoices", {{"page", "1"}}, {ok_body(fixture("axonaut/invoices_page1.json"))}));
    r.push_back(route("GET", "/api/v2/companies/77", {}, {ok_body(fixture("axonaut/company_77.json"))}));
    r.push_back(route("GET", "/api/v2/companies/78", {}, {ok_body(fixture("axonaut/company_78.json"))}));
    return r;
}

TEST(AxonautSourceTest, TheKeyHeaderPagesUntilAnEmptyOneAndTheCompanies) {
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), axonaut_routes().dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = axonaut_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    ASSERT_EQ(listing->invoices.size(), 2u);
    EXPECT_EQ(listing->customers[0].emails, (std::vector<std::string>{"contact@perrin.example", "compta@perrin.example"}));
    const auto pages = test::requests_to(stub, "/api/v2/invoices");
    ASSERT_EQ(pages.size(), 2u);
    EXPECT_EQ(pages[0]["headers"]["userapikey"], "axonaut-user-key-42");
}

TEST(AxonautSourceTest, A429AndA500AreRetriedThenThePageIsRead) {
    // Page 2 answers 429 (Retry-After: 1), then 500, then the page: both retried, nothing lost.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), axonaut_routes({answer(429, "", {{"Retry-After", "1"}}), answer(500), ok_body(fixture("axonaut/invoices_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = axonaut_source(stub, http, time);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 2u);  // page 2 is the empty one
    EXPECT_EQ(test::requests_to(stub, "/api/v2/invoices").size(), 4u);  // page 1, page 2 three times
    ASSERT_EQ(time.waits.size(), 2u);
    EXPECT_EQ(time.waits[0], 1000ms);  // as the 429 asked
}

TEST(AxonautSourceTest, APageThatTimesOutIsAskedAgainThenRead) {
    // Page 2 answers after 1.5 s, past the 300 ms request timeout: asked again, then read.
    test::Sandbox dir;
    test::HttpStub stub(dir.path(), axonaut_routes({json{{"delay_ms", 1500}}, ok_body(fixture("axonaut/invoices_page2.json"))}).dump());
    REQUIRE_API_STUB(stub);
    CurlTransport http;
    test::FakeTime time;
    auto source = axonaut_source_timing_out_after(stub, http, time, 300ms);

    auto listing = source.list_unpaid();

    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    EXPECT_EQ(listing->invoices.size(), 2u);
    EXPECT_EQ(test::requests_to(stub, "/api/v2/invoices").size(), 3u);
    EXPECT_EQ(time.waits, std::vector<std::chrono::milliseconds>{500ms});  // the first backoff
}

TEST(AxonautDailyPassTest, StaleWhenAPageFailsThenPaidConfirmedByAFetch) {
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time";
    test::Company c;
    test::Sandbox dir;
    const auto first = test::pass_with_stub(c, dir, axonaut_routes(), ymd(2026, 4, 8), axonaut_source);
    ASSERT_TRUE(first.summary.has_value()) << "the HTTP stub did not start";
    ASSERT_EQ(first.summary->synced.count("axonaut"), 1u) << first.summary->to_json();
    EXPECT_EQ(test::total_sent(*first.summary), 2);
    const auto stale = test::pass_with_stub(c, dir, test::reads_down(axonaut_routes({answer(500)}), "/api/v2/invoices/"), ymd(2026, 4, 15), axonaut_source);
    ASSERT_TRUE(stale.summary.has_value());
    EXPECT_EQ(stale.summary->source_errors.count("axonaut"), 1u);
    EXPECT_EQ(test::total_sent(*stale.summary), 0);
    // Each invoice due a reminder was read again first; the tool was down for those too.
    EXPECT_EQ((*stale.summary).refetched.at("axonaut").at("failed"), std::min<std::int64_t>(3, (*stale.summary).skipped.at(Outcome::Stale)));
    json page1 = json::parse(fixture("axonaut/invoices_page1.json"));
    page1.erase(page1.begin());  // FA-2026-0101 left the listing
    const json routes = axonaut_routes({}, {route("GET", "/api/v2/invoices/40101", {}, {ok_body(fixture("axonaut/invoice_0101_paid.json"))}),
                                            route("GET", "/api/v2/invoices", {{"page", "1"}}, {ok_body(page1.dump())})});

    const auto s = test::pass_with_stub(c, dir, routes, ymd(2026, 4, 16), axonaut_source);

    ASSERT_TRUE(s.summary.has_value());
    ASSERT_EQ(s.summary->synced.count("axonaut"), 1u) << s.summary->to_json();
    EXPECT_EQ(s.summary->synced.at("axonaut").resolved, 1);
    EXPECT_EQ(s.summary->confirmed.at("axonaut").at("paid"), 1);
}

TEST(AxonautDailyPassTest, ARefusedKeyNamesTheSourceAndNothingIsResolved) {
    expect_refused_key("axonaut", axonaut_routes(), "/api/v2/invoices", 401, R"({"error": "Invalid userApiKey"})",
                       "check the key or token set for it", "axonaut-user-key-42", 2, axonaut_source);
}

}  // namespace
}  // namespace relance
