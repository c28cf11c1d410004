// SPDX-License-Identifier: MIT
// The SMTP channel against a real SMTP server (tests/tools/smtp_sink.py, Debian's
// python3-aiosmtpd) on 127.0.0.1, through the whole daily pass (CSV file, SQLite store file,
// built-in templates). What the server received is parsed with Python's `email` package.
// Expected values are worked out by hand from the CSV rows each test writes.
#include <gtest/gtest.h>

#include <set>

#include "adapters/delivery/smtp/smtp_channel.h"
#include "testing/company.h"
#include "testing/eml_parse.h"
#include "testing/smtp_sink.h"

namespace relance {
namespace {

using test::Company;
using test::one;
using test::SmtpSink;
using test::total_sent;
using test::ymd;

SmtpSettings plain_to(int port) {
    SmtpSettings s;
    s.host = "127.0.0.1";
    s.port = port;
    s.security = SmtpSecurity::None;
    s.attempts = 3;
    s.backoff = std::chrono::milliseconds(50);
    s.connect_timeout = std::chrono::seconds(5);
    s.timeout = std::chrono::seconds(20);
    return s;
}

// n invoices F-0001.., each of its own customer C-0001.. at c0001@client.example, due
// 2026-03-31, total 100,00 € + i cents: on 2026-04-08 each gets its level-1 reminder.
std::string rows(int n) {
    std::string out;
    for (int i = 1; i <= n; ++i) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "F-%04d;C-%04d;Client n°%d Hélène;c%04d@client.example;2026-03-01;2026-03-31;"
                      "100,%02d;0;open;;\n",
                      i, i, i, i, i % 100);
        out += buf;
    }
    return out;
}

#define REQUIRE_SINK(sink)                                                                 \
    if (!test::have_python()) GTEST_SKIP() << "python3 not found at configure time";      \
    ASSERT_TRUE((sink).ok()) << "the SMTP sink did not start (is python3-aiosmtpd installed? " \
                                "run scripts/setup.sh)"

TEST(SmtpDeliveryTest, AThousandRemindersArriveWithTheirSubjectsBodiesAndRecipients) {
    Company c;
    c.export_csv(rows(1000));
    SmtpSink sink(c.dir.path());
    REQUIRE_SINK(sink);
    SmtpChannel channel(plain_to(sink.port()));

    const auto s = c.run_with(channel, ymd(2026, 4, 8));

    EXPECT_EQ(s.messages_sent, 1000);
    EXPECT_EQ(s.sent.at(1).count, 1000);
    EXPECT_EQ(s.exit_code(), 0);
    const auto files = sink.messages();
    ASSERT_EQ(files.size(), 1000u);
    const auto parsed = test::python_parse_many(files);
    ASSERT_EQ(parsed.size(), 1000u);
    std::set<std::string> numbers;
    std::set<std::string> ids;
    for (std::size_t k = 0; k < parsed.size(); ++k) {
        const auto& m = parsed[k];
        const std::string to = one(m, "to_addr");  // c0042@client.example
        ASSERT_EQ(to.size(), 20u) << to;
        const int i = std::stoi(to.substr(1, 4));
        char number[16];
        std::snprintf(number, sizeof number, "F-%04d", i);
        numbers.insert(number);
        ids.insert(one(m, "message_id"));
        EXPECT_EQ(one(m, "to_name"), "Client n°" + std::to_string(i) + " Hélène");
        EXPECT_NE(one(m, "subject").find(number), std::string::npos) << one(m, "subject");
        char amount[32];
        std::snprintf(amount, sizeof amount, "100,%02d\u00a0€", i % 100);
        EXPECT_NE(one(m, "text").find(amount), std::string::npos) << number;
        EXPECT_NE(one(m, "html").find(amount), std::string::npos) << number;
        EXPECT_EQ(one(m, "defects"), "");
        EXPECT_EQ(SmtpSink::envelope(files[k]),
                  (std::vector<std::string>{"relances@atelier.example", to}));
    }
    EXPECT_EQ(numbers.size(), 1000u);
    EXPECT_EQ(ids.size(), 1000u);
    for (const ReminderRow& r : c.reminders()) EXPECT_EQ(r.state, ReminderState::Sent);
}

