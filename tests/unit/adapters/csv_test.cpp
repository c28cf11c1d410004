// SPDX-License-Identifier: MIT
// CSV source: records, encodings, amounts, dates, rejected rows and the native layout. Every
// expected value below was worked out by hand from the input written next to it.
#include <algorithm>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "adapters/sources/csv/csv_source.h"

namespace relance::csv {
namespace {

using std::string_literals::operator""s;

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Result<SourceListing> read(std::string_view text, const CsvOptions& options = {}) {
    return read_csv_invoices(text, options, "test.csv");
}

// Reads `text`, expecting success.
SourceListing listing(std::string_view text, const CsvOptions& options = {}) {
    auto r = read(text, options);
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return r ? *r : SourceListing{};
}

// Reads `text`, expecting a fatal error; returns its description.
std::string fatal(std::string_view text, const CsvOptions& options = {}) {
    auto r = read(text, options);
    EXPECT_FALSE(r.has_value()) << "read " << r->invoices.size() << " invoices";
    return r ? "" : r.error().describe();
}

const Invoice* invoice(const SourceListing& l, std::string_view number) {
    auto it = std::find_if(l.invoices.begin(), l.invoices.end(),
                           [&](const Invoice& i) { return i.number == number; });
    return it == l.invoices.end() ? nullptr : &*it;
}

const Customer* customer(const SourceListing& l, std::string_view id) {
    auto it = std::find_if(l.customers.begin(), l.customers.end(),
                           [&](const Customer& c) { return c.id == id; });
    return it == l.customers.end() ? nullptr : &*it;
}

std::int64_t total_of(const SourceListing& l, std::string_view number) {
    const Invoice* i = invoice(l, number);
    EXPECT_NE(i, nullptr) << "no invoice " << number;
    return i != nullptr ? i->total.minor() : -1;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// Records and separators

TEST(CsvRecordsTest, ReadsCommaSeparatedFiles) {
    const auto l = listing("invoice_number,customer_name,total\nF-1,Dupont,35.00\nF-2,Durand,7\n");

    ASSERT_EQ(l.invoices.size(), 2U);
    EXPECT_EQ(total_of(l, "F-1"), 3500);
    EXPECT_EQ(total_of(l, "F-2"), 700);
    EXPECT_EQ(l.invoices[0].total.currency().code(), "EUR");
    EXPECT_TRUE(l.complete);
    EXPECT_TRUE(l.rejected.empty());
}

TEST(CsvRecordsTest, ReadsSemicolonSeparatedFiles) {
    const auto l = listing("invoice_number;customer_name;total\nF-1;Dupont;35,00\n");

    EXPECT_EQ(total_of(l, "F-1"), 3500);
}

TEST(CsvRecordsTest, ReadsTabSeparatedFiles) {
    const auto l =
        listing("invoice_number\tcustomer_name\ttotal\nF-1\tDupont, Fils & Cie\t12.30\n");

    EXPECT_EQ(total_of(l, "F-1"), 1230);
    EXPECT_EQ(l.customers.at(0).name, "Dupont, Fils & Cie");
}

TEST(CsvRecordsTest, ConfiguredSeparatorWinsOverDetection) {
    // Three ';' and three ',' in the header: detection cannot choose, the configuration does.
    const std::string text = "invoice_number;customer_name;total;w,x,y,z\nF-1;A;1,5;a,b,c,d\n";
    CsvOptions semicolon;
    semicolon.separator = ";";
    CsvOptions comma;
    comma.separator = ",";

    const auto l = listing(text, semicolon);
    const std::string err = fatal(text, comma);

    EXPECT_EQ(total_of(l, "F-1"), 150);
    EXPECT_TRUE(contains(err, "missing required column")) << err;
    EXPECT_TRUE(contains(fatal(text), "cannot tell the separator"));
}

TEST(CsvRecordsTest, AHeaderWithAsManyCommasAsSemicolonsIsFatal) {
    const std::string err = fatal("invoice_number;customer_name,total\nF-1;A,1\n");

    EXPECT_TRUE(contains(err, "cannot tell the separator")) << err;
    EXPECT_TRUE(contains(err, "file test.csv")) << err;
}

TEST(CsvRecordsTest, QuotedFieldsKeepSeparatorsQuotesAndLineBreaks) {
    const std::string text =
        "invoice_number;customer_name;total\r\n"
        "F-1;\"Soci\xC3\xA9t\xC3\xA9 \"\"Exemple\"\"\r\nSA\";10,00\r\n"  // lines 2-3
        "F-2;\"Martin; Fils\";20,00\r\n"                                 // line 4
        "F-3;Durand;abc\r\n";                                            // line 5

    const auto l = listing(text);

    ASSERT_EQ(l.invoices.size(), 2U);
    EXPECT_EQ(customer(l, "Soci\xC3\xA9t\xC3\xA9 \"Exemple\" SA")->name,
              "Soci\xC3\xA9t\xC3\xA9 \"Exemple\" SA");
    EXPECT_EQ(total_of(l, "F-2"), 2000);
    EXPECT_NE(customer(l, "Martin; Fils"), nullptr);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 5);  // the quoted line break counts as a physical line
    EXPECT_EQ(l.rejected[0].field, "total");
    EXPECT_EQ(l.rejected[0].invoice_number, "F-3");
    EXPECT_EQ(l.rejected[0].file, "test.csv");
}

TEST(CsvRecordsTest, AcceptsLfCrlfAndLoneCrLineEndsAndBlankLines) {
    const auto l =
        listing("invoice_number,customer_name,total\r\nF-1,A,1\nF-2,B,2\rF-3,C,3\n\n,,\nF-4,D,x");

    EXPECT_EQ(total_of(l, "F-1"), 100);
    EXPECT_EQ(total_of(l, "F-2"), 200);
    EXPECT_EQ(total_of(l, "F-3"), 300);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 7);  // header 1, F-1 2, F-2 3, F-3 4, blank 5, ",," 6
}

TEST(CsvRecordsTest, TextAfterAClosingQuoteRejectsTheRow) {
    const auto l = listing("invoice_number;customer_name;total\nF-1;\"Dupont\"x;10\nF-2;B;20\n");

    EXPECT_EQ(invoice(l, "F-1"), nullptr);
    EXPECT_EQ(total_of(l, "F-2"), 2000);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 2);
    EXPECT_EQ(l.rejected[0].field, "");
    EXPECT_TRUE(contains(l.rejected[0].message, "customer_name")) << l.rejected[0].message;
    EXPECT_FALSE(l.complete);  // the row's structure is broken: its number cannot be trusted
}

