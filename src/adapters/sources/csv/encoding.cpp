// SPDX-License-Identifier: MIT
#include "adapters/sources/csv/encoding.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <iconv.h>

namespace relance::csv::detail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

int line_of(std::string_view bytes, std::size_t offset) {
    return 1 +
           static_cast<int>(std::count(
               bytes.begin(),
               bytes.begin() + static_cast<std::ptrdiff_t>(std::min(offset, bytes.size())), '\n'));
}

std::string hex_byte(unsigned char b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", b);
    return buf;
}

// Converts with iconv; on a byte the source encoding does not define, returns its offset.
struct IconvOutcome {
    bool ok = false;
    std::size_t bad_offset = 0;
    std::string text;
};

IconvOutcome run_iconv(const char* from, std::string_view in) {
    IconvOutcome out;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return out;  // NOLINT: iconv's error value
    out.text.resize(in.size() * 3 / 2 + in.size() + 16);
    // iconv takes char** for its input although it never writes through it.
    char* src = const_cast<char*>(in.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    std::size_t src_left = in.size();
    std::size_t used = 0;
    while (src_left > 0) {
        char* dst = out.text.data() + used;
        std::size_t dst_left = out.text.size() - used;
        const std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
        used = out.text.size() - dst_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.text.resize(out.text.size() * 2);
            continue;
        }
        // EILSEQ or EINVAL (a truncated sequence at the end): the byte at src is not convertible.
        out.bad_offset = static_cast<std::size_t>(src - in.data());
        iconv_close(cd);
        return out;
    }
    iconv_close(cd);
    out.text.resize(used);
    out.ok = true;
    return out;
}

Result<Decoded> from_windows_1252(std::string_view bytes, std::string_view why) {
    IconvOutcome conv = run_iconv("WINDOWS-1252", bytes);
    if (!conv.ok) {
        const auto b =
            static_cast<unsigned char>(bytes[std::min(conv.bad_offset, bytes.size() - 1)]);
        return unexpected(
            make_error(ErrorCode::InvalidInput,
                       "byte " + hex_byte(b) + " is " + std::string(why) +
                           " not Windows-1252 either; save the file as CSV UTF-8")
                .with_context("line " + std::to_string(line_of(bytes, conv.bad_offset))));
    }
    Decoded d;
    d.storage = std::move(conv.text);
    d.owned = true;
    d.encoding = "windows-1252";
    return d;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t word = 0;
            std::memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ULL) != 0) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // overlong
            if (c == 0xED) hi = 0x9F;  // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;  // overlong
            if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k) {
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        }
        i += len;
    }
    return n;
}

Result<Decoded> decode(std::string_view bytes, Encoding encoding) {
    const bool bom = bytes.substr(0, 3) == kUtf8Bom;
    const bool utf16 = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                                             (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
    if (utf16) {
        if (encoding != Encoding::Auto) {
            return fail(ErrorCode::InvalidInput,
                        "the file is UTF-16 (it starts with a UTF-16 byte-order mark) but encoding "
                        "is set to " +
                            std::string(encoding == Encoding::Utf8 ? "utf-8" : "windows-1252") +
                            "; set encoding = \"auto\" or save the file as CSV UTF-8");
        }
        IconvOutcome conv = run_iconv("UTF-16", bytes);  // iconv reads the byte-order mark
        if (!conv.ok) {
            return fail(ErrorCode::InvalidInput,
                        "the file starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                        "(byte offset " +
                            std::to_string(conv.bad_offset) + "); save it as CSV UTF-8");
        }
        Decoded d;
        d.storage = std::move(conv.text);
        d.owned = true;
        d.encoding = "utf-16";
        return d;
    }
    if (bom && encoding == Encoding::Windows1252) {
        return fail(ErrorCode::InvalidInput,
                    "the file starts with a UTF-8 byte-order mark but encoding is set to "
                    "windows-1252; set encoding = \"auto\" or \"utf-8\"");
    }
    if (encoding == Encoding::Windows1252)
        return from_windows_1252(bytes, "set as Windows-1252 but");

    const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    const std::size_t bad = first_invalid_utf8(body);
    if (bad == body.size()) {
        Decoded d;
        d.borrowed = body;
        d.encoding = bom ? "utf-8 with BOM" : "utf-8";
        return d;
    }
    const auto b = static_cast<unsigned char>(body[bad]);
    if (bom || encoding == Encoding::Utf8) {
        return unexpected(
            make_error(
                ErrorCode::InvalidInput,
                "byte " + hex_byte(b) + " is not valid UTF-8 although the file " +
                    (bom ? "starts with a UTF-8 byte-order mark" : "is configured as utf-8") +
                    "; fix the file or set encoding = \"windows-1252\"")
                .with_context("line " + std::to_string(line_of(body, bad))));
    }
    return from_windows_1252(body, "not UTF-8 and");
}

}  // namespace relance::csv::detail
