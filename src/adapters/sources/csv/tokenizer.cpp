// SPDX-License-Identifier: MIT
#include "adapters/sources/csv/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace relance::csv::detail {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kLfWord = kOnes * '\n';
constexpr std::uint64_t kCrWord = kOnes * '\r';

// Whether any byte of v equals the byte repeated in `pattern`.
bool has_byte(std::uint64_t v, std::uint64_t pattern) {
    const std::uint64_t x = v ^ pattern;
    return ((x - kOnes) & ~x & (kOnes * 0x80)) != 0;
}

}  // namespace

bool Record::blank() const {
    return std::all_of(fields.begin(), fields.end(), [](std::string_view f) {
        return f.find_first_not_of(" \t") == std::string_view::npos;
    });
}

Tokenizer::Tokenizer(std::string_view text, char separator, std::size_t offset, int line)
    : text_(text), sep_(separator), pos_(offset), line_(line) {
    sep_word_ = kOnes * static_cast<unsigned char>(separator);
    stop_[static_cast<unsigned char>(separator)] = true;
    stop_['\n'] = true;
    stop_['\r'] = true;
}

bool Tokenizer::next(Record& out) {
    out.fields.clear();
    out.problem = {};
    out.problem_field = 0;
    scratch_.clear();
    fixups_.clear();
    if (error_ || pos_ >= text_.size()) return false;
    out.line = line_;

    const char* const begin = text_.data();
    const char* const end = begin + text_.size();
    const char* p = begin + pos_;
    const char sep = sep_;

    for (;;) {
        // Is this field quoted? Spaces before the opening quote are tolerated.
        const char* q = p;
        while (q < end && *q == ' ')
            ++q;
        if (q < end && *q == '"') {
            const char* const content = q + 1;
            const char* s = content;
            bool escaped = false;
            const char* close = nullptr;
            while (close == nullptr) {
                const auto* quote = static_cast<const char*>(
                    std::memchr(s, '"', static_cast<std::size_t>(end - s)));
                if (quote == nullptr) {
                    error_ = make_error(ErrorCode::InvalidInput,
                                        "a quoted field is never closed (missing '\"'), so the "
                                        "rest of the file cannot be read")
                                 .with_context("line " + std::to_string(out.line));
                    pos_ = text_.size();
                    return false;
                }
                line_ += static_cast<int>(std::count(s, quote, '\n'));
                if (quote + 1 < end && quote[1] == '"') {
                    escaped = true;
                    s = quote + 2;
                } else {
                    close = quote;
                }
            }
            if (escaped) {
                const std::size_t at = scratch_.size();
                for (const char* c = content; c < close; ++c) {
                    scratch_ += *c;
                    if (*c == '"') ++c;  // the second quote of a "" pair
                }
                fixups_.push_back({out.fields.size(), at, scratch_.size() - at});
                out.fields.emplace_back();
            } else {
                out.fields.emplace_back(content, static_cast<std::size_t>(close - content));
            }
            p = close + 1;
            while (p < end && *p == ' ')
                ++p;
            if (p < end && *p != sep && *p != '\n' && *p != '\r') {
                if (out.problem.empty()) {
                    out.problem = "text after the closing quote of a quoted field";
                    out.problem_field = out.fields.size() - 1;
                }
                while (p < end && *p != sep && *p != '\n' && *p != '\r')
                    ++p;
            }
        } else {
            const char* s = p;
            // Eight bytes at a time while none of them ends the field (SWAR zero-byte test).
            while (end - p >= 8) {
                std::uint64_t v = 0;
                std::memcpy(&v, p, 8);
                if (has_byte(v, sep_word_) || has_byte(v, kLfWord) || has_byte(v, kCrWord)) break;
                p += 8;
            }
            while (p < end && !stop_[static_cast<unsigned char>(*p)])
                ++p;
            out.fields.emplace_back(s, static_cast<std::size_t>(p - s));
        }

        if (p >= end) {
            pos_ = text_.size();
            break;
        }
        if (*p == sep) {
            ++p;
            continue;
        }
        // End of line: LF, CRLF or a lone CR.
        if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
        ++p;
        ++line_;
        pos_ = static_cast<std::size_t>(p - begin);
        break;
    }
    for (const Fixup& f : fixups_) {
        out.fields[f.field] = std::string_view(scratch_).substr(f.offset, f.length);
    }
    return true;
}

Result<char> detect_separator(std::string_view text) {
    std::size_t i = 0;
    // Skip blank lines.
    while (i < text.size() && (text[i] == '\n' || text[i] == '\r' || text[i] == ' '))
        ++i;
    std::array<std::size_t, 3> counts{};  // ',', ';', '\t'
    bool quoted = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            if (c == '\n' || c == '\r') break;
            if (c == ',') ++counts[0];
            if (c == ';') ++counts[1];
            if (c == '\t') ++counts[2];
        }
    }
    constexpr std::array<char, 3> kSeps = {',', ';', '\t'};
    const auto shown = [](char c) {
        return c == '\t' ? std::string("tab") : "'" + std::string(1, c) + "'";
    };
    const auto best =
        static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    if (counts[best] == 0) {
        return fail(ErrorCode::InvalidInput,
                    "cannot tell the separator: the header line has no ',', ';' or tab");
    }
    for (std::size_t k = 0; k < counts.size(); ++k) {
        if (k != best && counts[k] == counts[best]) {
            return fail(ErrorCode::InvalidInput,
                        "cannot tell the separator: the header line has as many " +
                            shown(kSeps[best]) + " as " + shown(kSeps[k]) +
                            "; set separator in the config");
        }
    }
    return kSeps[best];
}

}  // namespace relance::csv::detail
