// SPDX-License-Identifier: MIT
// Helpers for the invoicing-API tests: routes for tests/tools/http_stub.py built from the
// recorded payloads in tests/fixtures/<tool>/ (served as their exact text, so numbers keep the
// form the tool writes them in), a recorder of the waits the retry rule asked for, and a fake
// monotonic clock for the time budget. The executable defines RELANCE_PYTHON3,
// RELANCE_HTTP_STUB and RELANCE_FIXTURES and links nlohmann_json.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "adapters/sources/api/api_source.h"
#include "testing/http_stub.h"
#include "testing/sandbox.h"

namespace relance::test {

#define REQUIRE_API_STUB(stub)                                                                   \
    if (std::string(RELANCE_PYTHON3).empty()) GTEST_SKIP() << "python3 not found at configure time"; \
    ASSERT_TRUE((stub).ok()) << "the HTTP stub did not start"

/// The text of tests/fixtures/<path>.
inline std::string fixture(const std::string& path) {
    return read_file(std::filesystem::path(RELANCE_FIXTURES) / path);
}

/// An answer of the stub: `status`, the body as exact text, extra headers.
inline nlohmann::json answer(int status, const std::string& body = "",
                             const nlohmann::json& headers = nlohmann::json::object()) {
    return {{"status", status}, {"body", body}, {"headers", headers}};
}
inline nlohmann::json ok_body(const std::string& body) { return answer(200, body); }
/// No answer at all: the connection is closed.
inline nlohmann::json dropped() { return {{"drop", true}}; }

/// A route: `method` `path`, matching each `query` parameter given, answering `responses` in
/// order (the last one repeats).
inline nlohmann::json route(const std::string& method, const std::string& path,
                            const nlohmann::json& query, std::vector<nlohmann::json> responses) {
    nlohmann::json r = {{"method", method}, {"path", path}, {"responses", responses}};
    if (!query.is_null() && !query.empty()) r["query"] = query;
    return r;
}

/// Every GET whose path starts with `prefix` (one invoice read on its own, say) answers 503: the
/// tool is down for those too.
inline nlohmann::json down_under(const std::string& prefix) {
    return {{"method", "GET"}, {"path_prefix", prefix}, {"responses", {answer(503)}}};
}

/// `routes` with down_under(prefix) first.
inline nlohmann::json reads_down(nlohmann::json routes, const std::string& prefix) {
    routes.insert(routes.begin(), down_under(prefix));
    return routes;
}

/// Records the waits asked for (no real sleep) and drives a fake monotonic clock by them.
struct FakeTime {
    std::vector<std::chrono::milliseconds> waits;
    std::chrono::steady_clock::time_point now{std::chrono::hours{1}};

    [[nodiscard]] api::ApiHooks hooks() {
        return api::ApiHooks{[this](std::chrono::milliseconds d) {
                                 waits.push_back(d);
                                 now += d;
                             },
                             [this] { return now; }};
    }
};

/// The requests the stub received on `path`.
inline std::vector<nlohmann::json> requests_to(const HttpStub& stub, const std::string& path) {
    std::vector<nlohmann::json> out;
    for (auto& r : stub.requests()) {
        if (r["path"] == path) out.push_back(r);
    }
    return out;
}

/// A query parameter of a logged request ("" when absent).
inline std::string query_of(const nlohmann::json& request, const std::string& key) {
    if (!request["query"].contains(key)) return {};
    return request["query"][key][0].get<std::string>();
}

}  // namespace relance::test
