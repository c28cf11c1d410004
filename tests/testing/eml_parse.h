// SPDX-License-Identifier: MIT
// What an independent MIME parser (Python's `email` package, tests/tools/parse_eml.py) decodes
// from an .eml file. The executable using it defines RELANCE_PYTHON3 (empty when python3 was not
// found at configure time) and RELANCE_PARSE_EML (the script's path).
#pragma once

#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace relance::test {

inline bool have_python() { return std::string(RELANCE_PYTHON3).size() > 0; }

inline std::string from_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return out;
}

/// Key -> decoded values in order (keys listed in tests/tools/parse_eml.py).
inline std::multimap<std::string, std::string> python_parse(const std::filesystem::path& eml) {
    std::multimap<std::string, std::string> out;
    const std::string cmd = std::string("'") + RELANCE_PYTHON3 + "' '" + RELANCE_PARSE_EML + "' '" +
                            eml.string() + "' 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) return out;
    std::string all;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) all.append(buf, n);
    const int status = ::pclose(pipe);
    EXPECT_EQ(status, 0) << all;
    std::istringstream lines(all);
    std::string line;
    while (std::getline(lines, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        out.emplace(line.substr(0, eq), from_hex(line.substr(eq + 1)));
    }
    return out;
}

/// python_parse for many files in one interpreter (fast): one map per file, in order.
inline std::vector<std::multimap<std::string, std::string>> python_parse_many(
    const std::vector<std::filesystem::path>& files) {
    std::vector<std::multimap<std::string, std::string>> out;
    if (files.empty()) return out;
    std::string cmd = std::string("'") + RELANCE_PYTHON3 + "' '" + RELANCE_PARSE_EML + "'";
    for (const auto& f : files) cmd += " '" + f.string() + "'";
    if (files.size() == 1) {
        out.push_back(python_parse(files[0]));
        return out;
    }
    FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return out;
    std::string all;
    char buf[65536];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) all.append(buf, n);
    EXPECT_EQ(::pclose(pipe), 0) << all.substr(0, 2000);
    std::istringstream lines(all);
    std::string line;
    while (std::getline(lines, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq);
        if (key == "file") {
            out.emplace_back();
            continue;
        }
        if (!out.empty()) out.back().emplace(key, from_hex(line.substr(eq + 1)));
    }
    return out;
}

inline std::string one(const std::multimap<std::string, std::string>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? "<missing " + key + ">" : it->second;
}

inline std::vector<std::string> all_of(const std::multimap<std::string, std::string>& m,
                                       const std::string& key) {
    std::vector<std::string> out;
    auto [b, e] = m.equal_range(key);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

}  // namespace relance::test
