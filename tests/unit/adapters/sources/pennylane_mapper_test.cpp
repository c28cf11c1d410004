// SPDX-License-Identifier: MIT
// Pennylane v2 payload -> invoices, on tests/fixtures/pennylane/ (bodies built from Pennylane's
// OpenAPI examples, and pages derived from them): decimal strings, remaining amounts, statuses
// (the `paid` flag is not trusted), credit notes left out, customers with several e-mails.
#include <gtest/gtest.h>

#include "adapters/sources/pennylane/pennylane_mapper.h"
#include "testing/sandbox.h"

namespace relance::pennylane {
namespace {

using namespace std::chrono;

std::string fixture(const std::string& name) {
    return test::read_file(std::filesystem::path(RELANCE_FIXTURES) / "pennylane" / name);
}
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

TEST(PennylaneMapperTest, MapsTheSpecsExampleInvoice) {
    auto page = parse_invoice_list(fixture("customer_invoices_list_GET.json"), "pennylane");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 1u);
    const Invoice& inv = page->invoices[0];
    EXPECT_EQ(inv.number, "F20230001");
    EXPECT_EQ(page->remote_ids.at("F20230001"), "42");
    EXPECT_EQ(inv.status, InvoiceStatus::Void);  // "archived", although `paid` says false
    EXPECT_EQ(inv.total.to_plain_string(), "230.32");
    EXPECT_EQ(inv.amount_due().to_plain_string(), "20.00");
    EXPECT_EQ(inv.due_date, ymd(2020, 9, 2));
    EXPECT_EQ(inv.customer_id, "42");
    EXPECT_TRUE(inv.pdf_url.empty());  // public_file_url expires after 30 minutes
    EXPECT_TRUE(page->more);
    EXPECT_EQ(page->next, "dXBkYXRlZF9hdDoxNjc0MTIzNDU2");
}

TEST(PennylaneMapperTest, PartlyPaidInvoiceOwesItsRemainingAmount) {
    auto page = parse_invoice_list(fixture("open_page1.json"), "pennylane");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    const Invoice& b = page->invoices[1];
    EXPECT_EQ(b.number, "F-2026-0202");
    EXPECT_EQ(b.status, InvoiceStatus::Open);
    EXPECT_EQ(b.total.to_plain_string(), "480.50");
    EXPECT_EQ(b.paid.to_plain_string(), "300.00");
    EXPECT_EQ(b.amount_due().to_plain_string(), "180.50");
    EXPECT_EQ(b.issue_date, ymd(2026, 3, 1));
    EXPECT_EQ(b.due_date, ymd(2026, 3, 31));
    EXPECT_EQ(customer_ids(*page), (std::vector<std::string>{"501", "502"}));
}

TEST(PennylaneMapperTest, CreditNotesAndDraftsAreLeftOutAndUnknownStatusesRejected) {
    auto page = parse_invoice_list(R"({"has_more": false, "next_cursor": null, "items": [
        {"id": 1, "invoice_number": "AV-1", "status": "credit_note", "currency": "EUR",
         "currency_amount": "-50.00", "customer": {"id": 7}},
        {"id": 2, "invoice_number": "D-1", "status": "draft", "currency": "EUR",
         "currency_amount": "50.00", "customer": {"id": 7}},
        {"id": 3, "invoice_number": "X-1", "status": "someday", "currency": "EUR",
         "currency_amount": "50.00", "customer": {"id": 7}},
        {"id": 4, "invoice_number": "C-1", "status": "cancelled", "currency": "USD",
         "currency_amount": 75.5, "remaining_amount_with_tax": 0.0, "customer": {"id": 7},
         "date": "2026-01-01", "deadline": "2026-01-31"}]})",
                                   "pennylane");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 1u);
    EXPECT_EQ(page->invoices[0].status, InvoiceStatus::Credited);
    EXPECT_EQ(page->invoices[0].total.to_plain_string(), "75.50");  // a JSON decimal, read as text
    ASSERT_EQ(page->rejected.size(), 1u);
    EXPECT_EQ(page->rejected[0].invoice_number, "X-1");
}

TEST(PennylaneMapperTest, CustomersWithTheirEmailsLanguageAndType) {
    auto page = parse_customers(fixture("customers.json"));

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->customers.size(), 3u);
    EXPECT_EQ(page->customers[1].emails,
              (std::vector<std::string>{"factures@lenoir.example", "direction@lenoir.example"}));
    EXPECT_EQ(page->customers[2].language, "en");
    EXPECT_EQ(page->customers[2].type, CustomerType::B2C);
    auto one = parse_customer(fixture("customer_single_GET.json"));
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->name, "My company");
    EXPECT_EQ(one->emails, std::vector<std::string>{"hello@example.org"});
}

TEST(PennylaneMapperTest, FiltersAreJsonArrays) {
    EXPECT_EQ(invoice_filter(""),
              R"([{"field":"draft","operator":"eq","value":"false"},{"field":"credit_note","operator":"eq","value":"false"}])");
    EXPECT_EQ(customer_filter({"501", "502"}), R"([{"field":"id","operator":"in","value":["501","502"]}])");
}

TEST(PennylaneMapperTest, MalformedBodiesAreErrors) {
    EXPECT_EQ(parse_invoice_list("{\"items\": [", "pennylane").error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(parse_invoice(fixture("error_401.json")).error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace relance::pennylane
