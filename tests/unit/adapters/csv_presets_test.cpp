// SPDX-License-Identifier: MIT
// CSV source: the presets on files shaped like each tool's export (tests/fixtures/csv, see its
// PROVENANCE.md), the file-reading source, and the internals that have a rule of their own
// (detection of marks and layouts, the fast amount path). Expected values were worked out by hand
// from the fixture rows.
#include <algorithm>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "adapters/sources/csv/csv_source.h"
#include "adapters/sources/csv/detect.h"
#include "adapters/sources/csv/values.h"

namespace relance::csv {
namespace {

const std::string kFixtures = std::string(RELANCE_FIXTURES) + "/csv/";

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

SourceListing read_fixture(const std::string& file, CsvOptions options) {
    CsvSource source(kFixtures + file, std::move(options));
    auto r = source.list_unpaid();
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return r ? *r : SourceListing{};
}

CsvOptions preset(std::string name) {
    CsvOptions o;
    o.preset = std::move(name);
    return o;
}

const Invoice& invoice(const SourceListing& l, std::string_view number) {
    auto it = std::find_if(l.invoices.begin(), l.invoices.end(),
                           [&](const Invoice& i) { return i.number == number; });
    if (it == l.invoices.end()) {
        ADD_FAILURE() << "no invoice " << number;
        static const Invoice kNone;
        return kNone;
    }
    return *it;
}

const Customer& customer(const SourceListing& l, std::string_view id) {
    auto it = std::find_if(l.customers.begin(), l.customers.end(),
                           [&](const Customer& c) { return c.id == id; });
    if (it == l.customers.end()) {
        ADD_FAILURE() << "no customer " << id;
        static const Customer kNone;
        return kNone;
    }
    return *it;
}

// ---------------------------------------------------------------------------------------------
// Presets

TEST(CsvPresetTest, ZohoBooksLineItemsMakeOneInvoiceAndBalanceGivesPaid) {
    const auto l = read_fixture("zoho_invoices.csv", preset("zoho_books"));

    ASSERT_EQ(l.invoices.size(), 3U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "INV-000101");  // 2 lines; Total 1250.00, Balance 250.00
    EXPECT_EQ(a.total.minor(), 125000);
    EXPECT_EQ(a.paid.minor(), 100000);
    EXPECT_EQ(a.amount_due().minor(), 25000);
    EXPECT_EQ(a.status, InvoiceStatus::Open);  // "Overdue"
    EXPECT_EQ(a.issue_date, ymd(2026, 2, 13));
    EXPECT_EQ(a.due_date, ymd(2026, 3, 15));
    EXPECT_EQ(a.customer_id, "4815000000012001");
    const Invoice& b = invoice(l, "INV-000102");
    EXPECT_EQ(b.total.minor(), 48000);
    EXPECT_EQ(b.total.currency().code(), "USD");
    EXPECT_EQ(b.status, InvoiceStatus::Draft);
    const Invoice& c = invoice(l, "INV-000103");
    EXPECT_EQ(c.total.minor(), 9990);
    EXPECT_EQ(c.paid.minor(), 9990);
    EXPECT_EQ(c.status, InvoiceStatus::Paid);
    ASSERT_EQ(l.customers.size(), 2U);
    EXPECT_EQ(customer(l, "4815000000012001").name, "Boulangerie Martin");
    EXPECT_TRUE(customer(l, "4815000000012001").emails.empty());  // not in this export
    EXPECT_EQ(customer(l, "4815000000012002").name, "Atelier Dubois");
}

TEST(CsvPresetTest, FreshBooksSumsLineTotals) {
    const auto l = read_fixture("freshbooks_invoices.csv", preset("freshbooks"));

    ASSERT_EQ(l.invoices.size(), 2U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "0000101");  // 650.00 + 490.00 + 60.50
    EXPECT_EQ(a.total.minor(), 120050);
    EXPECT_EQ(a.paid.minor(), 0);
    EXPECT_EQ(a.status, InvoiceStatus::Open);  // "sent"
    EXPECT_EQ(a.issue_date, ymd(2026, 1, 28));
    EXPECT_FALSE(a.due_date.has_value());  // FreshBooks exports no due date
    EXPECT_EQ(a.customer_id, "Garage Leroy");
    const Invoice& b = invoice(l, "0000102");  // 240.00 + 48.00 VAT
    EXPECT_EQ(b.total.minor(), 28800);
    EXPECT_EQ(b.paid.minor(), 28800);
    EXPECT_EQ(b.status, InvoiceStatus::Paid);
    EXPECT_EQ(l.customers.size(), 2U);
}

TEST(CsvPresetTest, InvoiceNinjaSkipsThePreambleAndReadsDollarAmounts) {
    const auto l = read_fixture("invoice_ninja_invoices.csv", preset("invoice_ninja"));

    ASSERT_EQ(l.invoices.size(), 3U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "0042");  // two line-item rows, "$1,020.00" / "$500.00"
    EXPECT_EQ(a.total.minor(), 102000);
    EXPECT_EQ(a.paid.minor(), 50000);
    EXPECT_EQ(a.status, InvoiceStatus::Open);  // "Partial"
    EXPECT_EQ(a.issue_date, ymd(2026, 1, 5));
    EXPECT_EQ(a.due_date, ymd(2026, 2, 4));
    EXPECT_EQ(a.customer_id, "compta@imprimerie-petit.example");
    EXPECT_EQ(invoice(l, "0043").total.minor(), 7550);
    EXPECT_EQ(invoice(l, "0044").status, InvoiceStatus::Paid);
    EXPECT_EQ(invoice(l, "0044").paid.minor(), 3000);
    // Cafe@Moreau.example and cafe@moreau.example are one customer, spelled as first seen.
    ASSERT_EQ(l.customers.size(), 2U);
    EXPECT_EQ(invoice(l, "0044").customer_id, "cafe@moreau.example");
    EXPECT_EQ(customer(l, "cafe@moreau.example").emails,
              std::vector<std::string>{"Cafe@Moreau.example"});
    EXPECT_EQ(customer(l, "cafe@moreau.example").name, "Caf\xC3\xA9 Moreau");
}

TEST(CsvPresetTest, WaveKeepsOnlyAccountsReceivableRows) {
    const auto l = read_fixture("wave_invoices.csv", preset("wave"));

    ASSERT_EQ(l.invoices.size(), 2U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "7");  // +480.00 invoiced, -80.00 paid
    EXPECT_EQ(a.total.minor(), 48000);
    EXPECT_EQ(a.paid.minor(), 8000);
    EXPECT_EQ(a.status, InvoiceStatus::Open);
    EXPECT_EQ(a.issue_date, ymd(2026, 2, 1));
    EXPECT_EQ(a.customer_id, "Fleuriste Garnier");
    const Invoice& b = invoice(l, "8");  // +150.00 invoiced, -150.00 paid
    EXPECT_EQ(b.total.minor(), 15000);
    EXPECT_EQ(b.paid.minor(), 15000);
    EXPECT_EQ(b.status, InvoiceStatus::Paid);
    EXPECT_EQ(b.issue_date, ymd(2026, 2, 3));
    EXPECT_EQ(l.customers.size(), 2U);
}

TEST(CsvPresetTest, Invoice2goReadsBalanceTermsAndItsStatuses) {
    const auto l = read_fixture("invoice2go_invoices.csv", preset("invoice2go"));

    ASSERT_EQ(l.invoices.size(), 3U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "12");  // total 1190.4, balance 590.4, net 30
    EXPECT_EQ(a.total.minor(), 119040);
    EXPECT_EQ(a.paid.minor(), 60000);
    EXPECT_EQ(a.status, InvoiceStatus::Open);
    EXPECT_EQ(a.issue_date, ymd(2026, 2, 1));
    EXPECT_EQ(a.due_date, ymd(2026, 3, 3));  // 1 Feb + 30 days (28-day February)
    EXPECT_EQ(a.customer_id, "contact@plomberie-lambert.example");
    const Invoice& b = invoice(l, "13");  // unsent, due on receipt
    EXPECT_EQ(b.status, InvoiceStatus::Draft);
    EXPECT_EQ(b.total.minor(), 7020);
    EXPECT_EQ(b.due_date, ymd(2026, 2, 5));
    const Invoice& c = invoice(l, "14");  // fully_paid, net 14 from 10 Jan
    EXPECT_EQ(c.status, InvoiceStatus::Paid);
    EXPECT_EQ(c.paid.minor(), 36720);
    EXPECT_EQ(c.due_date, ymd(2026, 1, 24));
    ASSERT_EQ(l.customers.size(), 2U);
    EXPECT_EQ(customer(l, "contact@plomberie-lambert.example").name, "Plomberie Lambert");
}

TEST(CsvPresetTest, IbmSampleUsesSettledDatesUpToAsOf) {
    CsvOptions o = preset("ibm_ar");
    o.as_of = ymd(2026, 2, 28);

    const auto l = read_fixture("ibm_ar.csv", o);

    ASSERT_EQ(l.invoices.size(), 4U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "0000123456");  // settled 1/15/2026, before as_of
    EXPECT_EQ(a.status, InvoiceStatus::Paid);
    EXPECT_EQ(a.total.minor(), 5594);
    EXPECT_EQ(a.paid.minor(), 5594);
    EXPECT_EQ(a.issue_date, ymd(2026, 1, 2));
    EXPECT_EQ(a.due_date, ymd(2026, 2, 1));
    EXPECT_EQ(a.total.currency().code(), "EUR");  // no currency column: the default
    EXPECT_EQ(a.customer_id, "0421-ABCDE");
    const Invoice& b = invoice(l, "0000123457");  // settled 3/3/2026, after as_of; disputed
    EXPECT_EQ(b.status, InvoiceStatus::Disputed);
    EXPECT_EQ(b.paid.minor(), 0);
    EXPECT_EQ(b.due_date, ymd(2026, 2, 25));
    EXPECT_EQ(invoice(l, "0000123458").status, InvoiceStatus::Disputed);
    const Invoice& d = invoice(l, "0000123459");
    EXPECT_EQ(d.status, InvoiceStatus::Open);
    EXPECT_EQ(d.total.minor(), 9400);
    ASSERT_EQ(l.customers.size(), 2U);
    EXPECT_EQ(customer(l, "7730-FGHIJ").name, "7730-FGHIJ");
}

TEST(CsvPresetTest, IbmSampleWithoutAsOfTakesEverySettledDate) {
    CsvOptions o = preset("ibm_ar");
    o.default_currency = "USD";

    const auto l = read_fixture("ibm_ar.csv", o);

    EXPECT_EQ(invoice(l, "0000123457").status, InvoiceStatus::Paid);
    EXPECT_EQ(invoice(l, "0000123457").paid.minor(), 6174);
    EXPECT_EQ(invoice(l, "0000123459").total.currency().code(), "USD");
}

TEST(CsvPresetTest, NativeFrenchWindows1252File) {
    const auto l = read_fixture("native_fr_cp1252.csv", CsvOptions{});

    ASSERT_EQ(l.invoices.size(), 3U);
    EXPECT_TRUE(l.rejected.empty());
    const Invoice& a = invoice(l, "F-2026-0042");
    EXPECT_EQ(a.total.minor(), 123456);
    EXPECT_EQ(a.paid.minor(), 20000);
    EXPECT_EQ(a.issue_date, ymd(2026, 2, 12));
    EXPECT_EQ(a.due_date, ymd(2026, 3, 14));
    EXPECT_EQ(a.payment_link, "https://pay.example/i/42");
    EXPECT_EQ(invoice(l, "F-2026-0043").total.minor(), 8000);  // "80,00 €"
    const Invoice& c = invoice(l, "F-2026-0044");              // credit note of the whole amount
    EXPECT_EQ(c.credited.minor(), 60000);
    EXPECT_EQ(c.amount_due().minor(), 0);
    ASSERT_EQ(l.customers.size(), 2U);
    EXPECT_EQ(customer(l, "C-017").name, "Boulangerie Lef\xC3\xA8vre SARL");  // first row wins
    EXPECT_EQ(customer(l, "C-017").tags, std::vector<std::string>{"vip"});
    const Customer& oeuvre = customer(l, "C-018");
    EXPECT_EQ(oeuvre.name, "Caf\xC3\xA9 de l\xE2\x80\x99\xC5\x92uvre");
    EXPECT_EQ(oeuvre.emails, (std::vector<std::string>{"a@oeuvre.example", "b@oeuvre.example"}));
    EXPECT_EQ(oeuvre.type, CustomerType::B2C);
    EXPECT_EQ(oeuvre.language, "fr");
}

TEST(CsvPresetTest, LineItemsThatDisagreeDropTheInvoice) {
    const std::string text =
        "Client,Email,Invoice Number,Amount,Paid,Status,Invoice Date,Due Date\n"
        "A,a@x.example,1,$10.00,$0.00,Sent,2026-01-01,2026-01-31\n"
        "A,a@x.example,1,$12.00,$0.00,Sent,2026-01-01,2026-01-31\n"
        "B,b@x.example,2,$5.00,$0.00,Sent,2026-01-01,2026-01-31\n";

    auto r = read_csv_invoices(text, preset("invoice_ninja"), "in.csv");

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    ASSERT_EQ(r->invoices.size(), 1U);
    EXPECT_EQ(r->invoices[0].number, "2");
    ASSERT_EQ(r->customers.size(), 1U);  // A has no invoice left
    ASSERT_EQ(r->rejected.size(), 1U);
    EXPECT_EQ(r->rejected[0].line, 3);
    EXPECT_EQ(r->rejected[0].field, "Amount");
    EXPECT_EQ(r->rejected[0].invoice_number, "1");
    EXPECT_TRUE(r->complete);
}

TEST(CsvPresetTest, ABadLineDropsItsFreshBooksInvoice) {
    const std::string text =
        "Client Name,Invoice #,Date Issued,Invoice Status,Date Paid,Line Total,Currency\n"
        "A,0001,2026-01-05,sent,,10.00,EUR\n"
        "A,0001,2026-01-05,sent,,ten,EUR\n"
        "A,0002,2026-01-05,sent,,-3.00,EUR\n"
        "A,0002,2026-01-05,sent,,1.00,EUR\n"
        "B,0003,2026-01-05,sent,,4.00,EUR\n";

    auto r = read_csv_invoices(text, preset("freshbooks"), "fb.csv");

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    ASSERT_EQ(r->invoices.size(), 1U);
    EXPECT_EQ(r->invoices[0].number, "0003");
    ASSERT_EQ(r->rejected.size(), 2U);
    EXPECT_EQ(r->rejected[0].line, 3);
    EXPECT_EQ(r->rejected[0].field, "Line Total");
    EXPECT_EQ(r->rejected[0].invoice_number, "0001");
    EXPECT_EQ(r->rejected[1].line, 4);  // -3.00 + 1.00 = -2.00: a negative invoice
    EXPECT_EQ(r->rejected[1].invoice_number, "0002");
}

TEST(CsvPresetTest, ConfiguredColumnReplacesThePresetOne) {
    CsvOptions o = preset("freshbooks");
    o.columns = {{"due_date", "Due"}};

    auto r = read_csv_invoices(
        "Client Name,Invoice #,Date Issued,Due,Invoice Status,Line "
        "Total\nA,7,2026-01-05,2026-02-04,sent,1.00\n",
        o, "fb.csv");

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->invoices.at(0).due_date, ymd(2026, 2, 4));
}

// ---------------------------------------------------------------------------------------------
// The file source

TEST(CsvSourceTest, AMissingFileIsNotFound) {
    CsvSource source(kFixtures + "no_such_file.csv", CsvOptions{});

    auto r = source.list_unpaid();

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().describe().find("no_such_file.csv"), std::string::npos);
}

