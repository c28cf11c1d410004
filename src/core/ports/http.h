// SPDX-License-Identifier: MIT
// HttpTransport: the only door to the network for adapters that speak HTTP (invoicing APIs,
// Slack, Notion, Airtable, webhooks). Statuses come back as they are; only a request that got no
// answer at all (refused, timed out, TLS failure) is an error. Implementation: adapters/http.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace relance {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;  // name, value
    std::string body;
    std::chrono::milliseconds timeout{30000};  // the whole exchange
};

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
    std::string body;

    /// The first header of that name (case-insensitive), or "".
    [[nodiscard]] std::string header(std::string_view name) const;
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    /// Unavailable when no answer came (connection refused or dropped, timeout); the message
    /// names the host, never the path or query (a webhook URL is a secret).
    [[nodiscard]] virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace relance
