// SPDX-License-Identifier: MIT
#include "adapters/delivery/outbox/eml.h"

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

#include <gmime/gmime.h>

namespace relance {
namespace {

// --- GObject ownership -------------------------------------------------------------------

struct GObjectUnref {
    void operator()(gpointer p) const {
        if (p != nullptr) g_object_unref(p);
    }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct FormatOptionsFree {
    void operator()(GMimeFormatOptions* p) const { g_mime_format_options_free(p); }
};

void init_gmime_once() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

// --- Sanitising ----------------------------------------------------------------------------

std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t len = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// One header line's worth of text: control characters (CR and LF included, U+2028/2029 too)
// become spaces, runs of spaces become one, the ends are trimmed; invalid UTF-8 → U+FFFD.
std::string header_text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool space = false;
    for (std::size_t i = 0; i < value.size();) {
        char32_t cp = 0;
        const std::size_t n = utf8_sequence(value, i, cp);
        const bool blank = n != 0 && (cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
                                      cp == 0x2028 || cp == 0x2029);
        if (blank) {
            space = true;
            i += n;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (n == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(value.substr(i, n));
            i += n;
        }
    }
    return out;
}

// A body: CRLF and CR become LF (GMime writes CRLF), NUL is dropped, invalid UTF-8 → U+FFFD,
// and the text ends with a newline.
std::string body_text(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 1);
    for (std::size_t i = 0; i < value.size();) {
        // Fast path: a run of plain ASCII (no CR, no NUL) is copied at once.
        std::size_t run = i;
        while (run < value.size() && static_cast<unsigned char>(value[run]) < 0x80 &&
               value[run] != '\r' && value[run] != '\0') {
            ++run;
        }
        if (run > i) {
            out.append(value.substr(i, run - i));
            i = run;
            continue;
        }
        const char c = value[i];
        if (c == '\r') {
            out += '\n';
            i += (i + 1 < value.size() && value[i + 1] == '\n') ? 2U : 1U;
            continue;
        }
        if (c == '\0') {
            ++i;
            continue;
        }
        char32_t cp = 0;
        const std::size_t n = utf8_sequence(value, i, cp);
        if (n == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(value.substr(i, n));
            i += n;
        }
    }
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// RFC 5322 dot-atom-text: atext runs separated by single dots.
bool is_dot_atom(std::string_view s) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (s[i + 1] == '.') return false;
        } else if (!is_atext(s[i])) {
            return false;
        }
    }
    return true;
}

// Printable ASCII without the characters that delimit addresses in a header.
bool addr_char(char c) {
    return c > 0x20 && c < 0x7F &&
           std::string_view("<>()[],;:\"\\").find(c) == std::string_view::npos;
}

bool valid_addr_spec(std::string_view a) {
    const auto at = a.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
    if (a.find('@', at + 1) != std::string_view::npos) return false;
    for (char c : a) {
        if (!addr_char(c)) return false;
    }
    return true;
}

std::string clean_addr(std::string_view a) {
    std::string out;
    for (char c : a) {
        if (addr_char(c)) out += c;
    }
    return out;
}

// "<left@right>" → "left@right" with only dot-atom characters kept.
std::string clean_message_id(std::string_view id) {
    if (!id.empty() && id.front() == '<') id.remove_prefix(1);
    if (!id.empty() && id.back() == '>') id.remove_suffix(1);
    std::string out;
    for (char c : id) {
        if (is_atext(c) || c == '.' || c == '@') out += c;
    }
    return out;
}

// FNV-1a 64-bit: small, fast and the same on every platform.
struct Fnv1a {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    void add(std::string_view s) {
        for (char c : s) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
    }
    void add_separator() {
        h ^= 0xFFU;  // a byte that never occurs in UTF-8, so ("ab","c") and ("a","bc") differ
        h *= 0x100000001b3ULL;
    }
    [[nodiscard]] std::string hex() const {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out(16, '0');
        for (int i = 15; i >= 0; --i)
            out[static_cast<std::size_t>(15 - i)] = kDigits[(h >> (4 * i)) & 0xF];
        return out;
    }
};

// --- GMime parts ---------------------------------------------------------------------------

GMimeObject* new_text_part(const char* subtype, const std::string& utf8) {
    GMimePart* part = g_mime_part_new_with_type("text", subtype);
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
    // The bytes are given as they are (no charset guessing); GMime copies them.
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(utf8.data(), utf8.size()));
    GPtr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part, wrapper.get());
    // Always quoted-printable: 7-bit clean, lines of at most 76 characters, and no line can
    // ever look like the "=_" boundary below.
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GMIME_OBJECT(part);
}