TEST(CsvRecordsTest, AQuoteThatIsNeverClosedIsFatal) {
    const std::string err =
        fatal("invoice_number;customer_name;total\nF-1;A;1\nF-2;\"B;2\nF-3;C;3\n");

    EXPECT_TRUE(contains(err, "never closed")) << err;
    EXPECT_TRUE(contains(err, "line 3")) << err;
}

TEST(CsvRecordsTest, ARowWithAnotherFieldCountIsRejected) {
    const auto l =
        listing("invoice_number;customer_name;total\nF-1;A;1\nF-2;B;2;3\nF-3;C\nF-4;D;4;;\n");

    EXPECT_EQ(total_of(l, "F-1"), 100);
    EXPECT_EQ(total_of(l, "F-4"), 400);  // trailing empty fields left by a spreadsheet are fine
    ASSERT_EQ(l.rejected.size(), 2U);
    EXPECT_EQ(l.rejected[0].line, 3);
    EXPECT_EQ(l.rejected[0].field, "");
    EXPECT_TRUE(contains(l.rejected[0].message, "4 fields")) << l.rejected[0].message;
    EXPECT_EQ(l.rejected[1].line, 4);
    EXPECT_FALSE(l.complete);
}

TEST(CsvRecordsTest, AWrongFieldCountOnMostRowsIsFatal) {
    const std::string err =
        fatal("invoice_number;customer_name;total\nF-1;A;1\nF-2;B;2;3\nF-3;C;3;4\n");

    EXPECT_TRUE(contains(err, "2 of 3 rows")) << err;
}

// ---------------------------------------------------------------------------------------------
// Encodings

TEST(CsvEncodingTest, SkipsAUtf8ByteOrderMark) {
    const auto l = listing("\xEF\xBB\xBFinvoice_number;customer_name;total\nF-1;A;5\n");

    EXPECT_EQ(total_of(l, "F-1"), 500);
}

TEST(CsvEncodingTest, DecodesWindows1252) {
    // é = E9, œ = 9C, ’ = 92, € = 80 in Windows-1252 (0x80 is not a control character there).
    const std::string text =
        "invoice_number;customer_name;total\n"
        "F-1;Soci\xE9t\xE9 \x9Cuvre l\x92\xE9t\xE9;1 234,56 \x80\n";

    const auto l = listing(text);

    ASSERT_EQ(l.customers.size(), 1U);
    EXPECT_EQ(l.customers[0].name,
              "Soci\xC3\xA9t\xC3\xA9 \xC5\x93uvre l\xE2\x80\x99\xC3\xA9t\xC3\xA9");
    EXPECT_EQ(total_of(l, "F-1"), 123456);
}

TEST(CsvEncodingTest, ConfiguredUtf8RejectsWindows1252Bytes) {
    CsvOptions o;
    o.encoding = "utf-8";

    const std::string err = fatal("invoice_number;customer_name;total\nF-1;Soci\xE9t\xE9;1\n", o);

    EXPECT_TRUE(contains(err, "line 2")) << err;
    EXPECT_TRUE(contains(err, "0xE9")) << err;
}

TEST(CsvEncodingTest, ConfiguredWindows1252ConvertsValidUtf8Too) {
    CsvOptions o;
    o.encoding = "windows-1252";

    // "é" in UTF-8 is C3 A9, which Windows-1252 reads as "Ã©".
    const auto l = listing("invoice_number;customer_name;total\nF-1;\xC3\xA9;1\n", o);

    EXPECT_EQ(l.customers.at(0).name, "\xC3\x83\xC2\xA9");
}

