// SPDX-License-Identifier: MIT
// compose_eml, make_message_id and FileOutbox. The bytes are checked on the wire (CRLF only,
// 7-bit, line lengths) and then parsed by an independent MIME parser, Python's `email` package
// with policy.default (tests/tools/parse_eml.py), whose decoded values must equal what was
// meant, character for character. Expected values are written by hand.
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "adapters/delivery/outbox/eml.h"
#include "adapters/delivery/outbox/file_outbox.h"
#include "adapters/render/template_renderer.h"
#include "testing/eml_parse.h"
#include "testing/sandbox.h"

namespace relance {
namespace {

using namespace std::chrono;

#define NN "\xE2\x80\xAF"
#define NB "\xC2\xA0"

// 2026-03-16 09:00:00 UTC, a Monday (2026-01-01 is a Thursday; day 20528 since 1970).
constexpr sys_seconds kMonday16March0900{seconds{1773651600}};

OutgoingMessage a_message() {
    OutgoingMessage m;
    m.message_id = "<relance.csv.F-110.l1.email@atelier.example>";
    m.from = {"L'Atelier d'Hélène – Relances", "relances@atelier.example"};
    m.reply_to = "compta@atelier.example";
    m.to = {{"Société Générale d'Études Müller & Fils", "compta@sg.example"}};
    m.cc = {"direction@sg.example"};
    m.bcc = {"archive@atelier.example"};
    m.subject = "Rappel – facture F-110 échue (L'Atelier d'Hélène)";
    m.text = "Bonjour,\n\nMontant : 1" NN "050,00" NB "€ — é è à ç ô œ ß ü ’ & <b>\n";
    m.html = "<p>Bonjour &amp; merci : 1" NN "050,00" NB "€ — é è à ç ô œ ß ü ’</p>\n";
    m.date = kMonday16March0900;
    m.file_stem = "F-110-l1";
    return m;
}

using test::all_of;
using test::files_in;
using test::have_python;
using test::one;
using test::python_parse;
using test::read_file;
using test::write_file;
using TempDir = test::Sandbox;

// --- Wire format ---------------------------------------------------------------------------

std::vector<std::string> crlf_lines(const std::string& bytes) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const auto end = bytes.find("\r\n", pos);
        if (end == std::string::npos) {
            lines.push_back(bytes.substr(pos));
            break;
        }
        lines.push_back(bytes.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

void expect_wire_clean(const std::string& bytes) {
    ASSERT_FALSE(bytes.empty());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        ASSERT_LT(c, 0x80) << "8-bit byte at " << i;
        ASSERT_NE(c, 0) << "NUL at " << i;
        if (c == '\n') {
            ASSERT_TRUE(i > 0 && bytes[i - 1] == '\r') << "bare LF at " << i;
        }
        if (c == '\r') {
            ASSERT_TRUE(i + 1 < bytes.size() && bytes[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    EXPECT_EQ(bytes.substr(bytes.size() - 2), "\r\n");
    for (const std::string& line : crlf_lines(bytes))
        EXPECT_LE(line.size(), 998U) << line;
}

/// The Subject header's physical lines (the first and its folded continuations).
std::vector<std::string> subject_lines(const std::string& bytes) {
    std::vector<std::string> out;
    bool in = false;
    for (const std::string& line : crlf_lines(bytes)) {
        if (line.empty()) break;  // end of the headers
        if (line.rfind("Subject:", 0) == 0) {
            in = true;
        } else if (in && (line[0] != ' ' && line[0] != '\t')) {
            in = false;
        }
        if (in) out.push_back(line);
    }
    return out;
}

std::vector<std::string> header_lines(const std::string& bytes) {
    std::vector<std::string> out;
    for (const std::string& line : crlf_lines(bytes)) {
        if (line.empty()) break;
        out.push_back(line);
    }
    return out;
}

// --- Date and Message-ID -------------------------------------------------------------------

TEST(Rfc5322DateTest, AlwaysUtcWithEnglishNames) {
    EXPECT_EQ(format_rfc5322_date(kMonday16March0900), "Mon, 16 Mar 2026 09:00:00 +0000");
    EXPECT_EQ(format_rfc5322_date(sys_seconds{seconds{0}}), "Thu, 1 Jan 1970 00:00:00 +0000");
    // 2000-02-29 (a Tuesday) is 951782400; one second before midnight.
    EXPECT_EQ(format_rfc5322_date(sys_seconds{seconds{951782400 + 86399}}),
              "Tue, 29 Feb 2000 23:59:59 +0000");
}

TEST(MessageIdTest, ReadableWhenThePartsAreSafe) {
    EXPECT_EQ(make_message_id("csv", "F-104", 2, "email", "atelier.example"),
              "<relance.csv.F-104.l2.email@atelier.example>");
    EXPECT_EQ(make_message_id("stripe", "in_1AbC", 4, "email", "Atelier.Example"),
              "<relance.stripe.in_1AbC.l4.email@atelier.example>");
}

TEST(MessageIdTest, UnsafePartsGetAHashAndStayDistinct) {
    const std::string a = make_message_id("csv", "F/2026 42", 1, "email", "atelier.example");
    const std::string b = make_message_id("csv", "F 2026/42", 1, "email", "atelier.example");
    const std::string c = make_message_id("csv", "F-2026-42", 1, "email", "atelier.example");
    const std::string d = make_message_id("csv", "Facture n°7.1", 1, "email", "atelier.example");

    const std::regex hashed(
        R"(<relance\.csv\.F-2026-42\.l1\.email\.[0-9a-f]{16}@atelier\.example>)");
    EXPECT_TRUE(std::regex_match(a, hashed)) << a;
    EXPECT_TRUE(std::regex_match(b, hashed)) << b;
    EXPECT_NE(a, b);
    EXPECT_EQ(c, "<relance.csv.F-2026-42.l1.email@atelier.example>");
    EXPECT_TRUE(std::regex_match(
        d,
        std::regex(R"(<relance\.csv\.Facture-n-7-1\.l1\.email\.[0-9a-f]{16}@atelier\.example>)")))
        << d;
    EXPECT_EQ(a, make_message_id("csv", "F/2026 42", 1, "email", "atelier.example"));
    EXPECT_NE(a, make_message_id("csv", "F/2026 42", 2, "email", "atelier.example"));
}

TEST(MessageIdTest, InvalidDomainIsReplaced) {
    EXPECT_EQ(make_message_id("csv", "F-1", 1, "email", ""),
              "<relance.csv.F-1.l1.email@relance.invalid>");
    EXPECT_EQ(make_message_id("csv", "F-1", 1, "email", "bad domain>\r\n"),
              "<relance.csv.F-1.l1.email@relance.invalid>");
}

TEST(MessageIdTest, EveryGeneratedIdPassesValidation) {
    for (const char* number : {"F-1", "F/2026 42", "Facture n°7", "", "a.b..c", "<x@y>"}) {
        auto m = a_message();
        m.message_id = make_message_id("csv", number, 3, "email", "atelier.example");

        EXPECT_TRUE(validate_message(m).has_value()) << m.message_id;
    }
}

// --- validate_message ----------------------------------------------------------------------

TEST(ValidateMessageTest, AcceptsAWellFormedMessage) {
    EXPECT_TRUE(validate_message(a_message()).has_value());
}

TEST(ValidateMessageTest, RefusesWhatCannotBeRepaired) {
    auto bad_id = a_message();
    bad_id.message_id = "relance.F-1@x.example";
    auto bad_id2 = a_message();
    bad_id2.message_id = "<a b@x.example>";
    auto bad_from = a_message();
    bad_from.from.email = "relances atelier.example";
    auto bad_to = a_message();
    bad_to.to[0].email = "x@y.example>\r\nBcc: evil@z.example";
    auto no_to = a_message();
    no_to.to.clear();
    auto bad_bcc = a_message();
    bad_bcc.bcc = {"a@b@c"};
    auto no_subject = a_message();
    no_subject.subject = " \r\n ";

    for (const auto* m : {&bad_id, &bad_id2, &bad_from, &bad_to, &no_to, &bad_bcc, &no_subject}) {
        const auto s = validate_message(*m);
        ASSERT_FALSE(s.has_value());
        EXPECT_EQ(s.error().code, ErrorCode::InvalidInput);
    }
}

// --- compose_eml ---------------------------------------------------------------------------

TEST(ComposeEmlTest, WireFormatIsCrlf7BitAndShortLines) {
    auto m = a_message();
    m.text += std::string(2000, 'x') + " é\n";  // one very long line

    const std::string bytes = compose_eml(m);

    expect_wire_clean(bytes);
    for (const std::string& line : crlf_lines(bytes))
        EXPECT_LE(line.size(), 78U) << line;
}

TEST(ComposeEmlTest, HeadersInUtcWithTheGivenMessageId) {
    const std::string bytes = compose_eml(a_message());

    const auto headers = header_lines(bytes);
    EXPECT_NE(std::find(headers.begin(), headers.end(), "Date: Mon, 16 Mar 2026 09:00:00 +0000"),
              headers.end());
    EXPECT_NE(std::find(headers.begin(), headers.end(),
                        "Message-Id: <relance.csv.F-110.l1.email@atelier.example>"),
              headers.end());
    EXPECT_NE(std::find(headers.begin(), headers.end(), "MIME-Version: 1.0"), headers.end());
    EXPECT_NE(std::find(headers.begin(), headers.end(), "Auto-Submitted: auto-generated"),
              headers.end());
    EXPECT_NE(bytes.find("\r\nContent-Type: text/plain; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n"),
              std::string::npos);
    EXPECT_NE(bytes.find("\r\nContent-Type: text/html; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n"),
              std::string::npos);
}

TEST(ComposeEmlTest, SameMessageSameBytes) {
    EXPECT_EQ(compose_eml(a_message()), compose_eml(a_message()));
}

TEST(ComposeEmlTest, Case10SubjectIsEncodedAndFolded) {
    const std::string bytes = compose_eml(a_message());

    const auto lines = subject_lines(bytes);
    ASSERT_FALSE(lines.empty());
    for (const std::string& l : lines)
        EXPECT_LE(l.size(), 78U) << l;
    EXPECT_NE(lines[0].find("=?"), std::string::npos);  // RFC 2047 encoded-words
    EXPECT_EQ(bytes.find("&#39;"), std::string::npos);
    EXPECT_EQ(bytes.find("&apos;"), std::string::npos);
}

TEST(ComposeEmlTest, BccIsNeverAStandardHeader) {
    const auto m = a_message();

    const auto plain = header_lines(compose_eml(m));
    const auto outbox = header_lines(compose_eml(m, BccMode::XRelanceHeader));

    for (const auto& l : plain) {
        EXPECT_NE(l.rfind("Bcc:", 0), 0U);
        EXPECT_EQ(l.find("archive@atelier.example"), std::string::npos);
    }
    EXPECT_NE(std::find(outbox.begin(), outbox.end(), "X-Relance-Bcc: archive@atelier.example"),
              outbox.end());
    for (const auto& l : outbox)
        EXPECT_NE(l.rfind("Bcc:", 0), 0U);
}

TEST(ComposeEmlTest, CrLfInNamesOrSubjectCannotInjectAHeader) {
    auto m = a_message();
    m.to = {{"Foo\r\nBcc: evil@x.example", "compta@sg.example"}};
    m.from.name = "Atelier\nX-Injected: 1";
    m.subject = "Rappel\r\nBcc: evil@x.example\r\n\r\nbody";
    m.bcc.clear();

    const std::string bytes = compose_eml(m);

    for (const auto& l : header_lines(bytes)) {
        EXPECT_NE(l.rfind("Bcc:", 0), 0U) << l;
        EXPECT_NE(l.rfind("X-Injected:", 0), 0U) << l;
    }
    EXPECT_EQ(subject_lines(bytes).size(), 1U);
    expect_wire_clean(bytes);
}

TEST(ComposeEmlTest, WithoutHtmlTheMessageIsPlainText) {
    auto m = a_message();
    m.html.clear();

    const std::string bytes = compose_eml(m);

    EXPECT_EQ(bytes.find("multipart"), std::string::npos);
    EXPECT_NE(bytes.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
}

// --- Independent parse (Python email) ------------------------------------------------------

class ParsedEmlTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_python()) GTEST_SKIP() << "python3 not found at configure time";
    }
    std::multimap<std::string, std::string> parse(const std::string& bytes) {
        const auto file = dir_.path() / "m.eml";
        write_file(file, bytes);
        return python_parse(file);
    }
    TempDir dir_;
};

TEST_F(ParsedEmlTest, DecodesToExactlyWhatWasMeant) {
    const auto p = parse(compose_eml(a_message()));

    EXPECT_EQ(one(p, "defects"), "");
    EXPECT_EQ(one(p, "subject"), "Rappel – facture F-110 échue (L'Atelier d'Hélène)");
    EXPECT_EQ(one(p, "from_name"), "L'Atelier d'Hélène – Relances");
    EXPECT_EQ(one(p, "from_addr"), "relances@atelier.example");
    EXPECT_EQ(all_of(p, "to_name"),
              std::vector<std::string>{"Société Générale d'Études Müller & Fils"});
    EXPECT_EQ(all_of(p, "to_addr"), std::vector<std::string>{"compta@sg.example"});
    EXPECT_EQ(all_of(p, "cc"), std::vector<std::string>{"direction@sg.example"});
    EXPECT_EQ(one(p, "reply_to"), "compta@atelier.example");
    EXPECT_EQ(one(p, "message_id"), "<relance.csv.F-110.l1.email@atelier.example>");
    EXPECT_EQ(one(p, "date"), "Mon, 16 Mar 2026 09:00:00 +0000");
    EXPECT_EQ(one(p, "has_bcc"), "no");
    EXPECT_EQ(one(p, "x_relance_bcc"), "");
    EXPECT_EQ(one(p, "content_type"), "multipart/alternative");
    EXPECT_EQ(one(p, "text"),
              "Bonjour,\n\nMontant : 1" NN "050,00" NB "€ — é è à ç ô œ ß ü ’ & <b>\n");
    EXPECT_EQ(one(p, "html"),
              "<p>Bonjour &amp; merci : 1" NN "050,00" NB "€ — é è à ç ô œ ß ü ’</p>\n");
}

TEST_F(ParsedEmlTest, SeveralRecipientsInOrder) {
    auto m = a_message();
    m.to = {{"Zoë Müller", "zoe@sg.example"},
            {"", "compta@sg.example"},
            {"Jean, dit \"Jo\"", "jo@sg.example"}};
    m.cc = {"a@sg.example", "b@sg.example"};

    const auto p = parse(compose_eml(m));

    EXPECT_EQ(one(p, "defects"), "");
    EXPECT_EQ(all_of(p, "to_name"),
              (std::vector<std::string>{"Zoë Müller", "", "Jean, dit \"Jo\""}));
    EXPECT_EQ(all_of(p, "to_addr"),
              (std::vector<std::string>{"zoe@sg.example", "compta@sg.example", "jo@sg.example"}));
    EXPECT_EQ(all_of(p, "cc"), (std::vector<std::string>{"a@sg.example", "b@sg.example"}));
}

TEST_F(ParsedEmlTest, InjectionAttemptsStayInsideTheirValues) {
    auto m = a_message();
    m.to = {{"Foo\r\nBcc: evil@x.example", "compta@sg.example"}};
    m.subject = "Rappel\r\nBcc: evil@x.example";

    const auto p = parse(compose_eml(m));

    EXPECT_EQ(one(p, "has_bcc"), "no");
    EXPECT_EQ(one(p, "subject"), "Rappel Bcc: evil@x.example");
    EXPECT_EQ(all_of(p, "to_name"), std::vector<std::string>{"Foo Bcc: evil@x.example"});
    EXPECT_EQ(all_of(p, "to_addr"), std::vector<std::string>{"compta@sg.example"});
}

TEST_F(ParsedEmlTest, LongLinesAndCrLfBodiesRoundTrip) {
    auto m = a_message();
    const std::string long_line = std::string(500, 'a') + " é " + std::string(300, '=') + "\n";
    m.text = "ligne 1\r\nligne 2\r\n" + long_line + "fin sans retour";
    m.html = "<p>" + std::string(1200, 'b') + "</p>";

    const std::string bytes = compose_eml(m);
    const auto p = parse(bytes);

    expect_wire_clean(bytes);
    EXPECT_EQ(one(p, "text"), "ligne 1\nligne 2\n" + long_line + "fin sans retour\n");
    EXPECT_EQ(one(p, "html"), "<p>" + std::string(1200, 'b') + "</p>\n");
}

TEST_F(ParsedEmlTest, AttachmentDecodesToTheSameBytesWithItsAccentedName) {
    auto m = a_message();
    std::string pdf = "%PDF-1.5\n";
    for (int i = 0; i < 3000; ++i) pdf += static_cast<char>((i * 37) % 256);  // NUL, CR, LF, 8-bit
    m.attachments.push_back(Attachment{"Mise en demeure – Lefèvre.pdf", "application/pdf", pdf});

    const std::string bytes = compose_eml(m);
    const auto p = parse(bytes);

    EXPECT_EQ(one(p, "defects"), "");
    EXPECT_EQ(one(p, "content_type"), "multipart/mixed");
    EXPECT_EQ(one(p, "text"), "Bonjour,\n\nMontant : 1" NN "050,00" NB "€ — é è à ç ô œ ß ü ’ & <b>\n");
    EXPECT_EQ(one(p, "html"), "<p>Bonjour &amp; merci : 1" NN "050,00" NB "€ — é è à ç ô œ ß ü ’</p>\n");
    EXPECT_EQ(all_of(p, "attachment_name"), std::vector<std::string>{"Mise en demeure – Lefèvre.pdf"});
    EXPECT_EQ(one(p, "attachment_type"), "application/pdf");
    EXPECT_EQ(one(p, "attachment_bytes"), pdf);
    EXPECT_NE(bytes.find("filename*=UTF-8''Mise%20en%20demeure%20%E2%80%93%20Lef%C3%A8vre.pdf"),
              std::string::npos)
        << bytes.substr(0, 3000);  // RFC 2231
    EXPECT_EQ(compose_eml(m), bytes);  // deterministic boundary
    for (char c : bytes) ASSERT_LT(static_cast<unsigned char>(c), 0x80);  // 7-bit clean
}

TEST_F(ParsedEmlTest, LongSubjectIsFoldedAndDecodesWhole) {
    auto m = a_message();
    m.subject =
        "Mise en demeure de payer : factures F-2026-0001, F-2026-0002, F-2026-0003, "
        "F-2026-0004 — Société Générale d'Études Müller & Fils, Saint-Étienne (œuvre ß ü)";

    const std::string bytes = compose_eml(m);
    const auto p = parse(bytes);

    const auto lines = subject_lines(bytes);
    EXPECT_GT(lines.size(), 1U);
    for (const auto& l : lines)
        EXPECT_LE(l.size(), 78U) << l;
    EXPECT_EQ(one(p, "subject"), m.subject);
}

// --- FileOutbox ----------------------------------------------------------------------------

TEST(FileOutboxTest, IsTheIdempotentEmailChannel) {
    FileOutbox box("/tmp/unused");

    EXPECT_EQ(box.name(), "email");
    EXPECT_TRUE(box.idempotent());
}

TEST(FileOutboxTest, WritesOneFileNamedAfterTheStem) {
    TempDir dir;
    FileOutbox box(dir.path() / "outbox" / "nested");
    const auto m = a_message();

    const auto r = box.deliver(m);

    ASSERT_TRUE(r.has_value()) << r.error().describe();
    const auto file = dir.path() / "outbox" / "nested" / "F-110-l1.eml";
    EXPECT_EQ(r->detail, file.string());
    EXPECT_EQ(read_file(file), compose_eml(m, BccMode::XRelanceHeader));
    EXPECT_EQ(files_in(file.parent_path()), std::vector<std::string>{"F-110-l1.eml"});
}

TEST(FileOutboxTest, DeliveringTwiceLeavesTheSameSingleFile) {
    TempDir dir;
    FileOutbox box(dir.path());
    const auto m = a_message();

    ASSERT_TRUE(box.deliver(m).has_value());
    const std::string first = read_file(dir.path() / "F-110-l1.eml");
    ASSERT_TRUE(box.deliver(m).has_value());

    EXPECT_EQ(read_file(dir.path() / "F-110-l1.eml"), first);
    EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"F-110-l1.eml"});
}

TEST(FileOutboxTest, ReplacesAHalfWrittenFileFromAnOlderCrash) {
    TempDir dir;
    write_file(dir.path() / "F-110-l1.eml", "From: trunc");
    FileOutbox box(dir.path());

    ASSERT_TRUE(box.deliver(a_message()).has_value());

    EXPECT_EQ(read_file(dir.path() / "F-110-l1.eml"),
              compose_eml(a_message(), BccMode::XRelanceHeader));
}

// Two messages given the same file stem: the second is refused (Conflict, the file named in the
// error), the first file stays as it was; the same message again still replaces its own file.
TEST(FileOutboxTest, NeverOverwritesAnotherMessagesFile) {
    TempDir dir;
    FileOutbox box(dir.path());
    ASSERT_TRUE(box.deliver(a_message()).has_value());
    const std::string first = read_file(dir.path() / "F-110-l1.eml");
    auto other = a_message();
    other.message_id = "<relance.csv.F_110.l1.email@atelier.example>";
    other.to = {{"Someone else", "autre@else.example"}};

    const auto r = box.deliver(other);

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Conflict);
    EXPECT_NE(r.error().describe().find("F-110-l1.eml"), std::string::npos) << r.error().describe();
    EXPECT_NE(r.error().describe().find(a_message().message_id), std::string::npos);
    EXPECT_EQ(read_file(dir.path() / "F-110-l1.eml"), first);
    EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"F-110-l1.eml"});
    EXPECT_TRUE(box.deliver(a_message()).has_value());
}

