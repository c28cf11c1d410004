// SPDX-License-Identifier: MIT
// Google Sheets values and Airtable records -> CSV for the CSV reader, and Axonaut payloads ->
// invoices, on tests/fixtures/{sheets,airtable,axonaut}/ (written in each API's documented shape).
#include <gtest/gtest.h>

#include "adapters/sources/airtable/airtable_mapper.h"
#include "adapters/sources/axonaut/axonaut_mapper.h"
#include "adapters/sources/csv/csv_source.h"
#include "adapters/sources/sheets/sheets_mapper.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

std::string fixture(const std::string& name) {
    return test::read_file(std::filesystem::path(RELANCE_FIXTURES) / name);
}

TEST(SheetsMapperTest, ValuesBecomeCsvTheCsvReaderReads) {
    auto csv = sheets::values_to_csv(fixture("sheets/values.json"));

    ASSERT_TRUE(csv.has_value()) << csv.error().describe();
    EXPECT_NE(csv->find(R"("Cave ""Les Trois""")"), std::string::npos);  // quotes doubled
    auto listing = csv::read_csv_invoices(*csv, csv::CsvOptions{}, "sheet");
    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    ASSERT_EQ(listing->invoices.size(), 3u);
    EXPECT_EQ(listing->invoices[0].total.to_plain_string(), "1234.56");  // "1 234,56 €"
    EXPECT_EQ(listing->invoices[1].amount_due().to_plain_string(), "300.00");
    EXPECT_FALSE(sheets::values_to_csv(R"({"range": "A1:B2", "majorDimension": "ROWS"})").has_value());
}

TEST(AirtableMapperTest, FieldsAreWrittenUnderRelancesColumnNames) {
    const std::map<std::string, std::string> fields = {
        {"invoice_number", "Numéro"}, {"customer_id", "Client"},  {"customer_name", "Nom"},
        {"customer_email", "E-mail"}, {"issue_date", "Émise le"}, {"due_date", "Échéance"},
        {"total", "Montant TTC"},     {"paid", "Réglé"},          {"status", "Statut"}};

    auto page = airtable::records_to_csv(fixture("airtable/records_page1.json"), fields);

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    EXPECT_EQ(page->offset, "itrX1y2Z3/recB1b2C3d4E5f6G7");
    EXPECT_EQ(page->record_ids.at("AT-102"), "recB1b2C3d4E5f6G7");
    auto listing = csv::read_csv_invoices(page->csv, csv::CsvOptions{}, "airtable");
    ASSERT_TRUE(listing.has_value()) << listing.error().describe();
    ASSERT_EQ(listing->invoices.size(), 2u);
    EXPECT_EQ(listing->invoices[0].total.to_plain_string(), "1500.00");  // a JSON integer
    EXPECT_EQ(listing->invoices[1].amount_due().to_plain_string(), "800.00");  // 820.5 - 20.5
    EXPECT_EQ(listing->customers[1].emails, std::vector<std::string>{"compta@sud.example"});  // a list field
    auto last = airtable::records_to_csv(fixture("airtable/records_page2.json"), fields);
    ASSERT_TRUE(last.has_value());
    EXPECT_TRUE(last->offset.empty());
}

TEST(AxonautMapperTest, OutstandingAmountAndTheBilledCompany) {
    auto page = axonaut::parse_invoice_list(fixture("axonaut/invoices_page1.json"), "axonaut");

    ASSERT_TRUE(page.has_value()) << page.error().describe();
    ASSERT_EQ(page->invoices.size(), 2u);
    const Invoice& b = page->invoices[1];
    EXPECT_EQ(b.number, "FA-2026-0102");
    EXPECT_EQ(b.amount_due().to_plain_string(), "110.40");
    EXPECT_EQ(b.customer_id, "78");
    EXPECT_EQ(b.payment_link, "https://axonaut.com/public/invoice/40102");
    EXPECT_EQ(page->remote_ids.at("FA-2026-0102"), "40102");
    auto paid = axonaut::parse_invoice(fixture("axonaut/invoice_0101_paid.json"));
    ASSERT_TRUE(paid.has_value());
    EXPECT_EQ(paid->invoice.status, InvoiceStatus::Paid);
    EXPECT_EQ(paid->invoice.resolved_on, Date{std::chrono::year{2026} / 4 / 10});  // its paid_date
    auto company = axonaut::parse_company(fixture("axonaut/company_77.json"));
    ASSERT_TRUE(company.has_value());
    EXPECT_EQ(company->emails, (std::vector<std::string>{"contact@perrin.example", "compta@perrin.example"}));
    EXPECT_FALSE(axonaut::parse_invoice_list(R"({"error": "x"})", "axonaut").has_value());
}

}  // namespace
}  // namespace relance