// Accents in names and subjects; a CR LF in a customer name cannot add a header or a recipient.
TEST(SmtpDeliveryTest, AccentsSurviveAndCrlfInANameInjectsNothing) {
    Company c;
    c.info.name = "L'Atelier d'Hélène – Œuvres";
    c.export_csv(
        "F-1;C-1;\"Zoë Müller\r\nBcc: evil@attacker.example\";zoe@client.example;2026-03-01;"
        "2026-03-31;1 050,00;0;open;;\n");
    SmtpSink sink(c.dir.path());
    REQUIRE_SINK(sink);
    SmtpChannel channel(plain_to(sink.port()));

    const auto s = c.run_with(channel, ymd(2026, 4, 8));

    ASSERT_EQ(s.messages_sent, 1);
    const auto files = sink.messages();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(SmtpSink::envelope(files[0]),
              (std::vector<std::string>{"relances@atelier.example", "zoe@client.example"}));
    const auto m = test::python_parse(files[0]);
    EXPECT_EQ(one(m, "has_bcc"), "no");
    EXPECT_EQ(test::all_of(m, "to_addr"), std::vector<std::string>{"zoe@client.example"});
    const std::string name = one(m, "to_name");
    EXPECT_EQ(name.find('\r'), std::string::npos);
    EXPECT_EQ(name.find('\n'), std::string::npos);
    EXPECT_EQ(name.rfind("Zoë Müller", 0), 0u) << name;
    EXPECT_EQ(one(m, "from_name"), "L'Atelier d'Hélène – Œuvres");
    EXPECT_NE(one(m, "text").find("1\u202f050,00\u00a0€"), std::string::npos);
    const std::string raw = test::read_file(files[0]);
    EXPECT_EQ(raw.find("\r\nBcc:"), std::string::npos);
    EXPECT_EQ(raw.find("evil@attacker.example\r\n"), std::string::npos);
}

// The same straight through the channel, with no CSV reader in front to clean the name first.
TEST(SmtpDeliveryTest, ChannelItselfNeutralisesCrlfInNamesAndSubject) {
    test::Sandbox dir;
    SmtpSink sink(dir.path());
    REQUIRE_SINK(sink);
    SmtpChannel channel(plain_to(sink.port()));
    OutgoingMessage m;
    m.message_id = "<relance.test.crlf@atelier.example>";
    m.from = {"Atelier\r\nX-Evil: 1", "relances@atelier.example"};
    m.to = {{"Zoë\r\nBcc: evil@attacker.example", "zoe@client.example"}};
    m.subject = "Rappel – facture F-1\r\nBcc: evil@attacker.example";
    m.text = "Bonjour\n";
    m.html = "<p>Bonjour</p>\n";
    m.date = std::chrono::sys_seconds{std::chrono::seconds{1773651600}};

    auto receipt = channel.deliver(m);

    ASSERT_TRUE(receipt.has_value()) << receipt.error().describe();
    ASSERT_EQ(sink.messages().size(), 1u);
    EXPECT_EQ(SmtpSink::envelope(sink.messages()[0]),
              (std::vector<std::string>{"relances@atelier.example", "zoe@client.example"}));
    const auto parsed = test::python_parse(sink.messages()[0]);
    EXPECT_EQ(one(parsed, "has_bcc"), "no");
    EXPECT_EQ(one(parsed, "subject").find('\n'), std::string::npos);
    EXPECT_EQ(one(parsed, "subject").rfind("Rappel – facture F-1", 0), 0u);
    const std::string raw = test::read_file(sink.messages()[0]);
    EXPECT_EQ(raw.find("\r\nBcc:"), std::string::npos);
    EXPECT_EQ(raw.find("\r\nX-Evil:"), std::string::npos);
}

// Per-level copies: the level's Cc is a visible recipient; Bcc (company-wide and per level) only
// in the envelope, never in the headers every recipient receives.
TEST(SmtpDeliveryTest, LevelCcAndBccGoToTheEnvelopeBccStaysHidden) {
    Company c;
    c.info.bcc = {"archives@atelier.example"};
    c.info.level_cc[1] = {"commercial@atelier.example"};
    c.info.level_bcc[1] = {"juridique@atelier.example"};
    c.info.level_cc[2] = {"direction@atelier.example"};  // another level: not used today
    c.export_csv(rows(1));
    SmtpSink sink(c.dir.path());
    REQUIRE_SINK(sink);
    SmtpChannel channel(plain_to(sink.port()));

    const auto s = c.run_with(channel, ymd(2026, 4, 8));

    ASSERT_EQ(s.messages_sent, 1);
    const auto files = sink.messages();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(SmtpSink::envelope(files[0]),
              (std::vector<std::string>{"relances@atelier.example", "c0001@client.example",
                                        "commercial@atelier.example", "archives@atelier.example",
                                        "juridique@atelier.example"}));
    const auto m = test::python_parse(files[0]);
    EXPECT_EQ(test::all_of(m, "cc"), std::vector<std::string>{"commercial@atelier.example"});
    EXPECT_EQ(one(m, "has_bcc"), "no");
    EXPECT_EQ(test::read_file(files[0]).find("archives@"), std::string::npos);
}

