// SPDX-License-Identifier: MIT
// What the dashboard does with one request, free of any HTTP library: who is calling (bearer
// token, session cookie, or nobody on a loopback-only server), whether they may (CSRF token on
// every form and action, read-only mode, Host check against DNS rebinding), then the page, the
// JSON or the metrics. Each call opens its own store connection; nothing is shared between
// requests but the session table.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/config/settings.h"
#include "app/web/auth.h"
#include "app/web/web_server.h"

namespace relance::web {

struct WebRequest {
    std::string method;                         // "GET", "POST"
    std::string path;                           // "/api/overview"
    std::map<std::string, std::string> params;  // query and form fields (first value of each)
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

struct WebReply {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

class Routes {
public:
    Routes(const Settings& settings, WebOptions options);
    /// Never throws: an unexpected exception becomes a 500 without details.
    [[nodiscard]] WebReply handle(const WebRequest& request);

private:
    struct Caller;
    WebReply dispatch(const WebRequest& r, const Caller& who);
    WebReply login(const WebRequest& r);

    Settings settings_;
    WebOptions options_;
    SessionTable sessions_;
    std::string anonymous_csrf_;  // the CSRF token of a loopback server without credentials
};

}  // namespace relance::web
