// SPDX-License-Identifier: MIT
// A scriptable HTTP server for a test: tests/tools/http_stub.py on 127.0.0.1, answering from a
// list of routes (JSON, see the script) and logging every request it got. The executable using it
// defines RELANCE_PYTHON3 and RELANCE_HTTP_STUB, and links nlohmann_json.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "testing/child_server.h"
#include "testing/sandbox.h"

namespace relance::test {

class HttpStub {
public:
    /// `routes` as the script reads them, e.g. R"([{"path": "/x", "responses": [{"status": 200}]}])".
    HttpStub(const std::filesystem::path& dir, const std::string& routes)
        : log_(dir / "http.log"), server_(argv(dir, routes), dir / "http.port") {}

    [[nodiscard]] bool ok() const { return server_.ok(); }
    [[nodiscard]] int port() const { return server_.port(); }
    [[nodiscard]] std::string url(const std::string& path = "") const {
        return "http://127.0.0.1:" + std::to_string(port()) + path;
    }
    void stop() { server_.stop(); }

    /// Every request received so far: {method, path, query: {k: [v]}, headers: {k: v}, body}.
    [[nodiscard]] std::vector<nlohmann::json> requests() const {
        std::vector<nlohmann::json> out;
        std::istringstream lines(read_file(log_));
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.empty()) out.push_back(nlohmann::json::parse(line));
        }
        return out;
    }

private:
    static std::vector<std::string> argv(const std::filesystem::path& dir, const std::string& routes) {
        write_file(dir / "routes.json", routes);
        std::filesystem::remove(dir / "http.log");
        return {RELANCE_PYTHON3, RELANCE_HTTP_STUB, "--routes", (dir / "routes.json").string(),
                "--log", (dir / "http.log").string(), "--port-file", (dir / "http.port").string()};
    }
    std::filesystem::path log_;
    ChildServer server_;
};

}  // namespace relance::test
