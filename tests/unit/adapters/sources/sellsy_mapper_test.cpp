// SPDX-License-Identifier: MIT
// Sellsy v2 payload -> invoices, on tests/fixtures/sellsy/ (written in the documented v2 shape:
// no recorded invoice answer is public): statuses, remaining amounts, the billed company among
// `related`, the seek cursor, and companies with their dunning contact.
//
// Credit notes: n/a because a Sellsy v2 invoice shows no credited amount. Neither these fixtures
// nor ../shared/fixtures/api_sellsy (companies only: no invoice answer was recorded, and only the
// introduction of the v2 OpenAPI was read, see its PROVENANCE.md) nor API_NOTES.md has such a
// field; an avoir is a document of its own, and on the invoice only
// amounts.total_remaining_due_incl_tax falls. The mapper reads total_incl_tax and that remaining
// amount, so whatever settled the invoice counts as paid (Invoice::credited stays 0).
#include <gtest/gtest.h>

#include "adapters/sources/sellsy/sellsy_mapper.h"
#include "testing/sandbox.h"

namespace relance::sellsy {
namespace {

std::string fixture(const std::string& name) {
    return test::read_file(std::filesystem::path(RELANCE_FIXTURES) / "sellsy" / name);
}

TEST(SellsyMapperTest, ReadsAPageWithTheBilledCompanyAndTheSeekCursor) {
    auto page = parse_invoice_list(fixture("open_page1.json"), "sellsy");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    const Invoice& b = page->invoices[1];
    EXPECT_EQ(b.number, "FAC-2026-032");
    EXPECT_EQ(b.customer_id, "company:9002");  // the contact among `related` is not the one billed
    EXPECT_EQ(b.total.to_plain_string(), "600.00");
    EXPECT_EQ(b.amount_due().to_plain_string(), "250.00");
    EXPECT_EQ(b.payment_link, "https://sellsy.example/pub/invoice/5002");
    EXPECT_EQ(b.pdf_url, "https://sellsy.example/pdf/invoice/5002");
    EXPECT_EQ(page->remote_ids.at("FAC-2026-032"), "5002");
    EXPECT_TRUE(page->more);
    EXPECT_EQ(page->next, "WyI1MDAyIl0=");
    auto last = parse_invoice_list(fixture("open_page2.json"), "sellsy");
    ASSERT_TRUE(last.has_value());
    EXPECT_FALSE(last->more);  // a page shorter than the limit
}

TEST(SellsyMapperTest, PaidAndCancelledAreNeverDunnedAndUnknownStatusesRejected) {
    auto paid = parse_invoice(fixture("invoice_5001_paid.json"));
    ASSERT_TRUE(paid.has_value()) << paid.error().describe();
    EXPECT_EQ(paid->invoice.status, InvoiceStatus::Paid);
    EXPECT_EQ(paid->invoice.amount_due().minor(), 0);

    auto page = parse_invoice_list(R"({"data": [
        {"id": 1, "number": "A", "status": "cancelled", "currency": "EUR", "amounts": {"total_incl_tax": "10.00"},
         "related": [{"id": 3, "type": "individual"}]},
        {"id": 2, "number": "B", "status": "lost", "currency": "EUR", "amounts": {"total_incl_tax": "10.00"},
         "related": [{"id": 3, "type": "individual"}]}], "pagination": {"limit": 25, "count": 2, "offset": "x"}})",
                                   "sellsy");
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->invoices.size(), 1u);
    EXPECT_EQ(page->invoices[0].status, InvoiceStatus::Void);
    EXPECT_EQ(page->invoices[0].customer_id, "individual:3");
    ASSERT_EQ(page->rejected.size(), 1u);
    EXPECT_EQ(page->rejected[0].invoice_number, "B");
}

TEST(SellsyMapperTest, CompaniesPointToTheirDunningContact) {
    auto company = parse_party(fixture("company_9001.json"), "company");
    ASSERT_TRUE(company.has_value()) << company.error().describe();
    EXPECT_EQ(company->customer.id, "company:9001");
    EXPECT_EQ(company->customer.name, "Garage Dupont SARL");
    EXPECT_EQ(company->customer.siren, "123456789");
    EXPECT_EQ(company->contact_id, "7001");  // dunning_contact_id before the main contact
    auto plain = parse_party(fixture("company_9002.json"), "company");
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->contact_id, "");
    EXPECT_EQ(plain->customer.emails, std::vector<std::string>{"contact@morel.example"});
    EXPECT_EQ(*parse_contact_email(fixture("contact_7001.json")), "compta@dupont.example");
}

TEST(SellsyMapperTest, TheSearchAsksForOpenInvoicesOnly) {
    EXPECT_EQ(search_body(), R"({"filters":{"status":["due","payinprogress","late"]}})");
}

}  // namespace
}  // namespace relance::sellsy
