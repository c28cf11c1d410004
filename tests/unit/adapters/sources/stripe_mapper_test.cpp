// SPDX-License-Identifier: MIT
// Stripe payload -> invoices, on the recorded payloads of tests/fixtures/stripe/ (Stripe's own
// example objects, a captured dj-stripe invoice, and pages derived from them).
#include <gtest/gtest.h>

#include "adapters/sources/stripe/stripe_mapper.h"
#include "testing/sandbox.h"

namespace relance::stripe {
namespace {

using namespace std::chrono;

std::string fixture(const std::string& name) {
    return test::read_file(std::filesystem::path(RELANCE_FIXTURES) / "stripe" / name);
}
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

TEST(StripeMapperTest, MapsStripesExampleInvoiceObject) {
    auto f = parse_invoice(fixture("invoice.json"), "Europe/Paris");

    ASSERT_TRUE(f.has_value()) << f.error().describe();
    const Invoice& inv = f->invoice;
    EXPECT_EQ(f->remote_id, "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
    EXPECT_EQ(inv.number, "in_1Pgc6tB7WZ01zgkWu9fdqL6I");  // a draft has no number: its id
    EXPECT_EQ(inv.status, InvoiceStatus::Draft);
    EXPECT_EQ(inv.total.currency().code(), "USD");
    EXPECT_EQ(inv.total.minor(), 1000);  // integer minor units: 10.00 USD
    EXPECT_EQ(inv.amount_due().minor(), 1000);
    // 1234567890 = 2009-02-13T23:31:30Z: the 14th in Paris.
    EXPECT_EQ(inv.due_date, ymd(2009, 2, 14));
    EXPECT_EQ(inv.issue_date, ymd(2009, 2, 14));
    EXPECT_EQ(inv.customer_id, "cus_QXg1o8vcGmoR32");
}

TEST(StripeMapperTest, MapsACapturedPaidInvoice) {
    auto f = parse_invoice(fixture("invoice_paid.json"), "Europe/Paris");

    ASSERT_TRUE(f.has_value()) << f.error().describe();
    const Invoice& inv = f->invoice;
    EXPECT_EQ(inv.number, "E5B23224-0001");
    EXPECT_EQ(inv.status, InvoiceStatus::Paid);
    EXPECT_EQ(inv.paid.minor(), 2000);
    EXPECT_EQ(inv.amount_due().minor(), 0);
    EXPECT_FALSE(inv.due_date.has_value());  // charged automatically: no due date
    EXPECT_EQ(inv.payment_link, "https://pay.stripe.com/invoice/invst_5Z1RsP0atfAS4t9CCnnEDTDyUG");
    EXPECT_EQ(inv.pdf_url, "https://pay.stripe.com/invoice/invst_5Z1RsP0atfAS4t9CCnnEDTDyUG/pdf");
    ASSERT_TRUE(f->customer.has_value());
    EXPECT_EQ(f->customer->emails, std::vector<std::string>{"michael.smith@example.com"});
}

TEST(StripeMapperTest, TheResolutionDateIsWhenStripeSaysItWasClosedInTheCompanysZone) {
    // paid_at 1593225983 = 2020-06-27T02:46:23Z: the 27th in Paris, still the 26th in Los Angeles.
    auto paris = parse_invoice(fixture("invoice_paid.json"), "Europe/Paris");
    auto la = parse_invoice(fixture("invoice_paid.json"), "America/Los_Angeles");
    std::string voided = fixture("open_page1.json");
    auto open = parse_invoice_list(voided, "stripe", "Europe/Paris");

    ASSERT_TRUE(paris.has_value()) << paris.error().describe();
    ASSERT_TRUE(la.has_value());
    EXPECT_EQ(paris->invoice.resolved_on, ymd(2020, 6, 27));
    EXPECT_EQ(la->invoice.resolved_on, ymd(2020, 6, 26));
    ASSERT_TRUE(open.has_value());
    EXPECT_FALSE(open->invoices[0].resolved_on.has_value()) << "an open invoice has none";

    // A void invoice: voided_at (1775638800 = 2026-04-08T09:00:00Z); paid_at null.
    auto v = parse_invoice(R"({"id": "in_v", "number": "F-9", "status": "void", "currency": "eur",
        "total": 1000, "amount_paid": 0, "amount_remaining": 1000, "customer": "cus_1",
        "status_transitions": {"paid_at": null, "voided_at": 1775638800}})", "Europe/Paris");
    ASSERT_TRUE(v.has_value()) << v.error().describe();
    EXPECT_EQ(v->invoice.status, InvoiceStatus::Void);
    EXPECT_EQ(v->invoice.resolved_on, ymd(2026, 4, 8));
}

TEST(StripeMapperTest, ReadsAListPageWithItsCursor) {
    auto page = parse_invoice_list(fixture("open_page1.json"), "stripe", "Europe/Paris");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    EXPECT_TRUE(page->more);
    EXPECT_EQ(page->next, "in_1Test000000000000000002");
    const Invoice& b = page->invoices[1];
    EXPECT_EQ(b.number, "F-2026-0102");
    EXPECT_EQ(b.due_date, ymd(2026, 3, 31));
    EXPECT_EQ(b.total.minor(), 45000);
    EXPECT_EQ(b.paid.minor(), 15000);  // partly paid
    EXPECT_EQ(b.amount_due().minor(), 30000);
    EXPECT_EQ(page->remote_ids.at("F-2026-0102"), "in_1Test000000000000000002");
    ASSERT_EQ(page->customers.size(), 2u);
    EXPECT_EQ(page->customers[0].language, "fr");
    EXPECT_EQ(page->customers[0].name, "Atelier Roux");
}

TEST(StripeMapperTest, ZeroAndThreeDecimalCurrenciesInMinorUnits) {
    auto page = parse_invoice_list(fixture("open_page2.json"), "stripe", "Europe/Paris");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    EXPECT_FALSE(page->more);
    EXPECT_EQ(page->invoices[0].total.currency().code(), "JPY");
    EXPECT_EQ(page->invoices[0].total.to_plain_string(), "125000");
    EXPECT_EQ(page->invoices[1].total.currency().code(), "KWD");
    EXPECT_EQ(page->invoices[1].total.to_plain_string(), "1250.500");
    EXPECT_EQ(page->customers[0].language, "");  // ja-JP: the company's language
}

TEST(StripeMapperTest, TheListEnvelopeOfStripesExample) {
    auto page = parse_invoice_list(fixture("invoice_list.json"), "stripe", "UTC");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    EXPECT_TRUE(page->invoices.empty());  // its one invoice is a draft: never dunned, left out
    EXPECT_TRUE(page->rejected.empty());
    EXPECT_FALSE(page->more);
}

TEST(StripeMapperTest, AnUnreadableInvoiceIsARejectedRowAndTheRestIsKept) {
    auto page = parse_invoice_list(R"({"object": "list", "has_more": false, "data": [
        {"id": "in_1", "number": "A-1", "customer": "cus_1", "currency": "xxx", "total": 100,
         "amount_paid": 0, "amount_remaining": 100, "status": "open", "created": 1772355600},
        {"id": "in_2", "number": "A-2", "customer": "cus_1", "currency": "eur", "total": 100,
         "amount_paid": 0, "amount_remaining": 100, "status": "open", "created": 1772355600,
         "due_date": 1774951200}]})",
                                   "stripe", "Europe/Paris");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 1u);
    EXPECT_EQ(page->invoices[0].number, "A-2");
    ASSERT_EQ(page->rejected.size(), 1u);
    EXPECT_EQ(page->rejected[0].invoice_number, "A-1");
    EXPECT_NE(page->rejected[0].message.find("currency"), std::string::npos) << page->rejected[0].message;
}

TEST(StripeMapperTest, PaidByCreditNotesIsCredited) {
    auto f = parse_invoice(R"({"id": "in_9", "number": "A-9", "customer": "cus_1", "currency": "eur",
        "total": 5000, "amount_paid": 0, "amount_remaining": 0, "status": "paid",
        "post_payment_credit_notes_amount": 5000, "created": 1772355600})",
                           "Europe/Paris");

    ASSERT_TRUE(f.has_value()) << f.error().describe();
    EXPECT_EQ(f->invoice.status, InvoiceStatus::Credited);
    EXPECT_EQ(f->invoice.credited.minor(), 5000);
}

TEST(StripeMapperTest, MalformedJsonAndMissingListAreErrors) {
    EXPECT_EQ(parse_invoice_list("{\"data\": [", "stripe", "UTC").error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(parse_invoice_list("{\"object\": \"list\"}", "stripe", "UTC").error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(parse_invoice(R"({"id": "in_1", "status": "weird", "currency": "eur"})", "UTC").error().code,
              ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace relance::stripe
