// SPDX-License-Identifier: MIT
// FreshBooks and Zoho Books payloads -> invoices, on tests/fixtures/freshbooks/ (the official
// SDK's test bodies, and pages derived from them) and tests/fixtures/zoho/ (written in Zoho's
// documented shape): amounts as decimal strings (FreshBooks) and JSON decimals (Zoho), what is
// outstanding, statuses, pagination, Zoho's errors answered with HTTP 200.
//
// FreshBooks credit notes: n/a because a FreshBooks invoice has no credited amount. Its money
// fields are amount, outstanding, paid and discount_total (../shared/fixtures/api_freshbooks/
// invoice_single_GET.json); a credit applied to an invoice is recorded as a payment
// (payment_single_GET.json: creditid, from_credit), so it shows in paid like money received and
// the mapper cannot tell it apart (what it reads: amount - outstanding - paid = credited, 0 here).
#include <gtest/gtest.h>

#include "adapters/sources/freshbooks/freshbooks_mapper.h"
#include "adapters/sources/zoho/zoho_mapper.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

using namespace std::chrono;

std::string fixture(const std::string& name) {
    return test::read_file(std::filesystem::path(RELANCE_FIXTURES) / name);
}
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

TEST(FreshBooksMapperTest, TheSdksDraftInvoiceIsLeftOut) {
    auto page = freshbooks::parse_invoice_list(fixture("freshbooks/invoices_list_GET.json"), "freshbooks");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    EXPECT_TRUE(page->invoices.empty());  // v3_status "draft"
    EXPECT_FALSE(page->more);             // page 1 of 1
    auto one = freshbooks::parse_invoice(fixture("freshbooks/invoice_single_GET.json"));
    ASSERT_TRUE(one.has_value()) << one.error().describe();
    EXPECT_EQ(one->invoice.number, "SS007");
    EXPECT_EQ(one->invoice.total.to_plain_string(), "1222.00");
    ASSERT_TRUE(one->customer.has_value());
    EXPECT_EQ(one->customer->emails, std::vector<std::string>{"gavin.belson@domain.com"});
    EXPECT_EQ(one->customer->name, "Hooli");
}

TEST(FreshBooksMapperTest, OutstandingIsWhatIsOwedAndPaidInvoicesAreRecordedSo) {
    auto page = freshbooks::parse_invoice_list(fixture("freshbooks/open_page1.json"), "freshbooks");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    EXPECT_TRUE(page->more);
    const Invoice& b = page->invoices[1];
    EXPECT_EQ(b.total.currency().code(), "CAD");
    EXPECT_EQ(b.paid.to_plain_string(), "300.00");
    EXPECT_EQ(b.amount_due().to_plain_string(), "500.00");
    EXPECT_EQ(b.due_date, ymd(2026, 3, 31));
    EXPECT_EQ(page->remote_ids.at("FB-0102"), "318002");
    auto last = freshbooks::parse_invoice_list(fixture("freshbooks/open_page2.json"), "freshbooks");
    ASSERT_TRUE(last.has_value());
    EXPECT_FALSE(last->more);
    EXPECT_EQ(last->invoices[0].status, InvoiceStatus::Paid);
    EXPECT_FALSE(last->invoices[0].resolved_on.has_value());  // date_paid null: the run's date
    auto dated = freshbooks::parse_invoice_list(
        [] {
            std::string body = fixture("freshbooks/open_page2.json");
            const std::string null_paid = "\"date_paid\": null";
            body.replace(body.find(null_paid), null_paid.size(), "\"date_paid\": \"2026-04-09\"");
            return body;
        }(),
        "freshbooks");
    ASSERT_TRUE(dated.has_value()) << dated.error().describe();
    EXPECT_EQ(dated->invoices[0].resolved_on, ymd(2026, 4, 9));
}

TEST(ZohoMapperTest, JsonDecimalsBalanceAndTheHostedInvoice) {
    auto page = zoho::parse_invoice_list(fixture("zoho/open_page1.json"), "zoho");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    EXPECT_TRUE(page->more);  // has_more_page
    const Invoice& a = page->invoices[0];
    EXPECT_EQ(a.number, "INV-000101");
    EXPECT_EQ(a.total.to_plain_string(), "1180.00");
    EXPECT_EQ(a.payment_link, "https://books.zoho.eu/portal/relance/secure?CInvoiceID=982000000567114");
    EXPECT_EQ(page->invoices[1].amount_due().to_plain_string(), "140.50");  // written 140.5
    EXPECT_EQ(page->customers[0].emails, std::vector<std::string>{"accounts@bowman.example"});
    auto last = zoho::parse_invoice_list(fixture("zoho/open_page2.json"), "zoho");
    ASSERT_TRUE(last.has_value());
    EXPECT_FALSE(last->more);
    EXPECT_EQ(last->invoices[0].total.to_plain_string(), "99.00");  // an integer
}

TEST(ZohoMapperTest, PaidInvoiceAndErrorsAnsweredWith200) {
    auto paid = zoho::parse_invoice(fixture("zoho/invoice_101_paid.json"));
    ASSERT_TRUE(paid.has_value()) << paid.error().describe();
    EXPECT_EQ(paid->invoice.status, InvoiceStatus::Paid);

    auto refused = zoho::parse_invoice_list(fixture("zoho/error_code.json"), "zoho");
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::Rejected);
    EXPECT_NE(refused.error().describe().find("not authorized"), std::string::npos);
}

}  // namespace
}  // namespace relance