TEST(CsvEncodingTest, BytesThatAreNeitherUtf8NorWindows1252AreFatal) {
    // 0x81 is one of the five bytes Windows-1252 leaves undefined.
    const std::string err = fatal("invoice_number;customer_name;total\nF-1;A;1\nF-2;\x81;2\n");

    EXPECT_TRUE(contains(err, "0x81")) << err;
    EXPECT_TRUE(contains(err, "line 3")) << err;
}

TEST(CsvEncodingTest, ReadsUtf16WithByteOrderMark) {
    const std::string ascii = "invoice_number\tcustomer_name\ttotal\r\nF-1\tA\t35.00\r\n";
    std::string utf16 = "\xFF\xFE";  // little-endian byte-order mark
    for (char c : ascii) {
        utf16 += c;
        utf16 += '\0';
    }

    const auto l = listing(utf16);

    EXPECT_EQ(total_of(l, "F-1"), 3500);
}

// ---------------------------------------------------------------------------------------------
// Amounts (case 08) and the decimal mark

TEST(CsvAmountTest, Case08FrenchAmountsInADecimalCommaFile) {
    const std::string text =
        "\xEF\xBB\xBFinvoice_number;customer_name;total\n"
        "F-1;A;35,00\n"  // line 2
        "F-2;B;1\xC2\xA0"
        "234,56\n"          // line 3, no-break space
        "F-3;C;1.234,56\n"  // line 4
        "F-4;D;12,5\n"      // line 5
        "F-5;E;1,234\n";    // line 6

    const auto l = listing(text);

    EXPECT_EQ(total_of(l, "F-1"), 3500);
    EXPECT_EQ(total_of(l, "F-2"), 123456);
    EXPECT_EQ(total_of(l, "F-3"), 123456);
    EXPECT_EQ(total_of(l, "F-4"), 1250);
    EXPECT_EQ(invoice(l, "F-5"), nullptr);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 6);
    EXPECT_EQ(l.rejected[0].field, "total");
    EXPECT_EQ(l.rejected[0].invoice_number, "F-5");
    EXPECT_TRUE(contains(l.rejected[0].message, "3 decimals")) << l.rejected[0].message;
    EXPECT_TRUE(contains(l.rejected[0].message, "decimal comma")) << l.rejected[0].message;
    EXPECT_TRUE(l.complete);  // the number was read: that invoice keeps its stored data
}

TEST(CsvAmountTest, Case08SameValuesWithADecimalPoint) {
    const auto l = listing("invoice_number,customer_name,total\nF-1,A,35.00\nF-2,B,\"1,234.56\"\n");

    EXPECT_EQ(total_of(l, "F-1"), 3500);
    EXPECT_EQ(total_of(l, "F-2"), 123456);
}

TEST(CsvAmountTest, WithoutEvidenceSemicolonFilesUseADecimalComma) {
    // "1,234" alone says nothing; a ';' file is read French-style: 1.234 EUR, too many decimals.
    const auto l = listing("invoice_number;customer_name;total\nF-1;A;1,234\nF-2;B;12\n");

    EXPECT_EQ(invoice(l, "F-1"), nullptr);
    EXPECT_EQ(total_of(l, "F-2"), 1200);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 2);
}

TEST(CsvAmountTest, WithoutEvidenceCommaFilesUseADecimalPoint) {
    const auto l = listing("invoice_number,customer_name,total\nF-1,A,\"1,234\"\n");

    EXPECT_EQ(total_of(l, "F-1"), 123400);
}

TEST(CsvAmountTest, EvidenceFromAnyAmountColumnDecides) {
    // Only the paid column shows the decimal point; "1,234" in total then groups thousands.
    const auto l = listing("invoice_number;customer_name;total;paid\nF-1;A;1,234;10.50\n");

    EXPECT_EQ(total_of(l, "F-1"), 123400);
    EXPECT_EQ(invoice(l, "F-1")->paid.minor(), 1050);
}

TEST(CsvAmountTest, ConflictingDecimalMarksAreFatal) {
    const std::string err = fatal("invoice_number;customer_name;total\nF-1;A;35,00\nF-2;B;35.00\n");

    EXPECT_TRUE(contains(err, "decimal comma")) << err;
    EXPECT_TRUE(contains(err, "line 2")) << err;
    EXPECT_TRUE(contains(err, "line 3")) << err;
    EXPECT_TRUE(contains(err, "set decimal")) << err;
}

TEST(CsvAmountTest, ConfiguredDecimalMarkIsUsedWithoutDetection) {
    CsvOptions o;
    o.decimal = ".";

    const auto l = listing("invoice_number;customer_name;total\nF-1;A;35.00\nF-2;B;1,234\n", o);

    EXPECT_EQ(total_of(l, "F-1"), 3500);
    EXPECT_EQ(total_of(l, "F-2"), 123400);
}