// The server is down when the run starts: nothing is lost; the next run sends everything once.
TEST(SmtpDeliveryTest, ServerDownAtStartLosesNothingAndTheNextRunSends) {
    Company c;
    c.export_csv(rows(5));
    const int port = test::unused_port(c.dir.path());
    ASSERT_GT(port, 0);
    {
        SmtpChannel down(plain_to(port));
        const auto s = c.run_with(down, ymd(2026, 4, 8));
        EXPECT_EQ(s.messages_sent, 0);
        EXPECT_EQ(s.failed, 3);         // three tries in a row found it down ...
        EXPECT_EQ(s.not_attempted, 2);  // ... so the last two were not attempted
        EXPECT_EQ(s.exit_code(), 2);
        for (const ReminderRow& r : c.reminders()) EXPECT_EQ(r.state, ReminderState::Failed);
    }

    SmtpSink sink(c.dir.path());
    REQUIRE_SINK(sink);
    SmtpChannel up(plain_to(sink.port()));
    const auto again = c.run_with(up, ymd(2026, 4, 8));
    const auto third = c.run_with(up, ymd(2026, 4, 8));

    EXPECT_EQ(again.messages_sent, 5);
    EXPECT_EQ(third.messages_sent, 0);
    EXPECT_EQ(sink.messages().size(), 5u);
    for (const ReminderRow& r : c.reminders()) EXPECT_EQ(r.state, ReminderState::Sent);
}

// 451 to the first message's data, then 250: retried within the run, delivered once.
TEST(SmtpDeliveryTest, TemporaryFailureIsRetriedWithinTheRun) {
    Company c;
    c.export_csv(rows(2));
    SmtpSink sink(c.dir.path(), {"--tempfail-data", "1"});
    REQUIRE_SINK(sink);
    SmtpChannel channel(plain_to(sink.port()));

    const auto s = c.run_with(channel, ymd(2026, 4, 8));

    EXPECT_EQ(s.messages_sent, 2);
    EXPECT_EQ(s.retried, 1);
    EXPECT_EQ(s.delivery.at(1).retried, 1);
    EXPECT_EQ(s.failed, 0);
    EXPECT_EQ(sink.messages().size(), 2u);
}

// 550 for one recipient: that reminder is rejected for good (not retried by the next run), the
// others are delivered; once a person asks for a retry, the next run sends it.
TEST(SmtpDeliveryTest, PermanentRefusalOfOneRecipientKeepsTheOthersGoing) {
    Company c;
    c.export_csv(rows(3));
    {
        SmtpSink sink(c.dir.path(), {"--reject", "c0002@client.example"});
        REQUIRE_SINK(sink);
        SmtpChannel channel(plain_to(sink.port()));

        const auto s = c.run_with(channel, ymd(2026, 4, 8));
        const auto next_day = c.run_with(channel, ymd(2026, 4, 9));

        EXPECT_EQ(s.messages_sent, 2);
        EXPECT_EQ(s.refused, 1);
        EXPECT_EQ(s.delivery.at(1).rejected, 1);
        EXPECT_EQ(s.exit_code(), 2);
        ASSERT_EQ(s.delivery_errors.size(), 1u);
        EXPECT_NE(s.delivery_errors[0].find("550"), std::string::npos) << s.delivery_errors[0];
        EXPECT_EQ(next_day.messages_sent, 0);  // not retried by itself
        EXPECT_EQ(sink.messages().size(), 2u);
    }
    auto store = c.open_store();
    auto pending = store->to_settle();
    ASSERT_TRUE(pending.has_value());
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ((*pending)[0].invoice_number, "F-0002");
    EXPECT_EQ((*pending)[0].state, ReminderState::Rejected);
    ASSERT_TRUE(store->settle((*pending)[0].id, ReminderState::Failed, "address fixed", "test").has_value());
    store.reset();

    SmtpSink fixed(c.dir.path() / "later");
    REQUIRE_SINK(fixed);
    SmtpChannel channel(plain_to(fixed.port()));
    const auto after = c.run_with(channel, ymd(2026, 4, 10));
    EXPECT_EQ(after.messages_sent, 1);
    ASSERT_EQ(fixed.messages().size(), 1u);
    EXPECT_EQ(one(test::python_parse(fixed.messages()[0]), "to_addr"), "c0002@client.example");
}

