// SPDX-License-Identifier: MIT
// A test server run as a child process (a Python script of tests/tools/) that writes the port it
// listens on, on 127.0.0.1, to a file once it is ready. Stopped with SIGTERM at the end.
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

class ChildServer {
public:
    /// Runs `argv` (argv[0] an absolute path); it is told `port_file` by the caller's flags.
    ChildServer(std::vector<std::string> argv, std::filesystem::path port_file)
        : port_file_(std::move(port_file)) {
        std::filesystem::remove(port_file_);
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
    ChildServer(const ChildServer&) = delete;
    ChildServer& operator=(const ChildServer&) = delete;
    ~ChildServer() { stop(); }

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

private:
    std::filesystem::path port_file_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace relance::test