TEST(CsvAmountTest, ZeroAndThreeDecimalCurrencies) {
    const std::string text =
        "invoice_number;customer_name;currency;total\n"
        "F-1;A;JPY;1234\n"    // 1234 yen
        "F-2;B;JPY;1234,5\n"  // line 3: yen have no decimals
        "F-3;C;KWD;12,345\n"  // 12.345 dinars = 12345 fils
        "F-4;D;KWD;1,5\n"     // 1.500 dinars
        "F-5;E;EUR;35,00\n";

    const auto l = listing(text);

    EXPECT_EQ(total_of(l, "F-1"), 1234);
    EXPECT_EQ(invoice(l, "F-1")->total.currency().code(), "JPY");
    EXPECT_EQ(total_of(l, "F-3"), 12345);
    EXPECT_EQ(total_of(l, "F-4"), 1500);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 3);
    EXPECT_TRUE(contains(l.rejected[0].message, "JPY allows 0")) << l.rejected[0].message;
}

TEST(CsvAmountTest, HugeAndNegativeAmounts) {
    const std::string text =
        "invoice_number;customer_name;total;paid\n"
        "F-1;A;10000000000000,00;\n"  // 10^13 EUR = 10^15 cents: the largest accepted
        "F-2;B;10000000000000,01;\n"  // line 3: one cent too many
        "F-3;C;-35,00;\n"             // line 4
        "F-4;D;(35,00);\n"            // line 5: accounting negative
        "F-5;E;100,00;-1,00\n"        // line 6
        "F-6;F;100,00;150,00\n";      // overpaid: allowed, nothing due

    const auto l = listing(text);

    EXPECT_EQ(total_of(l, "F-1"), 1'000'000'000'000'000);
    ASSERT_NE(invoice(l, "F-6"), nullptr);
    EXPECT_EQ(invoice(l, "F-6")->amount_due().minor(), -5000);
    ASSERT_EQ(l.rejected.size(), 4U);
    EXPECT_EQ(l.rejected[0].line, 3);
    EXPECT_TRUE(contains(l.rejected[0].message, "too large")) << l.rejected[0].message;
    EXPECT_EQ(l.rejected[1].line, 4);
    EXPECT_EQ(l.rejected[1].field, "total");
    EXPECT_TRUE(contains(l.rejected[1].message, "negative")) << l.rejected[1].message;
    EXPECT_EQ(l.rejected[2].line, 5);
    EXPECT_EQ(l.rejected[2].field, "total");
    EXPECT_EQ(l.rejected[3].line, 6);
    EXPECT_EQ(l.rejected[3].field, "paid");
}

TEST(CsvAmountTest, CurrencySymbolsAndCodesAroundAmounts) {
    const auto l = listing(
        "invoice_number,customer_name,currency,total,paid\n"
        "F-1,A,USD,$1020.00,USD 20\n"
        "F-2,B,EUR,\xE2\x82\xAC 5.5,\n");

    EXPECT_EQ(total_of(l, "F-1"), 102000);
    EXPECT_EQ(invoice(l, "F-1")->paid.minor(), 2000);
    EXPECT_EQ(total_of(l, "F-2"), 550);
}

// ---------------------------------------------------------------------------------------------
// Dates

constexpr std::string_view kDatedHeader =
    "invoice_number;customer_name;total;issue_date;due_date\n";

TEST(CsvDateTest, ReadsIsoDates) {
    const auto l = listing(std::string(kDatedHeader) + "F-1;A;1;2026-02-12;2026-03-14\n");

    EXPECT_EQ(invoice(l, "F-1")->issue_date, ymd(2026, 2, 12));
    EXPECT_EQ(invoice(l, "F-1")->due_date, ymd(2026, 3, 14));
}

TEST(CsvDateTest, DetectsDayFirstDatesFromOneTellingValue) {
    const auto l =
        listing(std::string(kDatedHeader) + "F-1;A;1;03/04/2026;05/06/2026\nF-2;B;1;14/03/2026;\n");

    EXPECT_EQ(invoice(l, "F-1")->issue_date, ymd(2026, 4, 3));
    EXPECT_EQ(invoice(l, "F-1")->due_date, ymd(2026, 6, 5));
    EXPECT_EQ(invoice(l, "F-2")->issue_date, ymd(2026, 3, 14));
}

TEST(CsvDateTest, DetectsMonthFirstDatesFromOneTellingValue) {
    const auto l = listing(std::string(kDatedHeader) + "F-1;A;1;4/3/2026;3/14/2026\n");

    EXPECT_EQ(invoice(l, "F-1")->issue_date, ymd(2026, 4, 3));
    EXPECT_EQ(invoice(l, "F-1")->due_date, ymd(2026, 3, 14));
}

TEST(CsvDateTest, OnlyAmbiguousDatesAreFatal) {
    const std::string err = fatal(std::string(kDatedHeader) + "F-1;A;1;03/04/2026;05/06/2026\n");

    EXPECT_TRUE(contains(err, "ambiguous")) << err;
    EXPECT_TRUE(contains(err, "date_format")) << err;
}

TEST(CsvDateTest, ConfiguredDateFormatReadsAmbiguousDates) {
    CsvOptions o;
    o.date_format = "mdy";

    const auto l = listing(std::string(kDatedHeader) + "F-1;A;1;03/04/2026;05/06/2026\n", o);

    EXPECT_EQ(invoice(l, "F-1")->issue_date, ymd(2026, 3, 4));
    EXPECT_EQ(invoice(l, "F-1")->due_date, ymd(2026, 5, 6));
}

TEST(CsvDateTest, DayFirstAndMonthFirstInOneFileAreFatal) {
    const std::string err = fatal(std::string(kDatedHeader) + "F-1;A;1;14/03/2026;3/14/2026\n");

    EXPECT_TRUE(contains(err, "day-first")) << err;
    EXPECT_TRUE(contains(err, "month-first")) << err;
}

TEST(CsvDateTest, IsoMixedWithAnotherLayoutIsFatal) {
    const std::string err =
        fatal(std::string(kDatedHeader) + "F-1;A;1;2026-03-14;\nF-2;B;1;14/03/2026;\n");

    EXPECT_TRUE(contains(err, "two layouts")) << err;
    EXPECT_TRUE(contains(err, "line 3")) << err;
}

TEST(CsvDateTest, DatesReadingTheSameEitherWayNeedNoConfiguration) {
    const auto l = listing(std::string(kDatedHeader) + "F-1;A;1;03/03/2026;\n");

    EXPECT_EQ(invoice(l, "F-1")->issue_date, ymd(2026, 3, 3));
}

TEST(CsvDateTest, TimesAfterDatesAreIgnored) {
    const auto l =
        listing(std::string(kDatedHeader) + "F-1;A;1;2026-03-14 10:30:00;2026-04-13T00:00:00Z\n");

    EXPECT_EQ(invoice(l, "F-1")->issue_date, ymd(2026, 3, 14));
    EXPECT_EQ(invoice(l, "F-1")->due_date, ymd(2026, 4, 13));
}

TEST(CsvDateTest, ADateThatDoesNotExistRejectsTheRow) {
    const auto l = listing(std::string(kDatedHeader) + "F-1;A;1;2026-02-12;2026-02-30\n");

    EXPECT_TRUE(l.invoices.empty());
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 2);
    EXPECT_EQ(l.rejected[0].field, "due_date");
    EXPECT_EQ(l.rejected[0].invoice_number, "F-1");
}