TEST(FileOutboxTest, RefusesUnsafeFileStems) {
    TempDir dir;
    FileOutbox box(dir.path());
    for (const char* stem : {"", "../escape", "a/b", ".hidden", "a\nb", "con:1", "a\\b"}) {
        auto m = a_message();
        m.file_stem = stem;

        const auto r = box.deliver(m);

        ASSERT_FALSE(r.has_value()) << stem;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    }
    EXPECT_FALSE(valid_file_stem(std::string(201, 'a')));
    EXPECT_TRUE(valid_file_stem("2026-03-16_F-110_l1 Société"));
    EXPECT_TRUE(files_in(dir.path()).empty());
}

TEST(FileOutboxTest, RefusesAnInvalidMessageWithoutWriting) {
    TempDir dir;
    FileOutbox box(dir.path());
    auto m = a_message();
    m.message_id = "no-brackets@x.example";

    const auto r = box.deliver(m);

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_TRUE(files_in(dir.path()).empty());
}

TEST(FileOutboxTest, FolderThatIsAFileIsAnError) {
    TempDir dir;
    write_file(dir.path() / "plain-file", "x");
    FileOutbox box(dir.path() / "plain-file");

    const auto r = box.deliver(a_message());

    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().code, ErrorCode::Internal);
    EXPECT_NE(r.error().message.find("plain-file"), std::string::npos);
}

