// SPDX-License-Identifier: MIT
// `relance dashboard`: the dashboard, read-only, in the foreground until Ctrl-C (SIGINT) or
// SIGTERM; and `relance hash-password`, which writes the Argon2id hash for [[web.users]].
// Neither prints a secret: the token is never echoed, the password is read without echo.
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "app/cli/commands.h"
#include "app/web/auth.h"
#include "app/web/web_server.h"
#include "core/time/date.h"

namespace relance::cli {

int cmd_dashboard(const Common& common, const std::string& bind, int port) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    if (!bind.empty()) settings->web.bind = bind;
    if (port >= 0) settings->web.port = port;
    auto options = web_options(*settings, true);
    if (!options) {
        err(options.error().describe());
        return 1;
    }
    if (!common.date.empty()) {
        // Noon UTC of that day: the same civil date in every zone from UTC-11 to UTC+11.
        auto day = parse_iso_date(common.date);
        if (!day) {
            err("--date '" + common.date + "': expected a date such as 2026-12-03");
            return 1;
        }
        options->fixed_now = std::chrono::sys_seconds{std::chrono::sys_days{*day}.time_since_epoch()} +
                             std::chrono::hours{12};
    }

    // Signals go to sigwait below, not to the server's threads (which inherit this mask).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    WebServer server(*settings, std::move(*options));
    if (auto st = server.start(); !st) {
        err(st.error().describe());
        return st.error().code == ErrorCode::InvalidInput ? 1 : 3;
    }
    std::printf("relance dashboard (read-only) on %s — Ctrl-C to stop\n", server.url().c_str());
    std::fflush(stdout);
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
    std::printf("relance dashboard stopped\n");
    return 0;
}

int cmd_hash_password() {
    const bool tty = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "Password (not shown): ");
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string password;
    std::getline(std::cin, password);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto hash = web::hash_password(password);
    if (!hash) {
        err(hash.error().describe());
        return 1;
    }
    std::printf("%s\n", hash->c_str());
    if (tty) {
        std::fprintf(stderr, "Add to relance.toml:\n[[web.users]]\nname = \"...\"\npassword_hash = \"%s\"\n",
                     hash->c_str());
    }
    return 0;
}

}  // namespace relance::cli