// Case 03: no due date is not an error; the invoice is listed without one.
TEST(CsvDateTest, Case03EmptyDueDateGivesAnInvoiceWithoutDueDate) {
    const auto l = listing(std::string(kDatedHeader) + "F-103;Dupont;300,00;2026-01-10;\n");

    ASSERT_EQ(l.invoices.size(), 1U);
    EXPECT_TRUE(l.rejected.empty());
    EXPECT_EQ(l.invoices[0].number, "F-103");
    EXPECT_EQ(l.invoices[0].issue_date, ymd(2026, 1, 10));
    EXPECT_FALSE(l.invoices[0].due_date.has_value());
    EXPECT_EQ(l.invoices[0].total.minor(), 30000);
}

// ---------------------------------------------------------------------------------------------
// Rejected rows

TEST(CsvRejectTest, AMissingInvoiceNumberMakesTheListingIncomplete) {
    const auto l = listing("invoice_number;customer_name;total\nF-1;A;1\n ;B;2\n");

    EXPECT_EQ(l.invoices.size(), 1U);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 3);
    EXPECT_EQ(l.rejected[0].field, "invoice_number");
    EXPECT_EQ(l.rejected[0].invoice_number, "");
    EXPECT_FALSE(l.complete);
}

TEST(CsvRejectTest, ASecondRowWithTheSameNumberIsRejected) {
    const auto l = listing("invoice_number;customer_name;total\nF-1;A;10\nF-2;B;20\nF-1;A;99\n");

    EXPECT_EQ(total_of(l, "F-1"), 1000);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 4);
    EXPECT_EQ(l.rejected[0].field, "invoice_number");
    EXPECT_EQ(l.rejected[0].invoice_number, "F-1");
    EXPECT_TRUE(contains(l.rejected[0].message, "line 2")) << l.rejected[0].message;
    EXPECT_TRUE(l.complete);
}

