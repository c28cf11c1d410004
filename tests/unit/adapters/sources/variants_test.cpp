// SPDX-License-Identifier: MIT
// Issue 4's payload variants, tool by tool, on each tool's recorded first page
// (tests/fixtures/<tool>/) with the fields that matter changed as that tool writes them: a body
// that is not JSON; a total in a currency with no decimals (JPY) and with three (KWD), as a JSON
// float (Xero, QuickBooks, Zoho, Axonaut), as a decimal string (FreshBooks, Pennylane, Sellsy);
// void invoices and credit notes where the tool says so. Stripe's integer minor units and both
// its variants are in stripe_mapper_test.cpp; the expected minor units are worked out by hand
// (125000 JPY = 125000 minor units; 12.505 KWD = 12505 fils).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>

#include "adapters/sources/airtable/airtable_mapper.h"
#include "adapters/sources/axonaut/axonaut_mapper.h"
#include "adapters/sources/freshbooks/freshbooks_mapper.h"
#include "adapters/sources/pennylane/pennylane_mapper.h"
#include "adapters/sources/quickbooks/quickbooks_mapper.h"
#include "adapters/sources/sellsy/sellsy_mapper.h"
#include "adapters/sources/sheets/sheets_mapper.h"
#include "adapters/sources/xero/xero_mapper.h"
#include "adapters/sources/zoho/zoho_mapper.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

using nlohmann::json;

json page(const std::string& name) {
    return json::parse(test::read_file(std::filesystem::path(RELANCE_FIXTURES) / name));
}

// One tool: its first page, where its invoices are, how it writes a total in a currency (the
// whole total still due), and its list parser.
struct Tool {
    std::string name;
    std::string fixture;
    std::vector<std::string> path;  // to the invoice array
    std::function<void(json&, const std::string& code, const json& amount)> set_total;
    std::function<Result<api::MappedPage>(std::string_view)> parse;
};

json& first_invoice(json& p, const Tool& t) {
    json* x = &p;
    for (const auto& k : t.path) x = &(*x)[k];
    return x->at(0);
}

std::vector<Tool> tools() {
    return {
        {"xero", "xero/open_page1.json", {"Invoices"},
         [](json& i, const std::string& c, const json& a) {
             i["CurrencyCode"] = c, i["Total"] = a, i["AmountDue"] = a, i["AmountPaid"] = 0, i["AmountCredited"] = 0;
         },
         [](std::string_view b) { return xero::parse_invoice_list(b, "xero", 100); }},
        {"quickbooks", "quickbooks/open_page1.json", {"QueryResponse", "Invoice"},
         [](json& i, const std::string& c, const json& a) {
             i["CurrencyRef"]["value"] = c, i["TotalAmt"] = a, i["Balance"] = a;
         },
         [](std::string_view b) { return quickbooks::parse_query(b, "quickbooks", 100); }},
        {"zoho", "zoho/open_page1.json", {"invoices"},
         [](json& i, const std::string& c, const json& a) { i["currency_code"] = c, i["total"] = a, i["balance"] = a; },
         [](std::string_view b) { return zoho::parse_invoice_list(b, "zoho"); }},
        {"freshbooks", "freshbooks/open_page1.json", {"response", "result", "invoices"},
         [](json& i, const std::string& c, const json& a) {
             i["currency_code"] = c;
             i["amount"] = {{"amount", a}, {"code", c}};
             i["outstanding"] = {{"amount", a}, {"code", c}};
             i["paid"] = {{"amount", "0"}, {"code", c}};
         },
         [](std::string_view b) { return freshbooks::parse_invoice_list(b, "freshbooks"); }},
        {"pennylane", "pennylane/open_page1.json", {"items"},
         [](json& i, const std::string& c, const json& a) {
             i["currency"] = c, i["currency_amount"] = a, i["remaining_amount_with_tax"] = a;
         },
         [](std::string_view b) { return pennylane::parse_invoice_list(b, "pennylane"); }},
        {"sellsy", "sellsy/open_page1.json", {"data"},
         [](json& i, const std::string& c, const json& a) {
             i["currency"] = c, i["amounts"]["total_incl_tax"] = a, i["amounts"]["total_remaining_due_incl_tax"] = a;
         },
         [](std::string_view b) { return sellsy::parse_invoice_list(b, "sellsy"); }},
        {"axonaut", "axonaut/invoices_page1.json", {},
         [](json& i, const std::string& c, const json& a) { i["currency"] = c, i["total"] = a, i["outstanding_amount"] = a; },
         [](std::string_view b) { return axonaut::parse_invoice_list(b, "axonaut"); }},
    };
}

bool strings(const std::string& tool) { return tool == "freshbooks" || tool == "pennylane" || tool == "sellsy"; }

TEST(ToolVariantsTest, CurrenciesWithNoAndWithThreeDecimalsAsEachToolWritesThem) {
    for (const Tool& t : tools()) {
        for (const auto& [code, minor] : std::map<std::string, std::int64_t>{{"JPY", 125000}, {"KWD", 12505}}) {
            json p = page(t.fixture);
            const json amount = code == "JPY" ? (strings(t.name) ? json("125000") : json(125000.0))
                                              : (strings(t.name) ? json("12.505") : json(12.505));
            t.set_total(first_invoice(p, t), code, amount);

            auto mapped = t.parse(p.dump());

            ASSERT_TRUE(mapped.has_value()) << t.name << " " << code << ": " << mapped.error().describe();
            ASSERT_FALSE(mapped->invoices.empty()) << t.name;
            const Invoice& inv = mapped->invoices[0];
            EXPECT_EQ(inv.total.currency().code(), code) << t.name;
            EXPECT_EQ(inv.total.minor(), minor) << t.name << " " << code;
            EXPECT_EQ(inv.amount_due().minor(), minor) << t.name << " " << code;
        }
    }
}