// --- Render, deliver, parse: the whole path of cases 09 and 10 -----------------------------

TEST_F(ParsedEmlTest, Cases09And10RenderedMessageSurvivesTheFileOutbox) {
    auto renderer = TemplateRenderer::from_sources(
        {TemplateSource{"fr", 1, TemplatePart::Subject,
                        "Rappel – facture {{numero_facture}} échue ({{entreprise}})", "case10"}});
    ASSERT_TRUE(renderer.has_value()) << renderer.error().describe();
    MessageFacts facts;
    facts.language = "fr";
    facts.level = 1;
    facts.company_name = "L'Atelier d'Hélène";
    facts.customer_name = "Société Générale d'Études Müller & Fils";
    InvoiceLine line;
    line.number = "F-110";
    line.due_date = 2026y / March / 31d;
    line.days_late = 7;
    line.total = line.amount_due = Money{105000, Currency::eur()};
    line.paid = Money::zero(Currency::eur());
    facts.lines = {line};
    const auto rendered = renderer->render(facts);
    ASSERT_TRUE(rendered.has_value()) << rendered.error().describe();
    auto m = a_message();
    m.subject = rendered->subject;
    m.text = rendered->text;
    m.html = rendered->html;
    FileOutbox box(dir_.path() / "outbox");

    const auto r = box.deliver(m);
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    const std::string bytes = read_file(r->detail);
    const auto p = python_parse(r->detail);

    expect_wire_clean(bytes);
    for (const auto& l : subject_lines(bytes))
        EXPECT_LE(l.size(), 78U) << l;
    EXPECT_EQ(one(p, "defects"), "");
    EXPECT_EQ(one(p, "subject"), "Rappel – facture F-110 échue (L'Atelier d'Hélène)");
    EXPECT_EQ(one(p, "x_relance_bcc"), "archive@atelier.example");
    EXPECT_EQ(one(p, "has_bcc"), "no");
    EXPECT_EQ(one(p, "text"), rendered->text);
    EXPECT_EQ(one(p, "html"), rendered->html);
    EXPECT_EQ(one(p, "text").rfind("Bonjour Société Générale d'Études Müller & Fils,\n\n"
                                   "Sauf erreur de notre part, la facture F-110, arrivée à "
                                   "échéance le 31/03/2026, n’a pas encore été réglée. Le montant "
                                   "restant dû s’élève à 1" NN "050,00" NB "€.\n",
                                   0),
              0U);
    EXPECT_EQ(one(p, "text").find("&amp;"), std::string::npos);
    EXPECT_EQ(one(p, "text").find("&#39;"), std::string::npos);
    EXPECT_NE(one(p, "html").find("Société Générale d&#39;Études Müller &amp; Fils"),
              std::string::npos);
}

}  // namespace
}  // namespace relance