TEST(CsvRejectTest, EachKindOfBadValueNamesItsColumnAndLine) {
    const std::string text =
        "invoice_number;customer_name;customer_email;currency;total;status;issue_date;language;"
        "customer_type;payment_link\n"
        "F-1;A;a@x.example;EURO;1;;;;;\n"           // 2: currency
        "F-2;B;b@x.example;EUR;;;;;;\n"             // 3: total empty
        "F-3;C;c@x.example;EUR;1;frobbed;;;;\n"     // 4: status
        "F-4;D;d@x.example;EUR;1;;2026-13-01;;;\n"  // 5: issue_date
        "F-5;;e@x.example;EUR;1;;;;;\n"             // 6: customer_name
        "F-6;F;f@x.example;EUR;1;;;fran\xC3\xA7"
        "ais;;\n"                                            // 7: language
        "F-7;G;g@x.example;EUR;1;;;;martian;\n"              // 8: customer_type
        "F-8;H;h@x.example;EUR;1;;;;;javascript:alert(1)\n"  // 9: payment_link
        "F-9;I;i@x.example;EUR;1;paid;2026-01-01;fr;b2c;https://pay.example/i/9\n";

    const auto l = listing(text);

    ASSERT_EQ(l.invoices.size(), 1U);
    EXPECT_EQ(l.invoices[0].number, "F-9");
    EXPECT_EQ(l.invoices[0].status, InvoiceStatus::Paid);
    const std::vector<std::pair<int, std::string>> expected = {
        {2, "currency"},      {3, "total"},    {4, "status"},        {5, "issue_date"},
        {6, "customer_name"}, {7, "language"}, {8, "customer_type"}, {9, "payment_link"}};
    ASSERT_EQ(l.rejected.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(l.rejected[i].line, expected[i].first) << i;
        EXPECT_EQ(l.rejected[i].field, expected[i].second) << i;
        EXPECT_EQ(l.rejected[i].invoice_number, "F-" + std::to_string(i + 1)) << i;
    }
    EXPECT_TRUE(l.complete);
}

TEST(CsvRejectTest, InvalidEmailAddressesRejectTheRow) {
    const std::string text =
        "invoice_number;customer_name;customer_email;total\n"
        "F-1;A;jean dupont@x.example;1\n"                      // 2: space
        "F-2;B;Jean <jean@x.example>;1\n"                      // 3: display-name form
        "F-3;C;jean@x;1\n"                                     // 4: no dot in the domain
        "F-4;D;jean@@x.example;1\n"                            // 5: two '@'
        "F-5;E;\"jean@x.example\r\nBcc: evil@y.example\";1\n"  // 6-7: header injection
        "F-6;F;jean.x.example;1\n"                             // 8: no '@'
        "F-7;G;ok@x.example, also-ok@y.example;1\n";           // 9: two valid addresses

    const auto l = listing(text);

    ASSERT_EQ(l.invoices.size(), 1U);
    ASSERT_EQ(l.customers.size(), 1U);
    EXPECT_EQ(l.customers[0].emails,
              (std::vector<std::string>{"ok@x.example", "also-ok@y.example"}));
    const std::vector<int> lines = {2, 3, 4, 5, 6, 8};
    ASSERT_EQ(l.rejected.size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(l.rejected[i].line, lines[i]) << i;
        EXPECT_EQ(l.rejected[i].field, "customer_email") << i;
    }
    EXPECT_TRUE(contains(l.rejected[4].message, "line break")) << l.rejected[4].message;
}

TEST(CsvRejectTest, NamesLoseLineBreaksAndControlCharactersButKeepMarkup) {
    const auto l = listing(
        "invoice_number;customer_name;total\n"
        "F-1;\"<b>Dupont</b> &amp; Fils\r\nSARL\";1\n"
        "F-2;\"Bip\x07"
        "Bop\";1\n"
        "F-3;\" \r\n \";1\n");

    ASSERT_EQ(l.customers.size(), 2U);
    EXPECT_EQ(l.customers[0].name, "<b>Dupont</b> &amp; Fils SARL");
    EXPECT_EQ(l.customers[1].name, "Bip Bop");
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 5);  // F-1 spans lines 2-3, F-2 is line 4
    EXPECT_EQ(l.rejected[0].field, "customer_name");
}

// ---------------------------------------------------------------------------------------------
// Native layout

TEST(CsvNativeTest, ReadsEveryColumnOfTheNativeLayout) {
    const std::string text =
        "invoice_number,customer_id,customer_name,customer_email,issue_date,due_date,currency,"
        "total,paid,status,payment_link,language,tags,customer_type,credited,pdf_url\n"
        "F-2026-0042,C-017,Boulangerie Lef\xC3\xA8vre "
        "SARL,\"compta@lefevre.example;Boss@Lefevre.example\","
        "2026-02-12,2026-03-14,EUR,\"1,234.56\",200.00,open,https://pay.example/i/42,FR,\"vip; "
        "manual\",b2c,10.00,https://docs.example/f42.pdf\n";

    const auto l = listing(text);

    ASSERT_EQ(l.invoices.size(), 1U);
    const Invoice& i = l.invoices[0];
    EXPECT_EQ(i.source, "csv");
    EXPECT_EQ(i.number, "F-2026-0042");
    EXPECT_EQ(i.customer_id, "C-017");
    EXPECT_EQ(i.issue_date, ymd(2026, 2, 12));
    EXPECT_EQ(i.due_date, ymd(2026, 3, 14));
    EXPECT_EQ(i.total.minor(), 123456);
    EXPECT_EQ(i.paid.minor(), 20000);
    EXPECT_EQ(i.credited.minor(), 1000);
    EXPECT_EQ(i.amount_due().minor(), 102456);
    EXPECT_EQ(i.status, InvoiceStatus::Open);
    EXPECT_EQ(i.payment_link, "https://pay.example/i/42");
    EXPECT_EQ(i.pdf_url, "https://docs.example/f42.pdf");
    ASSERT_EQ(l.customers.size(), 1U);
    const Customer& c = l.customers[0];
    EXPECT_EQ(c.id, "C-017");
    EXPECT_EQ(c.name, "Boulangerie Lef\xC3\xA8vre SARL");
    EXPECT_EQ(c.emails,
              (std::vector<std::string>{"compta@lefevre.example", "Boss@Lefevre.example"}));
    EXPECT_EQ(c.language, "fr");
    EXPECT_EQ(c.tags, (std::vector<std::string>{"vip", "manual"}));
    EXPECT_EQ(c.type, CustomerType::B2C);
    EXPECT_EQ(l.source, "csv");
}

