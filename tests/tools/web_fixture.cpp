// SPDX-License-Identifier: MIT
// Test fixture: the dashboard with its actions on (as `relance serve` runs it), on 127.0.0.1 and a
// free port, for the browser test. Usage: web_fixture CONFIG NOW (NOW a UTC instant such as
// 2026-12-03T08:00:00Z, the dashboard's clock). Prints the URL on one line, serves until its
// standard input closes. Test-only: never installed.
#include <cstdio>
#include <iostream>
#include <string>

#include "app/config/settings.h"
#include "app/web/web_server.h"
#include "core/time/date.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: web_fixture CONFIG NOW\n");
        return 2;
    }
    auto settings = relance::load_settings(argv[1]);
    if (!settings) {
        std::fprintf(stderr, "%s\n", settings.error().describe().c_str());
        return 1;
    }
    auto options = relance::web_options(*settings, false);
    if (!options) {
        std::fprintf(stderr, "%s\n", options.error().describe().c_str());
        return 1;
    }
    const std::string now = argv[2];
    auto day = relance::parse_iso_date(now.substr(0, 10));
    if (!day || now.size() != 20) {
        std::fprintf(stderr, "NOW: expected 2026-12-03T08:00:00Z\n");
        return 2;
    }
    options->fixed_now = std::chrono::sys_seconds{std::chrono::sys_days{*day}.time_since_epoch()} +
                         std::chrono::hours{std::stoi(now.substr(11, 2))} +
                         std::chrono::minutes{std::stoi(now.substr(14, 2))};
    options->bind = "127.0.0.1";
    options->port = 0;
    relance::WebServer server(*settings, std::move(*options));
    if (auto st = server.start(); !st) {
        std::fprintf(stderr, "%s\n", st.error().describe().c_str());
        return 3;
    }
    std::printf("%s\n", server.url().c_str());
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    server.stop();
    return 0;
}
