// SPDX-License-Identifier: MIT
// A real SMTP server for a test: tests/tools/smtp_sink.py (Debian's python3-aiosmtpd) started
// as a child process on 127.0.0.1, storing each accepted message in a folder. The executable
// using it defines RELANCE_PYTHON3 and RELANCE_SMTP_SINK (the script's path).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "testing/child_server.h"
#include "testing/sandbox.h"

namespace relance::test {

class SmtpSink {
public:
    /// Starts the server with extra flags (e.g. {"--tempfail-data", "1"}); check ok() after.
    SmtpSink(const std::filesystem::path& dir, std::vector<std::string> flags = {})
        : dir_(dir / "received"), server_(argv(dir, std::move(flags)), dir / "sink.port") {}

    [[nodiscard]] bool ok() const { return server_.ok(); }
    [[nodiscard]] int port() const { return server_.port(); }
    void stop() { server_.stop(); }
    /// The .eml files received, in order.
    [[nodiscard]] std::vector<std::filesystem::path> messages() const {
        std::vector<std::filesystem::path> out;
        for (const auto& name : files_in(dir_)) {
            if (name.size() > 4 && name.substr(name.size() - 4) == ".eml") out.push_back(dir_ / name);
        }
        return out;
    }
    /// The envelope of a received message: MAIL FROM then each RCPT TO.
    [[nodiscard]] static std::vector<std::string> envelope(const std::filesystem::path& eml) {
        std::filesystem::path env = eml;
        env.replace_extension(".env");
        std::vector<std::string> lines;
        std::string all = read_file(env);
        std::size_t pos = 0;
        while (pos < all.size()) {
            const auto nl = all.find('\n', pos);
            lines.push_back(all.substr(pos, nl - pos));
            if (nl == std::string::npos) break;
            pos = nl + 1;
        }
        return lines;
    }

private:
    static std::vector<std::string> argv(const std::filesystem::path& dir, std::vector<std::string> flags) {
        std::vector<std::string> a = {RELANCE_PYTHON3, RELANCE_SMTP_SINK, "--dir", (dir / "received").string(),
                                      "--port-file", (dir / "sink.port").string()};
        a.insert(a.end(), flags.begin(), flags.end());
        return a;
    }
    std::filesystem::path dir_;
    ChildServer server_;
};

/// A port on 127.0.0.1 where nothing listens: a sink started and stopped.
inline int unused_port(const std::filesystem::path& dir) {
    SmtpSink s(dir / "unused");
    const int port = s.port();
    s.stop();
    return port;
}

}  // namespace relance::test