TEST(CsvSourceTest, ADirectoryIsInvalidInput) {
    CsvSource source(kFixtures, CsvOptions{});

    auto r = source.list_unpaid();

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
}

TEST(CsvSourceTest, NameIsTheConfiguredSourceName) {
    CsvOptions o;
    o.source_name = "export-ventes";
    CsvSource source("unused.csv", o);

    EXPECT_EQ(source.name(), "export-ventes");
}

TEST(CsvSourceTest, RejectedRowsNameTheFile) {
    // Read without its preset, the Zoho export still has native-looking headers (Invoice Number,
    // Customer Name, Total), so its second line-item row is a duplicate invoice number.
    const auto l = read_fixture("zoho_invoices.csv", CsvOptions{});

    EXPECT_EQ(l.invoices.size(), 3U);
    ASSERT_EQ(l.rejected.size(), 1U);
    EXPECT_EQ(l.rejected[0].file, kFixtures + "zoho_invoices.csv");
    EXPECT_EQ(l.rejected[0].line, 3);
    EXPECT_EQ(l.rejected[0].field, "Invoice Number");
    EXPECT_EQ(l.rejected[0].invoice_number, "INV-000101");
}

// ---------------------------------------------------------------------------------------------
// Whole-file decisions made after the first rows

TEST(CsvDetectionTest, EvidenceLateInTheFileStillDecidesForEveryRow) {
    // 1200 rows say nothing ("1,234" and 03/04/2026 are ambiguous); the last row decides: a
    // decimal comma and day-first dates. So every "1,234" is 1.234 EUR (rejected), and every
    // 03/04/2026 is the 3rd of April.
    std::string text = "invoice_number,customer_name,total,due_date\n";
    for (int i = 1; i <= 1200; ++i)
        text += "F-" + std::to_string(i) + ",A,\"1,234\",03/04/2026\n";
    text += "F-last,B,\"5,50\",13/04/2026\n";

    auto r = read_csv_invoices(text, CsvOptions{}, "late.csv");

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    ASSERT_EQ(r->invoices.size(), 1U);
    EXPECT_EQ(r->invoices[0].total.minor(), 550);
    EXPECT_EQ(r->invoices[0].due_date, ymd(2026, 4, 13));
    ASSERT_EQ(r->rejected.size(), 1200U);
    EXPECT_EQ(r->rejected.front().line, 2);
    EXPECT_EQ(r->rejected.back().line, 1201);
}