// An attachment: base64, Content-Disposition attachment with its file name (RFC 2231 when it is
// not ASCII, so "Mise en demeure – Lefèvre.pdf" survives every client).
GMimeObject* new_attachment_part(const Attachment& a) {
    const std::string type = a.content_type.empty() ? "application/octet-stream" : a.content_type;
    const auto slash = type.find('/');
    GMimePart* part = g_mime_part_new_with_type(
        type.substr(0, slash).c_str(), slash == std::string::npos ? "octet-stream" : type.substr(slash + 1).c_str());
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(a.bytes.data(), a.bytes.size()));
    GPtr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part, wrapper.get());
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
    g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
    const std::string name = header_text(a.filename).empty() ? "attachment" : header_text(a.filename);
    g_mime_part_set_filename(part, name.c_str());
    return GMIME_OBJECT(part);
}

void add_addresses(GMimeMessage* msg, GMimeAddressType type, const std::vector<Address>& list) {
    for (const Address& a : list) {
        g_mime_message_add_mailbox(msg, type, header_text(a.name).c_str(),
                                   clean_addr(a.email).c_str());
    }
}

}  // namespace

std::string format_rfc5322_date(std::chrono::sys_seconds when) {
    using namespace std::chrono;
    static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                              "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const sys_days day = floor<days>(when);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{when - day};
    const weekday wd{day};
    const auto two = [](long v) {
        std::string s = std::to_string(v);
        return s.size() < 2 ? "0" + s : s;
    };
    std::string out;
    out += kDays[wd.c_encoding()];
    out += ", ";
    out += std::to_string(static_cast<unsigned>(ymd.day()));
    out += ' ';
    out += kMonths[static_cast<unsigned>(ymd.month()) - 1];
    out += ' ';
    out += std::to_string(static_cast<int>(ymd.year()));
    out += ' ';
    out += two(hms.hours().count()) + ":" + two(hms.minutes().count()) + ":" +
           two(static_cast<long>(hms.seconds().count()));
    out += " +0000";
    return out;
}

Status validate_message(const OutgoingMessage& m) {
    const auto bad = [](const std::string& what) { return fail(ErrorCode::InvalidInput, what); };
    std::string_view id = m.message_id;
    if (id.size() < 5 || id.front() != '<' || id.back() != '>') {
        return bad("Message-ID '" + m.message_id + "' is not of the form <left@right>");
    }
    id = id.substr(1, id.size() - 2);
    const auto at = id.find('@');
    if (at == std::string_view::npos || !is_dot_atom(id.substr(0, at)) ||
        !is_dot_atom(id.substr(at + 1))) {
        return bad("Message-ID '" + m.message_id + "' is not made of RFC 5322 dot-atoms");
    }
    if (!valid_addr_spec(m.from.email))
        return bad("From address '" + m.from.email + "' is not valid");
    if (!m.reply_to.empty() && !valid_addr_spec(m.reply_to)) {
        return bad("Reply-To address '" + m.reply_to + "' is not valid");
    }
    if (m.to.empty()) return bad("the message has no To recipient");
    for (const Address& a : m.to) {
        if (!valid_addr_spec(a.email)) return bad("To address '" + a.email + "' is not valid");
    }
    for (const std::string& a : m.cc) {
        if (!valid_addr_spec(a)) return bad("Cc address '" + a + "' is not valid");
    }
    for (const std::string& a : m.bcc) {
        if (!valid_addr_spec(a)) return bad("Bcc address '" + a + "' is not valid");
    }
    if (header_text(m.subject).empty()) return bad("the message has an empty subject");
    if (m.text.empty()) return bad("the message has no text part");
    return ok();
}

