// SPDX-License-Identifier: MIT
// The shared JSON reading of the invoicing-API sources: numbers kept as their text, amounts read
// digit by digit in every form the tools use (decimal strings, JSON decimals, integers of minor
// units) for currencies of 0, 2 and 3 decimals, civil dates from ISO text, Unix seconds in the
// company's zone and Microsoft JSON dates; malformed bodies as errors.
#include <gtest/gtest.h>

#include "adapters/sources/api/api_client.h"
#include "adapters/sources/api/api_source.h"
#include "adapters/sources/api/json_payload.h"

namespace relance::api {
namespace {

using namespace std::chrono;

Currency cur(std::string_view code) { return *Currency::from_code(code); }
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

TEST(JsonPayloadTest, KeepsDecimalNumbersAsTheirExactText) {
    auto j = parse_payload(R"({"a": 0.1, "b": 1234567890123.45, "c": 12, "d": "7.50", "e": 1e3})", "test");

    ASSERT_TRUE(j.has_value()) << j.error().describe();
    EXPECT_EQ((*j)["a"], "0.1");
    EXPECT_EQ((*j)["b"], "1234567890123.45");
    EXPECT_TRUE((*j)["c"].is_number_integer());
    EXPECT_EQ((*j)["d"], "7.50");
    EXPECT_EQ((*j)["e"], "1e3");
}

TEST(JsonPayloadTest, ReadsAmountsAsStringsFloatsAndIntegers) {
    auto j = parse_payload(R"({"s": "1234.56", "f": 1234.56, "i": 1234, "z": 0.00, "n": -35.5})", "test");
    ASSERT_TRUE(j.has_value());

    EXPECT_EQ(decimal_amount(member(*j, "s"), cur("EUR"))->minor(), 123456);
    EXPECT_EQ(decimal_amount(member(*j, "f"), cur("EUR"))->minor(), 123456);
    EXPECT_EQ(decimal_amount(member(*j, "i"), cur("EUR"))->minor(), 123400);
    EXPECT_EQ(decimal_amount(member(*j, "z"), cur("EUR"))->minor(), 0);
    EXPECT_EQ(decimal_amount(member(*j, "n"), cur("EUR"))->minor(), -3550);
    EXPECT_EQ(decimal_amount(member(*j, "absent"), cur("EUR"))->minor(), 0);
}

TEST(JsonPayloadTest, CurrencyExponentsZeroTwoAndThree) {
    auto j = parse_payload(R"({"jpy": 1000.0, "kwd": "12.505", "kwd_float": 1.5, "minor": 1050})", "test");
    ASSERT_TRUE(j.has_value());

    EXPECT_EQ(decimal_amount(member(*j, "jpy"), cur("JPY"))->minor(), 1000);  // a zero decimal is dropped
    EXPECT_EQ(decimal_amount(member(*j, "kwd"), cur("KWD"))->minor(), 12505);
    EXPECT_EQ(decimal_amount(member(*j, "kwd_float"), cur("KWD"))->minor(), 1500);
    EXPECT_EQ(minor_amount(member(*j, "minor"), cur("JPY"))->minor(), 1050);
    EXPECT_EQ(minor_amount(member(*j, "minor"), cur("KWD"))->minor(), 1050);
    EXPECT_EQ(minor_amount(member(*j, "minor"), cur("EUR"))->minor(), 1050);
}

TEST(JsonPayloadTest, NeverRoundsADecimalTheCurrencyDoesNotHave) {
    auto j = parse_payload(R"({"a": 10.505, "b": 1000.5, "c": true})", "test");
    ASSERT_TRUE(j.has_value());

    const auto eur = decimal_amount(member(*j, "a"), cur("EUR"));
    const auto jpy = decimal_amount(member(*j, "b"), cur("JPY"));
    const auto boolean = decimal_amount(member(*j, "c"), cur("EUR"));

    ASSERT_FALSE(eur.has_value());
    EXPECT_EQ(eur.error().code, ErrorCode::InvalidInput);
    ASSERT_FALSE(jpy.has_value());
    ASSERT_FALSE(boolean.has_value());
}

TEST(JsonPayloadTest, MalformedBodyIsInvalidInputNamingWhatWasRead) {
    auto j = parse_payload(R"({"data": [1, 2,)", "page 3");

    ASSERT_FALSE(j.has_value());
    EXPECT_EQ(j.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(j.error().describe().find("page 3"), std::string::npos) << j.error().describe();
    EXPECT_NE(j.error().describe().find("malformed JSON"), std::string::npos);
}

TEST(JsonPayloadTest, UnixSecondsBecomeTheCompanysCivilDate) {
    // 2009-02-13T23:31:30Z is already the 14th in Paris (UTC+1), still the 13th in New York.
    EXPECT_EQ(*unix_date(1234567890, "Europe/Paris"), ymd(2009, 2, 14));
    EXPECT_EQ(*unix_date(1234567890, "America/New_York"), ymd(2009, 2, 13));
    // 2026-03-29T00:30:00Z, the night Paris moves to summer time: 01:30 local, the 29th.
    EXPECT_EQ(*unix_date(1774744200, "Europe/Paris"), ymd(2026, 3, 29));
}

TEST(JsonPayloadTest, MicrosoftJsonDatesOfXero) {
    EXPECT_EQ(**ms_json_date("/Date(1546128000000+0000)/"), ymd(2018, 12, 30));
    EXPECT_EQ(**ms_json_date("/Date(1546128000000)/"), ymd(2018, 12, 30));
    // Midnight in Auckland (UTC+13 in summer) is 11:00 UTC the day before.
    EXPECT_EQ(**ms_json_date("/Date(1546081200000+1300)/"), ymd(2018, 12, 30));
    EXPECT_FALSE(ms_json_date("").value().has_value());
    EXPECT_FALSE(ms_json_date("2018-12-30").has_value());
    EXPECT_FALSE(ms_json_date("/Date(abc)/").has_value());
}

TEST(JsonPayloadTest, IsoDatesKeepTheToolsCivilDate) {
    EXPECT_EQ(**iso_date("2026-03-14"), ymd(2026, 3, 14));
    EXPECT_EQ(**iso_date("2026-03-14T23:30:00-05:00"), ymd(2026, 3, 14));
    EXPECT_FALSE(iso_date("").value().has_value());
    EXPECT_FALSE(iso_date("14/03/2026").has_value());
}

TEST(SetAmountsTest, RemainingIsWhatIsDueAndTheRestPaidOrCredited) {
    Invoice inv;
    const Currency eur = cur("EUR");

    ASSERT_TRUE(set_amounts(inv, Money{10000, eur}, Money{2500, eur}, Money{5000, eur}));

    EXPECT_EQ(inv.amount_due().minor(), 2500);
    EXPECT_EQ(inv.paid.minor(), 5000);
    EXPECT_EQ(inv.credited.minor(), 2500);
    ASSERT_TRUE(set_amounts(inv, Money{10000, eur}, Money{4000, eur}));
    EXPECT_EQ(inv.paid.minor(), 6000);
    EXPECT_EQ(inv.credited.minor(), 0);
    EXPECT_FALSE(set_amounts(inv, Money{10000, eur}, Money{4000, cur("USD")}));
}

TEST(MappingHelpersTest, LanguagesAndEmails) {
    EXPECT_EQ(language_of("fr-FR"), "fr");
    EXPECT_EQ(language_of("English"), "en");
    EXPECT_EQ(language_of("ja"), "");
    EXPECT_EQ(emails_in("a@x.example; b@y.example,not-an-address  a@x.example"),
              (std::vector<std::string>{"a@x.example", "b@y.example"}));
}

TEST(ApiClientHelpersTest, RequestsAreDescribedWithoutTheirQuery) {
    EXPECT_EQ(describe_request("GET", "https://sheets.googleapis.com/v4/spreadsheets/abc/values/A1?key=SECRET"),
              "GET https://sheets.googleapis.com/v4/spreadsheets/abc/values/A1");
    EXPECT_EQ(vendor_message(R"({"error": {"type": "invalid_request_error", "message": "No such invoice"}})"),
              "No such invoice");
    EXPECT_EQ(vendor_message(R"({"error": "invalid_grant", "error_description": "expired"})"),
              "invalid_grant: expired");
    EXPECT_EQ(base64("id:secret"), "aWQ6c2VjcmV0");
    EXPECT_EQ(url_encode("a b/é"), "a%20b%2F%C3%A9");
}

}  // namespace
}  // namespace relance::api