TEST(CsvDetectionTest, ClassifiesAmounts) {
    using detail::classify_amount;
    using detail::MarkEvidence;

    EXPECT_EQ(classify_amount("35,00"), MarkEvidence::Comma);
    EXPECT_EQ(classify_amount("12,5"), MarkEvidence::Comma);
    EXPECT_EQ(classify_amount("1.234,56"), MarkEvidence::Comma);
    EXPECT_EQ(classify_amount("1.234.567"), MarkEvidence::Comma);
    EXPECT_EQ(classify_amount("0,125"), MarkEvidence::Comma);
    EXPECT_EQ(classify_amount("35.00"), MarkEvidence::Point);
    EXPECT_EQ(classify_amount("$1,020.00"), MarkEvidence::Point);
    EXPECT_EQ(classify_amount("1,234,567"), MarkEvidence::Point);
    EXPECT_EQ(classify_amount("1,234"), MarkEvidence::Ambiguous);
    EXPECT_EQ(classify_amount("1.234"), MarkEvidence::Ambiguous);
    EXPECT_EQ(classify_amount("-590"), MarkEvidence::None);
    EXPECT_EQ(classify_amount("1,2345"), MarkEvidence::None);
}

TEST(CsvDetectionTest, ClassifiesDates) {
    using detail::classify_date;
    using detail::DateShape;

    EXPECT_EQ(classify_date("2026-03-14"), DateShape::Iso);
    EXPECT_EQ(classify_date("14/03/2026"), DateShape::DayFirst);
    EXPECT_EQ(classify_date("14.03.2026"), DateShape::DayFirst);
    EXPECT_EQ(classify_date("3/14/2026"), DateShape::MonthFirst);
    EXPECT_EQ(classify_date("03/04/2026"), DateShape::Ambiguous);
    EXPECT_EQ(classify_date("03/03/2026"), DateShape::Symmetric);
    EXPECT_EQ(classify_date("14/14/2026"), DateShape::None);
    EXPECT_EQ(classify_date("14/03/26"), DateShape::None);
    EXPECT_EQ(classify_date("Jan 28 2021"), DateShape::None);
}

