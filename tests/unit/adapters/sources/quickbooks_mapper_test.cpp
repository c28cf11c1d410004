// SPDX-License-Identifier: MIT
// QuickBooks Online payload -> invoices, on tests/fixtures/quickbooks/ (QBO's JSON form of the
// quickbooks-ruby recorded invoice, and pages written in that shape): no status field, so open
// while Balance > 0; voided with zero amounts and "Voided"; BillEmail and InvoiceLink.
#include <gtest/gtest.h>

#include "adapters/sources/quickbooks/quickbooks_mapper.h"
#include "testing/sandbox.h"

namespace relance::quickbooks {
namespace {

using namespace std::chrono;

std::string fixture(const std::string& name) {
    return test::read_file(std::filesystem::path(RELANCE_FIXTURES) / "quickbooks" / name);
}
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

TEST(QuickBooksMapperTest, MapsTheRecordedInvoice) {
    auto page = parse_query(fixture("invoices_query.json"), "quickbooks", 1000);

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 1u);
    const Invoice& inv = page->invoices[0];
    EXPECT_EQ(inv.number, "1001");
    EXPECT_EQ(inv.status, InvoiceStatus::Open);
    EXPECT_EQ(inv.total.to_plain_string(), "50.00");
    EXPECT_EQ(inv.due_date, ymd(2013, 11, 30));
    EXPECT_EQ(inv.customer_id, "2");
    EXPECT_EQ(page->customers[0].name, "Sunset Bakery");
    EXPECT_EQ(page->customers[0].emails, std::vector<std::string>{"Surf@Intuit.com"});
    EXPECT_FALSE(page->more);
}

TEST(QuickBooksMapperTest, BalanceGivesWhatIsOwedAndAShortPageIsTheLast) {
    auto page = parse_query(fixture("open_page1.json"), "quickbooks", 2);

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    EXPECT_TRUE(page->more);
    EXPECT_EQ(page->invoices[1].amount_due().to_plain_string(), "75.50");
    EXPECT_EQ(page->invoices[1].paid.to_plain_string(), "300.00");
    EXPECT_EQ(page->invoices[0].payment_link, "https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-130");
    auto last = parse_query(fixture("open_page2.json"), "quickbooks", 2);
    ASSERT_TRUE(last.has_value());
    EXPECT_FALSE(last->more);
    EXPECT_EQ(last->invoices[0].total.to_plain_string(), "80.00");  // an integer amount
    auto none = parse_query(R"({"QueryResponse": {}, "time": "x"})", "quickbooks", 2);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->invoices.empty());
}

TEST(QuickBooksMapperTest, PaidAndVoidedFromTheirAmounts) {
    auto paid = parse_invoice(fixture("invoice_130_paid.json"));
    ASSERT_TRUE(paid.has_value()) << paid.error().describe();
    EXPECT_EQ(paid->invoice.status, InvoiceStatus::Paid);
    auto voided = parse_invoice(fixture("invoice_132_voided.json"));
    ASSERT_TRUE(voided.has_value());
    EXPECT_EQ(voided->invoice.status, InvoiceStatus::Void);
}

TEST(QuickBooksMapperTest, TheQueryPagesByStartPosition) {
    EXPECT_EQ(invoice_query(1, 1000), "select * from Invoice where Balance > '0' ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000");
    EXPECT_EQ(invoice_query(3, 100), "select * from Invoice where Balance > '0' ORDERBY Id STARTPOSITION 201 MAXRESULTS 100");
}

}  // namespace
}  // namespace relance::quickbooks
