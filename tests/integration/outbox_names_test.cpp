// SPDX-License-Identifier: MIT
// Outbox file names and Message-IDs for invoice numbers and customer ids that are not safe as
// they are: each (source, invoice or customer group, level) gets its own file, and every
// Message-ID is made of RFC 5322 dot-atoms. Through the whole daily pass (CSV, SQLite, file
// outbox), the .eml files read back with Python's `email` package.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "testing/company.h"
#include "testing/eml_parse.h"

namespace relance {
namespace {

using test::Company;
using test::files_in;
using test::python_parse;
using test::read_file;
using test::ymd;

// RFC 5322 3.2.3: dot-atom-text = 1*atext *("." 1*atext), written out independently of the code.
bool dot_atom(const std::string& s) {
    static const std::regex re(R"([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)");
    return std::regex_match(s, re);
}

// msg-id = "<" id-left "@" id-right ">", both dot-atom-text here.
bool valid_message_id(const std::string& id) {
    if (id.size() < 5 || id.front() != '<' || id.back() != '>') return false;
    const std::string inner = id.substr(1, id.size() - 2);
    const auto at = inner.find('@');
    return at != std::string::npos && dot_atom(inner.substr(0, at)) && dot_atom(inner.substr(at + 1));
}

// The tester's case: F/1, F_1 and F 1 (three customers) all became csv_F_1_L1.eml, the run said
// 3 sent and only one file existed. Now: three files, each with its own To and Message-ID.
TEST(OutboxNamesTest, InvoiceNumbersThatSanitiseAlikeGetTheirOwnFiles) {
    Company c;
    c.export_csv("F/1;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;100,00;0;open;;\n"
                 "F_1;C-2;Garage Petit;compta@petit.example;2026-03-01;2026-03-31;200,00;0;open;;\n"
                 "F 1;C-3;Boulangerie Lenoir;compta@lenoir.example;2026-03-01;2026-03-31;300,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 10));

    EXPECT_EQ(s.messages_sent, 3);
    EXPECT_EQ(s.failed, 0);
    const auto files = files_in(c.outbox());
    ASSERT_EQ(files.size(), 3u);
    // F_1 was safe as it is: today's readable name. The other two keep it and add "~<hash>".
    EXPECT_EQ(std::count(files.begin(), files.end(), "csv_F_1_L1.eml"), 1);
    for (const auto& f : files) {
        EXPECT_TRUE(f == "csv_F_1_L1.eml" || std::regex_match(f, std::regex(R"(csv_F_1~[0-9a-f]{8}_L1\.eml)")))
            << f;
    }
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 3u);
    std::set<std::string> details;
    const std::map<std::string, std::string> to_of{{"F/1", "compta@roux.example"},
                                                   {"F_1", "compta@petit.example"},
                                                   {"F 1", "compta@lenoir.example"}};
    for (const ReminderRow& r : rows) {
        EXPECT_EQ(r.state, ReminderState::Sent) << r.invoice_number;
        details.insert(r.detail);
        // The file recorded for the row is the row's own message, to the row's own customer.
        const std::string eml = read_file(r.detail);
        EXPECT_NE(eml.find(r.message_id), std::string::npos) << r.invoice_number;
        EXPECT_NE(eml.find(to_of.at(r.invoice_number)), std::string::npos) << r.invoice_number;
        for (const auto& [other, to] : to_of) {
            if (other != r.invoice_number) {
                EXPECT_EQ(eml.find(to), std::string::npos) << r.invoice_number;
            }
        }
    }
    EXPECT_EQ(details.size(), 3u);
    if (!test::have_python()) GTEST_SKIP() << "python3 not found: headers not parsed";
    std::set<std::string> tos;
    for (const auto& f : files) tos.insert(test::one(python_parse(c.outbox() / f), "to_addr"));
    EXPECT_EQ(tos.size(), 3u);
}

// Grouped messages are named from the customer id: C/1 and C_1 (two invoices each) made the same
// csv_C_1_2026-04-10_grouped_L1.eml. Now two files, one per customer.
TEST(OutboxNamesTest, CustomerIdsThatSanitiseAlikeGetTheirOwnGroupedFiles) {
    Company c;
    c.policy.group_by_customer = true;
    c.export_csv("F-1;C/1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;100,00;0;open;;\n"
                 "F-2;C/1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;150,00;0;open;;\n"
                 "F-3;C_1;Garage Petit;compta@petit.example;2026-03-01;2026-03-31;200,00;0;open;;\n"
                 "F-4;C_1;Garage Petit;compta@petit.example;2026-03-01;2026-03-31;250,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 10));

    EXPECT_EQ(s.messages_sent, 2);
    EXPECT_EQ(s.failed, 0);
    const auto files = files_in(c.outbox());
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(std::count(files.begin(), files.end(), "csv_C_1_2026-04-10_grouped_L1.eml"), 1);
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 4u);
    for (const ReminderRow& r : rows) {
        EXPECT_EQ(r.state, ReminderState::Sent) << r.invoice_number;
        const bool roux = r.invoice_number == "F-1" || r.invoice_number == "F-2";
        const std::string eml = read_file(r.detail);
        EXPECT_NE(eml.find(roux ? "compta@roux.example" : "compta@petit.example"), std::string::npos);
        EXPECT_EQ(eml.find(roux ? "compta@petit.example" : "compta@roux.example"), std::string::npos);
    }
}

// Numbers ending in "." or holding ".." were REJECTED ("not made of RFC 5322 dot-atoms"). The
// invoice part now has its dots collapsed and trimmed; the hash keeps the ids apart.
TEST(OutboxNamesTest, MessageIdIsADotAtomForAnyInvoiceNumber) {
    const std::string a = reminder_message_id("csv", "2026.001.", 1, "email", "atelier.example");
    const std::string b = reminder_message_id("csv", "F..7", 1, "email", "atelier.example");
    const std::string b2 = reminder_message_id("csv", "F.7", 1, "email", "atelier.example");
    const std::string d = reminder_message_id("csv", ".a/b..", 2, "email", "atelier.example");

    for (const auto& id : {a, b, b2, d}) EXPECT_TRUE(valid_message_id(id)) << id;
    EXPECT_TRUE(std::regex_match(a, std::regex(R"(<relance\.[0-9a-f]{16}\.2026\.001\.l1@atelier\.example>)"))) << a;
    EXPECT_TRUE(std::regex_match(b, std::regex(R"(<relance\.[0-9a-f]{16}\.F\.7\.l1@atelier\.example>)"))) << b;
    EXPECT_TRUE(std::regex_match(d, std::regex(R"(<relance\.[0-9a-f]{16}\.a_b\.l2@atelier\.example>)"))) << d;
    EXPECT_NE(b, b2);  // same readable part, told apart by the hash of the raw number
}

// A number that already gave a valid id keeps its exact id, so stored rows still match. The
// hash is FNV-1a 64 of "csv\x1fF-101\x1f1\x1femail", computed separately (Python), not by the code.
TEST(OutboxNamesTest, ValidNumberKeepsItsOldMessageId) {
    EXPECT_EQ(reminder_message_id("csv", "F-101", 1, "email", "atelier.example"),
              "<relance.23ccf08fc3774ee2.F-101.l1@atelier.example>");
}

// Through the pass: both numbers are sent, not rejected, and get distinct ids.
TEST(OutboxNamesTest, NumbersWithStrayDotsAreSent) {
    Company c;
    c.export_csv("2026.001.;C-1;Atelier Roux;compta@roux.example;2026-03-01;2026-03-31;100,00;0;open;;\n"
                 "F..7;C-2;Garage Petit;compta@petit.example;2026-03-01;2026-03-31;200,00;0;open;;\n");

    const PassSummary s = c.run(ymd(2026, 4, 10));

    EXPECT_EQ(s.messages_sent, 2);
    EXPECT_EQ(s.refused, 0);
    EXPECT_TRUE(s.rejected.empty());
    const auto rows = c.reminders();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_NE(rows[0].message_id, rows[1].message_id);
    for (const ReminderRow& r : rows) {
        EXPECT_EQ(r.state, ReminderState::Sent) << r.invoice_number << ": " << r.detail;
        EXPECT_TRUE(valid_message_id(r.message_id)) << r.message_id;
    }
    EXPECT_EQ(files_in(c.outbox()).size(), 2u);
}

}  // namespace
}  // namespace relance