// ---------------------------------------------------------------------------------------------
// Fast amount path

TEST(CsvAmountPathTest, PlainAmountsReadLikeParseMoney) {
    const Currency eur = Currency::eur();
    EXPECT_EQ(detail::parse_plain_amount("95497,56", eur, DecimalMark::Comma)->minor(), 9549756);
    EXPECT_EQ(detail::parse_plain_amount("7", eur, DecimalMark::Point)->minor(), 700);
    EXPECT_EQ(detail::parse_plain_amount("0.5", eur, DecimalMark::Point)->minor(), 50);
    EXPECT_FALSE(detail::parse_plain_amount("0,5", eur, DecimalMark::Point).has_value());
    EXPECT_FALSE(detail::parse_plain_amount("1.234,5", eur, DecimalMark::Comma).has_value());
    EXPECT_FALSE(detail::parse_plain_amount("-5", eur, DecimalMark::Point).has_value());
    EXPECT_FALSE(detail::parse_plain_amount("5.", eur, DecimalMark::Point).has_value());
    EXPECT_FALSE(detail::parse_plain_amount("", eur, DecimalMark::Point).has_value());
}

// Wherever the fast path answers, it must give exactly what core parse_money gives.
TEST(CsvAmountPathTest, AgreesWithParseMoneyOnEveryCombination) {
    const std::vector<std::string> ints = {
        "0", "7", "35", "1234", "000123", "999999999999999", "100000000000000", "1000000000000000",
        ""};
    const std::vector<std::string> fracs = {"", "5", "50", "505", "5050"};
    int answered = 0;
    for (const char* code : {"EUR", "JPY", "KWD"}) {
        const Currency cur = *Currency::from_code(code);
        for (DecimalMark mark : {DecimalMark::Comma, DecimalMark::Point}) {
            for (char sep : {',', '.'}) {
                for (const auto& i : ints) {
                    for (const auto& f : fracs) {
                        const std::string text = f.empty() ? i : i + sep + f;
                        const auto fast = detail::parse_plain_amount(text, cur, mark);
                        if (!fast) continue;
                        ++answered;
                        const auto slow = parse_money(text, cur, mark);
                        ASSERT_TRUE(slow.has_value()) << text << " " << code;
                        EXPECT_EQ(fast->minor(), slow->minor()) << text << " " << code;
                        EXPECT_EQ(fast->currency(), slow->currency());
                    }
                }
            }
        }
    }
    EXPECT_GT(answered, 100);
}

}  // namespace
}  // namespace relance::csv
