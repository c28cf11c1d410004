// SPDX-License-Identifier: MIT
// CurlTransport: HttpTransport over libcurl. One easy handle, so connections to a host are kept
// alive between requests; TLS certificates are verified (a private CA can be added). Errors name
// the scheme and host only: paths and queries may carry secrets (Slack webhook URLs, API keys).
// Also the retry rule every HTTP adapter shares: 429 (honouring Retry-After) and 5xx and
// no-answer are retried with exponential backoff within a time budget.
//
// Must not: know any vendor, log bodies or URLs, or retry a request that is not safe to repeat
// unless the caller says so.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/ports/http.h"

namespace relance {

struct CurlOptions {
    std::string ca_file;       // extra CA bundle; empty: the system's
    std::string user_agent = "relance/0.1";
    std::chrono::milliseconds connect_timeout{10000};
};

class CurlTransport final : public HttpTransport {
public:
    explicit CurlTransport(CurlOptions options = {});
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    [[nodiscard]] Result<HttpResponse> send(const HttpRequest& request) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// "https://hooks.slack.com" for "https://hooks.slack.com/services/T0/B0/secret?x=1".
[[nodiscard]] std::string redacted_url(std::string_view url);

/// RFC 3986 percent-encoding of one path segment or query value: letters, digits and - _ . ~
/// are kept, every other byte becomes %XX ("Relances à faire" -> "Relances%20%C3%A0%20faire").
[[nodiscard]] std::string percent_encode(std::string_view value);

struct RetryPolicy {
    int attempts = 4;                                 // in all, the first included
    std::chrono::milliseconds first_backoff{500};     // doubled each time
    std::chrono::milliseconds max_backoff{30000};
    std::chrono::milliseconds budget{120000};         // total time spent waiting, at most
};

/// Sends `request`; on no answer, 429 or 5xx, waits (Retry-After in seconds when the server gives
/// one, else the backoff) and tries again, within `policy`. Returns the last response (even a
/// 429/5xx, so the caller can read its body) or the last error. `sleep` is injectable for tests.
[[nodiscard]] Result<HttpResponse> send_with_retry(
    HttpTransport& transport, const HttpRequest& request, const RetryPolicy& policy,
    const std::function<void(std::chrono::milliseconds)>& sleep = {});

}  // namespace relance
