// SPDX-License-Identifier: MIT
// rates.csv reader (rules.md §5.3 columns): one row per line, fields optionally quoted.
#include "adapters/rates/rate_file.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/time/date.h"

namespace relance {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The fields of one line; none when a quote is left open.
std::optional<std::vector<std::string>> split_fields(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (quoted) {
            if (ch != '"') {
                fields.back() += ch;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            fields.emplace_back();
        } else {
            fields.back() += ch;
        }
    }
    if (quoted) return std::nullopt;
    return fields;
}

bool valid_kind(std::string_view kind) {
    if (kind.empty()) return false;
    for (char ch : kind) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

Result<RateTable> parse_rate_csv(std::string_view text, std::string_view origin) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::string> problems;
    std::vector<RateEntry> entries;
    bool header_seen = false;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        const std::string where = std::string(origin) + ":" + std::to_string(line_no) + ": ";
        const auto fields = split_fields(line);
        if (!fields) {
            problems.push_back(where + "a quoted field is not closed");
            continue;
        }
        if (!header_seen) {
            header_seen = true;
            const std::vector<std::string>& h = *fields;
            const bool ok = (h.size() == 3 || h.size() == 4) && trim(h[0]) == "kind" &&
                            trim(h[1]) == "effective_from" && trim(h[2]) == "rate_percent" &&
                            (h.size() == 3 || trim(h[3]) == "source");
            if (!ok) {
                return fail(ErrorCode::InvalidInput,
                            where + "expected the header kind,effective_from,rate_percent,source");
            }
            continue;
        }
        if (fields->size() < 3 || fields->size() > 4) {
            problems.push_back(where + "expected 3 or 4 fields (kind, effective_from, "
                                       "rate_percent, source), found " +
                               std::to_string(fields->size()));
            continue;
        }
        const std::string_view kind = trim((*fields)[0]);
        auto date = parse_iso_date(trim((*fields)[1]));
        auto rate = parse_rate_percent(trim((*fields)[2]));
        if (!valid_kind(kind)) {
            problems.push_back(where + "kind '" + std::string(kind) +
                               "': expected lower-case letters, digits and _");
        }
        if (!date) problems.push_back(where + "effective_from: " + date.error().message);
        if (!rate) problems.push_back(where + "rate_percent: " + rate.error().message);
        if (valid_kind(kind) && date && rate) {
            entries.push_back(RateEntry{std::string(kind), *date, *rate});
        }
    }
    if (!header_seen) {
        return fail(ErrorCode::InvalidInput,
                    std::string(origin) + ": empty (expected the header "
                                          "kind,effective_from,rate_percent,source and rows)");
    }
    if (problems.empty()) {
        auto table = RateTable::from_entries(std::move(entries));
        if (table) return table;
        return unexpected(std::move(table).error().with_context(std::string(origin)));
    }
    std::string msg = std::string(origin) + " has " + std::to_string(problems.size()) +
                      " problem(s):";
    for (const auto& p : problems) msg += "\n  " + p;
    return fail(ErrorCode::InvalidInput, msg);
}

Result<RateTable> builtin_rate_table() {
    auto table = parse_rate_csv(builtin_rates_csv(), "built-in rates.csv");
    if (!table) {
        return fail(ErrorCode::Internal, "the built-in rate table does not parse: " +
                                             table.error().describe());
    }
    return table;
}

Result<RateTable> load_rate_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::NotFound, "rate table '" + path.string() + "' does not exist");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (!in) return fail(ErrorCode::Unavailable, "cannot read rate table '" + path.string() + "'");
    return parse_rate_csv(buf.str(), path.string());
}

}  // namespace relance