TEST(CsvNativeTest, FrenchHeadersAnyCaseAndSpacing) {
    const std::string text =
        " Num\xC3\xA9ro Facture ;NOM_CLIENT;Montant TTC;Date_\xC3\x89"
        "ch\xC3\xA9"
        "ance;Statut\n"
        "F-1;Dupont;80,00;14/03/2026;pay\xC3\xA9"
        "e\n"
        "F-2;Durand;10,00;15/03/2026;Litige\n";

    const auto l = listing(text);

    EXPECT_EQ(total_of(l, "F-1"), 8000);
    EXPECT_EQ(invoice(l, "F-1")->due_date, ymd(2026, 3, 14));
    EXPECT_EQ(invoice(l, "F-1")->status, InvoiceStatus::Paid);
    EXPECT_EQ(invoice(l, "F-2")->status, InvoiceStatus::Disputed);
}

TEST(CsvNativeTest, MissingRequiredColumnsAreFatalAndListTheHeaders) {
    const std::string err = fatal("numero;client;montant\nF-1;A;1\n");

    EXPECT_TRUE(contains(err, "invoice_number")) << err;
    EXPECT_TRUE(contains(err, "total")) << err;
    EXPECT_TRUE(contains(err, "'numero', 'client', 'montant'")) << err;
}

TEST(CsvNativeTest, TwoColumnsForOneFieldAreFatal) {
    const std::string err = fatal("invoice_number;customer_name;total;montant_ttc\nF-1;A;1;1\n");

    EXPECT_TRUE(contains(err, "'total' and 'montant_ttc'")) << err;
}

TEST(CsvNativeTest, CustomerIdAloneAlsoNamesTheCustomer) {
    const auto l = listing("invoice_number;customer_id;total\nF-1;C-9;1\n");

    ASSERT_EQ(l.customers.size(), 1U);
    EXPECT_EQ(l.customers[0].id, "C-9");
    EXPECT_EQ(l.customers[0].name, "C-9");
}

TEST(CsvNativeTest, CustomersAreKeyedByIdElseFirstEmailElseNameAndFirstRowWins) {
    const std::string text =
        "invoice_number;customer_id;customer_name;customer_email;total;language\n"
        "F-1;C-1;Alpha;a@x.example;1;fr\n"
        "F-2;C-1;Alpha renamed;z@x.example;2;en\n"  // same id: first row's data kept
        "F-3;;Beta;B@Y.example;3;\n"
        "F-4;;Beta bis;b@y.example;4;\n"  // same e-mail, other case
        "F-5;;Gamma;;5;\n"
        "F-6;;Gamma;;6;\n";

    const auto l = listing(text);

    ASSERT_EQ(l.customers.size(), 3U);
    EXPECT_EQ(customer(l, "C-1")->name, "Alpha");
    EXPECT_EQ(customer(l, "C-1")->emails, std::vector<std::string>{"a@x.example"});
    EXPECT_EQ(customer(l, "C-1")->language, "fr");
    ASSERT_NE(customer(l, "b@y.example"), nullptr);
    EXPECT_EQ(customer(l, "b@y.example")->name, "Beta");
    EXPECT_NE(customer(l, "Gamma"), nullptr);
    EXPECT_EQ(invoice(l, "F-2")->customer_id, "C-1");
    EXPECT_EQ(invoice(l, "F-4")->customer_id, "b@y.example");
    EXPECT_EQ(invoice(l, "F-6")->customer_id, "Gamma");
}

// Case 13: only an active credit note reduces what is owed.
TEST(CsvNativeTest, Case13CreditedColumnHoldsActiveCreditNotes) {
    const std::string text =
        "invoice_number;customer_name;due_date;total;montant_avoir\n"
        "F-113;Dupont;2026-03-01;600,00;\n"        // its credit note was cancelled: not listed
        "F-114;Dupont;2026-03-01;600,00;600,00\n"  // an active credit note closes it
        "F-115;Dupont;2026-03-01;600,00;-1,00\n";  // line 4

    const auto l = listing(text);

    EXPECT_EQ(invoice(l, "F-113")->credited.minor(), 0);
    EXPECT_EQ(invoice(l, "F-113")->amount_due().minor(), 60000);
    EXPECT_EQ(invoice(l, "F-114")->credited.minor(), 60000);
    EXPECT_EQ(invoice(l, "F-114")->amount_due().minor(), 0);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].line, 4);
    EXPECT_EQ(l.rejected[0].field, "montant_avoir");
}