std::string compose_eml(const OutgoingMessage& m, BccMode bcc) {
    init_gmime_once();
    GPtr<GMimeMessage> msg(g_mime_message_new(FALSE));
    GMimeObject* obj = GMIME_OBJECT(msg.get());

    g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_FROM, header_text(m.from.name).c_str(),
                               clean_addr(m.from.email).c_str());
    add_addresses(msg.get(), GMIME_ADDRESS_TYPE_TO, m.to);
    for (const std::string& cc : m.cc) {
        g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_CC, "", clean_addr(cc).c_str());
    }
    if (!m.reply_to.empty()) {
        g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_REPLY_TO, "",
                                   clean_addr(m.reply_to).c_str());
    }
    g_mime_message_set_subject(msg.get(), header_text(m.subject).c_str(), "utf-8");
    g_mime_object_set_header(obj, "Date", format_rfc5322_date(m.date).c_str(), nullptr);
    g_mime_message_set_message_id(msg.get(), clean_message_id(m.message_id).c_str());
    // RFC 3834: tells auto-responders (vacation replies) not to answer; people still can.
    g_mime_object_append_header(obj, "Auto-Submitted", "auto-generated", nullptr);
    if (bcc == BccMode::XRelanceHeader && !m.bcc.empty()) {
        std::string list;
        for (const std::string& b : m.bcc) {
            const std::string a = clean_addr(b);
            if (a.empty()) continue;
            if (!list.empty()) list += ", ";
            list += a;
        }
        if (!list.empty()) g_mime_object_append_header(obj, "X-Relance-Bcc", list.c_str(), nullptr);
    }

    const std::string text = body_text(m.text);
    const std::string html = body_text(m.html);
    GPtr<GMimeObject> text_part(new_text_part("plain", text));
    GPtr<GMimeMultipart> alt;
    if (html.empty()) {
        g_mime_message_set_mime_part(msg.get(), text_part.get());
    } else {
        GPtr<GMimeObject> html_part(new_text_part("html", html));
        // Not g_mime_multipart_new_with_subtype(): it draws a random boundary from /dev/urandom
        // (one open+read+close per message, a third of the time spent here).
        alt.reset(GMIME_MULTIPART(g_object_new(GMIME_TYPE_MULTIPART, nullptr)));
        GPtr<GMimeContentType> type(g_mime_content_type_new("multipart", "alternative"));
        g_mime_object_set_content_type(GMIME_OBJECT(alt.get()), type.get());
        // Deterministic boundary: the same message gives the same bytes. "=_" cannot occur at
        // the start of a quoted-printable line, so the boundary never collides with the body.
        Fnv1a hash;
        for (std::string_view part :
             {std::string_view(m.message_id), std::string_view(text), std::string_view(html)}) {
            hash.add(part);
            hash.add_separator();
        }
        g_mime_multipart_set_boundary(alt.get(), ("=_relance_" + hash.hex()).c_str());
        g_mime_multipart_add(alt.get(), text_part.get());
        g_mime_multipart_add(alt.get(), html_part.get());
        g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(alt.get()));
    }
    if (!m.attachments.empty()) {
        // multipart/mixed: the body (text, or the alternative) first, then each file.
        GPtr<GMimeMultipart> mixed(GMIME_MULTIPART(g_object_new(GMIME_TYPE_MULTIPART, nullptr)));
        GPtr<GMimeContentType> type(g_mime_content_type_new("multipart", "mixed"));
        g_mime_object_set_content_type(GMIME_OBJECT(mixed.get()), type.get());
        Fnv1a hash;
        hash.add(m.message_id);
        hash.add_separator();
        hash.add(text);
        for (const Attachment& a : m.attachments) {
            hash.add_separator();
            hash.add(a.filename);
            hash.add_separator();
            hash.add(a.bytes);
        }
        g_mime_multipart_set_boundary(mixed.get(), ("=_relance_mixed_" + hash.hex()).c_str());
        g_mime_multipart_add(mixed.get(), alt ? GMIME_OBJECT(alt.get()) : text_part.get());
        for (const Attachment& a : m.attachments) {
            GPtr<GMimeObject> part(new_attachment_part(a));
            g_mime_multipart_add(mixed.get(), part.get());
        }
        g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(mixed.get()));
    }

    std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> options(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
    g_mime_format_options_set_param_encoding_method(options.get(), GMIME_PARAM_ENCODING_METHOD_RFC2231);
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(obj, options.get(), out.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string make_message_id(std::string_view source, std::string_view invoice_number, int level,
                            std::string_view channel, std::string_view domain) {
    const auto safe = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    };
    bool lossy = false;
    const auto part = [&](std::string_view s) {
        std::string out;
        for (char c : s) {
            if (safe(c)) {
                out += c;
            } else {
                lossy = true;
                if (out.empty() || out.back() != '-') out += '-';
            }
        }
        if (out.empty()) {
            lossy = true;
            out = "-";
        }
        if (out.size() > 64) {
            lossy = true;
            out.resize(64);
        }
        return out;
    };
    std::string id = "<relance." + part(source) + "." + part(invoice_number) + ".l" +
                     std::to_string(level) + "." + part(channel);
    if (lossy) {
        Fnv1a hash;
        const std::string level_text = std::to_string(level);
        for (std::string_view s : {source, invoice_number, std::string_view(level_text), channel}) {
            hash.add(s);
            hash.add_separator();
        }
        id += "." + hash.hex();
    }
    std::string host;
    for (char c : domain)
        host += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    bool host_ok = is_dot_atom(host) && host.size() <= 253;
    for (char c : host) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            host_ok = false;
    }
    return id + "@" + (host_ok ? host : std::string("relance.invalid")) + ">";
}

}  // namespace relance