// The connection drops after the whole message was handed over, before the server's answer: the
// reminder may have been accepted, so it is uncertain and never sent again automatically.
TEST(SmtpDeliveryTest, ConnectionDroppedDuringDataIsUncertainNeverResent) {
    Company c;
    c.export_csv(rows(3));
    SmtpSink sink(c.dir.path(), {"--drop-at-data", "2"});
    REQUIRE_SINK(sink);
    SmtpChannel channel(plain_to(sink.port()));

    const auto s = c.run_with(channel, ymd(2026, 4, 8));
    const auto next_day = c.run_with(channel, ymd(2026, 4, 9));

    EXPECT_EQ(s.messages_sent, 2);
    EXPECT_EQ(s.uncertain, 1);
    EXPECT_EQ(s.delivery.at(1).uncertain, 1);
    EXPECT_EQ(next_day.messages_sent, 0);
    EXPECT_EQ(sink.messages().size(), 2u);
    auto pending = c.open_store()->to_settle();
    ASSERT_TRUE(pending.has_value());
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ((*pending)[0].invoice_number, "F-0002");
    EXPECT_EQ((*pending)[0].state, ReminderState::Uncertain);
}

// AUTH: the right password sends; a wrong one is a clear error that never shows the password.
TEST(SmtpDeliveryTest, AuthenticatesAndNeverShowsThePassword) {
    Company c;
    c.export_csv(rows(1));
    SmtpSink sink(c.dir.path(), {"--auth", "relances:s3cr3t-Passw0rd"});
    REQUIRE_SINK(sink);
    SmtpSettings wrong = plain_to(sink.port());
    wrong.username = "relances";
    wrong.password = "not-the-Passw0rd";
    SmtpChannel bad(wrong);

    const auto refused = c.run_with(bad, ymd(2026, 4, 8));

    EXPECT_EQ(refused.messages_sent, 0);
    ASSERT_FALSE(refused.delivery_errors.empty());
    for (const auto& e : refused.delivery_errors) {
        EXPECT_EQ(e.find("not-the-Passw0rd"), std::string::npos) << e;
        EXPECT_NE(e.find("password"), std::string::npos) << e;  // says what to check
    }
    EXPECT_EQ(refused.to_json().find("not-the-Passw0rd"), std::string::npos);

    SmtpSettings right = wrong;
    right.password = "s3cr3t-Passw0rd";
    SmtpChannel good(right);
    const auto sent = c.run_with(good, ymd(2026, 4, 8));
    EXPECT_EQ(sent.messages_sent, 1);
    EXPECT_EQ(sink.messages().size(), 1u);
}

// STARTTLS is required by default: a server that does not offer it gets nothing in clear.
TEST(SmtpDeliveryTest, StartTlsRequiredByDefaultNoSilentDowngrade) {
    Company c;
    c.export_csv(rows(1));
    SmtpSink sink(c.dir.path());
    REQUIRE_SINK(sink);
    SmtpSettings s = plain_to(sink.port());
    s.security = SmtpSecurity::StartTls;
    SmtpChannel channel(s);

    const auto r = c.run_with(channel, ymd(2026, 4, 8));

    EXPECT_EQ(r.messages_sent, 0);
    EXPECT_EQ(sink.messages().size(), 0u);
    ASSERT_FALSE(r.delivery_errors.empty());
    EXPECT_NE(r.delivery_errors[0].find("STARTTLS"), std::string::npos) << r.delivery_errors[0];
}

// per_minute spaces the messages: 600 a minute is one every 100 ms, so five messages take at
// least 400 ms after the first (a lower bound only: a slow machine cannot make this fail).
TEST(SmtpDeliveryTest, RateLimitSpacesTheMessages) {
    Company c;
    c.export_csv(rows(5));
    SmtpSink sink(c.dir.path());
    REQUIRE_SINK(sink);
    SmtpSettings s = plain_to(sink.port());
    s.per_minute = 600;
    SmtpChannel channel(s);

    const auto start = std::chrono::steady_clock::now();
    const auto r = c.run_with(channel, ymd(2026, 4, 8));
    const auto elapsed = std::chrono::steady_clock::now() - start;

    EXPECT_EQ(r.messages_sent, 5);
    EXPECT_GE(elapsed, std::chrono::milliseconds(400));
}

TEST(SmtpSettingsTest, PlainSmtpOnlyToThisMachineUnlessAllowed) {
    SmtpSettings s;
    s.host = "smtp.example.fr";
    s.security = SmtpSecurity::None;

    EXPECT_FALSE(validate_smtp(s, false).has_value());
    EXPECT_TRUE(validate_smtp(s, true).has_value());
    s.host = "127.0.0.1";
    EXPECT_TRUE(validate_smtp(s, false).has_value());
    s.host = "localhost";
    EXPECT_TRUE(validate_smtp(s, false).has_value());
    s.username = "me";
    const auto no_password = validate_smtp(s, false);
    ASSERT_FALSE(no_password.has_value());
    EXPECT_NE(no_password.error().message.find("password"), std::string::npos);
    s.password = "x";
    s.port = 70000;
    EXPECT_FALSE(validate_smtp(s, false).has_value());
}

}  // namespace
}  // namespace relance