TEST(CsvNativeTest, StatusAliasesAndDefaultCurrencyFromOptions) {
    CsvOptions o;
    o.status_aliases = {{"En attente", "open"}, {"Abandonnée", "uncollectible"}};
    o.default_currency = "CHF";

    const auto l = listing(
        "invoice_number;customer_name;total;status\nF-1;A;1;en attente\nF-2;B;1;ABANDONN\xC3\x89"
        "E\n",
        o);

    EXPECT_EQ(invoice(l, "F-1")->status, InvoiceStatus::Open);
    EXPECT_EQ(invoice(l, "F-2")->status, InvoiceStatus::Uncollectible);
    EXPECT_EQ(invoice(l, "F-1")->total.currency().code(), "CHF");
}

TEST(CsvNativeTest, ColumnMappingRenamesFields) {
    CsvOptions o;
    o.columns = {
        {"invoice_number", "Ref"}, {"customer_name", "Client"}, {"total", "Montant (EUR)"}};

    const auto l = listing("Ref;Client;Montant (EUR)\nA-1;Dupont;12,00\n", o);

    EXPECT_EQ(total_of(l, "A-1"), 1200);
    const std::string err = fatal("Ref;Client;Montant\nA-1;Dupont;12,00\n", o);
    EXPECT_TRUE(contains(err, "'Montant (EUR)'")) << err;
}

TEST(CsvNativeTest, EmptyFilesAndHeaderOnlyFiles) {
    EXPECT_TRUE(contains(fatal(""), "empty"));
    EXPECT_TRUE(contains(fatal("\xEF\xBB\xBF\r\n\r\n"), "empty"));

    const auto l = listing("invoice_number;customer_name;total\r\n");

    EXPECT_TRUE(l.invoices.empty());
    EXPECT_TRUE(l.complete);
}

TEST(CsvNativeTest, SourceNameGoesToTheListingAndInvoices) {
    CsvOptions o;
    o.source_name = "ventes";

    const auto l = listing("invoice_number;customer_name;total\nF-1;A;1\n", o);

    EXPECT_EQ(l.source, "ventes");
    EXPECT_EQ(l.invoices.at(0).source, "ventes");
}

// ---------------------------------------------------------------------------------------------
// Options

TEST(CsvOptionsTest, ValidateOptionsReportsBadValues) {
    const auto bad = [](auto change) {
        CsvOptions o;
        change(o);
        auto st = validate_options(o);
        EXPECT_FALSE(st.has_value());
        return st ? ""s : st.error().describe();
    };

    EXPECT_TRUE(validate_options(CsvOptions{}).has_value());
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.preset = "quickbooks"; }), "zoho_books"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) {
                             o.columns = {{"amount", "Total"}};
                         }),
                         "'amount'"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.separator = "|"; }), "separator"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.encoding = "latin1"; }), "encoding"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.decimal = "comma"; }), "decimal"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.date_format = "ymd"; }), "date_format"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.default_currency = "EURO"; }), "EURO"));
    EXPECT_TRUE(contains(bad([](CsvOptions& o) { o.status_aliases = {{"x", "pending!"}}; }), "x"));
    EXPECT_EQ(csv_presets().front(), "native");
    EXPECT_EQ(csv_presets().size(), 7U);
}

}  // namespace
}  // namespace relance::csv

namespace relance::csv {
namespace {

// The postal address and SIREN of the native layout, for formal-notice letters.
TEST(CsvAddressTest, AddressLinesFromLineBreaksOrBarsAndTheSiren) {
    const auto l = read_csv_invoices(
        "numero_facture;id_client;nom_client;email_client;date_echeance;montant_ttc;adresse;siren\n"
        "F-1;C-1;Boulangerie Lefèvre;a@x.example;2026-10-01;100,00;\"12, rue de l’Église\n"
        "Bât. B\n69002 Lyon\";552 100 554\n"
        "F-2;C-2;Zoë Müller;b@x.example;2026-10-01;100,00; Lieu-dit Les Écureuils | 07140 Les Vans |;\n"
        "F-3;C-3;Sans Adresse;c@x.example;2026-10-01;100,00;;\n",
        CsvOptions{}, "t.csv");
    ASSERT_TRUE(l.has_value()) << l.error().describe();
    ASSERT_EQ(l->customers.size(), 3u);
    ASSERT_TRUE(l->rejected.empty());

    EXPECT_EQ(l->customers[0].address,
              (std::vector<std::string>{"12, rue de l’Église", "Bât. B", "69002 Lyon"}));
    EXPECT_EQ(l->customers[0].siren, "552 100 554");
    EXPECT_EQ(l->customers[1].address,
              (std::vector<std::string>{"Lieu-dit Les Écureuils", "07140 Les Vans"}));
    EXPECT_TRUE(l->customers[2].address.empty());
    EXPECT_EQ(l->customers[2].siren, "");
}

}  // namespace
}  // namespace relance::csv
