// SPDX-License-Identifier: MIT
// A real SMTP server for a test: tests/tools/smtp_sink.py (Debian's python3-aiosmtpd) started
// as a child process on 127.0.0.1, storing each accepted message in a folder. The executable
// using it defines RELANCE_PYTHON3 and RELANCE_SMTP_SINK (the script's path).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "testing/sandbox.h"

namespace relance::test {

class SmtpSink {
public:
    /// Starts the server with extra flags (e.g. {"--tempfail-data", "1"}); check ok() after.
    SmtpSink(const std::filesystem::path& dir, std::vector<std::string> flags = {})
        : dir_(dir / "received"), port_file_(dir / "sink.port") {
        std::filesystem::remove(port_file_);
        std::vector<std::string> argv = {RELANCE_PYTHON3, RELANCE_SMTP_SINK, "--dir", dir_.string(),
                                         "--port-file", port_file_.string()};
        argv.insert(argv.end(), flags.begin(), flags.end());
        pid_ = ::fork();
        if (pid_ == 0) {
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        for (int i = 0; i < 200 && pid_ > 0; ++i) {  // up to 10 s for python to start
            if (std::filesystem::exists(port_file_)) {
                port_ = std::stoi(read_file(port_file_));
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;
    ~SmtpSink() { stop(); }

    [[nodiscard]] bool ok() const { return port_ > 0; }
    [[nodiscard]] int port() const { return port_; }
    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
        }
    }
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
    std::filesystem::path dir_;
    std::filesystem::path port_file_;
    pid_t pid_ = -1;
    int port_ = 0;
};

/// A port on 127.0.0.1 where nothing listens: a sink started and stopped.
inline int unused_port(const std::filesystem::path& dir) {
    SmtpSink s(dir / "unused");
    const int port = s.port();
    s.stop();
    return port;
}

}  // namespace relance::test