TEST(ToolVariantsTest, ADecimalTheCurrencyDoesNotHaveIsRefusedNeverRounded) {
    for (const Tool& t : tools()) {
        json p = page(t.fixture);
        t.set_total(first_invoice(p, t), "JPY", strings(t.name) ? json("1250.5") : json(1250.5));

        auto mapped = t.parse(p.dump());

        // The page is kept; that invoice is a rejected row, named by its number.
        ASSERT_TRUE(mapped.has_value()) << t.name << ": " << mapped.error().describe();
        ASSERT_FALSE(mapped->rejected.empty()) << t.name;
        EXPECT_FALSE(mapped->rejected[0].invoice_number.empty()) << t.name;
        for (const Invoice& inv : mapped->invoices) EXPECT_NE(inv.number, mapped->rejected[0].invoice_number) << t.name;
    }
}

TEST(ToolVariantsTest, ABodyThatIsNotJsonIsAnErrorForEveryTool) {
    const std::string cut = R"({"Invoices": [{"InvoiceID": "a", "Total": 12)";
    for (const Tool& t : tools()) {
        auto mapped = t.parse(cut);

        ASSERT_FALSE(mapped.has_value()) << t.name;
        EXPECT_EQ(mapped.error().code, ErrorCode::InvalidInput) << t.name;
    }
    auto sheet = sheets::values_to_csv(R"({"range": "A1:N", "values": [["invoice_number"],)");
    ASSERT_FALSE(sheet.has_value());
    EXPECT_EQ(sheet.error().code, ErrorCode::InvalidInput);
    auto records = airtable::records_to_csv(R"({"records": [{"id": "rec1", "fields": {)", {});
    ASSERT_FALSE(records.has_value());
    EXPECT_EQ(records.error().code, ErrorCode::InvalidInput);
}

TEST(ToolVariantsTest, VoidInvoicesAreNeverDunned) {
    // Xero VOIDED, Zoho "void", FreshBooks vis_state 1 (deleted): each mapped Void.
    json x = page("xero/open_page1.json");
    x["Invoices"][0]["Status"] = "VOIDED";
    json z = page("zoho/open_page1.json");
    z["invoices"][0]["status"] = "void";
    json f = page("freshbooks/open_page1.json");
    f["response"]["result"]["invoices"][0]["vis_state"] = 1;

    auto xm = xero::parse_invoice_list(x.dump(), "xero", 100);
    auto zm = zoho::parse_invoice_list(z.dump(), "zoho");
    auto fm = freshbooks::parse_invoice_list(f.dump(), "freshbooks");

    ASSERT_TRUE(xm.has_value() && zm.has_value() && fm.has_value());
    EXPECT_EQ(xm->invoices[0].status, InvoiceStatus::Void);
    EXPECT_EQ(zm->invoices[0].status, InvoiceStatus::Void);
    EXPECT_EQ(fm->invoices[0].status, InvoiceStatus::Void);
}

TEST(ToolVariantsTest, XeroSettledByACreditNoteIsCreditedAndAPartCreditLowersWhatIsDue) {
    json p = page("xero/open_page1.json");
    json& settled = p["Invoices"][0];  // 1150.00 EUR, credited in full
    settled["Status"] = "PAID", settled["AmountDue"] = 0, settled["AmountPaid"] = 0, settled["AmountCredited"] = 1150.0;
    json& part = p["Invoices"][1];  // 230.00 total, 100.00 paid: now also 30.00 credited
    part["AmountDue"] = 100.0, part["AmountCredited"] = 30.0;

    auto m = xero::parse_invoice_list(p.dump(), "xero", 100);

    ASSERT_TRUE(m.has_value()) << m.error().describe();
    EXPECT_EQ(m->invoices[0].status, InvoiceStatus::Credited);
    EXPECT_EQ(m->invoices[0].credited.minor(), 115000);
    EXPECT_EQ(m->invoices[1].paid.minor(), 10000);
    EXPECT_EQ(m->invoices[1].credited.minor(), 3000);  // 230.00 - 100.00 due - 100.00 paid
    EXPECT_EQ(m->invoices[1].amount_due().minor(), 10000);
}

TEST(ToolVariantsTest, ZohoGivesThePaymentDayOfAPaidInvoice) {
    json paid = page("zoho/invoice_101_paid.json");
    json& inv = paid.contains("invoice") ? paid["invoice"] : paid;
    inv["last_payment_date"] = "2026-04-12";

    auto dated = zoho::parse_invoice(paid.dump());
    auto undated = zoho::parse_invoice(page("zoho/invoice_101_paid.json").dump());  // "" in the fixture

    ASSERT_TRUE(dated.has_value()) << dated.error().describe();
    EXPECT_EQ(dated->invoice.status, InvoiceStatus::Paid);
    EXPECT_EQ(dated->invoice.resolved_on, Date{std::chrono::year{2026} / 4 / 12});
    ASSERT_TRUE(undated.has_value());
    EXPECT_FALSE(undated->invoice.resolved_on.has_value());
}

}  // namespace
}  // namespace relance
