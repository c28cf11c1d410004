// SPDX-License-Identifier: MIT
// The dashboard's web server: HTML pages with server-drawn SVG charts, the JSON API and the
// Prometheus /metrics, on its own threads (cpp-httplib, included by web_server.cpp only).
// `relance serve` starts it next to the scheduler; `relance dashboard` runs it read-only in the
// foreground. Binds 127.0.0.1 by default; any other address requires a token or a user.
// Each request opens its own store connection (SQLite WAL: readers never block the pass) and no
// lock is held across requests. It must never show a secret (SMTP password, token, hashes).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config/settings.h"
#include "core/error.h"

namespace relance {

struct WebOptions {
    std::string bind = "127.0.0.1";
    int port = 8080;                 // 0: any free port (tests; see WebServer::port)
    bool read_only = false;          // `relance dashboard`: no pause/resume/hold, nothing written
    std::string token;               // bearer token accepted (empty: none)
    std::vector<WebUser> users;      // who may sign in with a password
    std::string base_url;            // the address people open (its host is accepted, https -> Secure cookies)
    int threads = 16;                // worker threads
    /// A fixed clock (relance dashboard --now/--date, tests); none: the system clock.
    std::optional<std::chrono::sys_seconds> fixed_now;
};

/// The options of [web] in `settings`, with the token read from its file or variable.
[[nodiscard]] Result<WebOptions> web_options(const Settings& settings, bool read_only);

class WebServer {
public:
    WebServer(const Settings& settings, WebOptions options);
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;
    ~WebServer();  // stops it

    /// Binds and starts serving on its own threads. InvalidInput: an address other than loopback
    /// without a token or user, or a bad address; Unavailable: the port is taken.
    [[nodiscard]] Status start();
    /// Stops accepting, finishes the requests under way, joins the threads. Idempotent.
    void stop();
    /// The port bound (the one chosen by the system when options.port was 0); 0 before start().
    [[nodiscard]] int port() const;
    /// "http://127.0.0.1:8080/" (base_url when set).
    [[nodiscard]] std::string url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost).
[[nodiscard]] bool is_loopback(std::string_view host);

}  // namespace relance
