// SPDX-License-Identifier: MIT
// What every invoicing-API source shares, over the HttpTransport port: credentials on each
// request (Auth: a key header, or OAuth 2.0 with a refresh), the shared retry rule
// (send_with_retry: 429 with Retry-After, 5xx, no answer), the tools' quota headers, one time
// budget for a whole listing, HTTP statuses turned into error codes, and the loop that reads
// pages to the end. A listing that does not reach its last page is an error: the caller never
// sees half a listing, so nothing is resolved on it and the source is stale for the run.
//
// It must not: know a vendor's payloads (each tool's mapper does), put a secret or a URL query
// in an error or a log, or retry past the budget.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/curl_transport.h"
#include "core/error.h"
#include "core/ports/http.h"
#include "core/ports/source.h"

namespace relance::api {

using SleepFn = std::function<void(std::chrono::milliseconds)>;
using MonotonicFn = std::function<std::chrono::steady_clock::time_point()>;

/// How long and how hard one source may try.
struct ApiLimits {
    std::chrono::seconds budget{300};              // all pages of one listing, waits included
    std::chrono::milliseconds request_timeout{30000};
    RetryPolicy retry;                             // attempts and backoff per request
    int max_pages = 100000;                        // a cursor that never ends is an error
};

/// Puts credentials on a request. Implementations hold the secret; they never print it.
class Auth {
public:
    virtual ~Auth() = default;
    /// Adds the credentials (usually a header), getting a first access token if needed.
    [[nodiscard]] virtual Status authorize(HttpRequest& request) = 0;
    /// After a 401: gets a new access token when the scheme can (OAuth). False: it cannot, the
    /// credentials are wrong.
    [[nodiscard]] virtual Result<bool> renew() { return false; }
};

/// A fixed header: "Authorization: Bearer sk_…", "userApiKey: …". No header when `name` is empty
/// (a key carried in the URL, Google Sheets).
class HeaderAuth final : public Auth {
public:
    HeaderAuth(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    [[nodiscard]] Status authorize(HttpRequest& request) override;

private:
    std::string name_;
    std::string value_;
};

/// How long to pause before the next request, from a response's quota headers (none: go on).
using QuotaRule = std::function<std::optional<std::chrono::milliseconds>(const HttpResponse&)>;

/// One source's HTTP client: auth, retries, quotas, budget, status mapping.
class ApiClient {
public:
    ApiClient(HttpTransport& http, Auth& auth, std::string source, ApiLimits limits,
              SleepFn sleep = {}, MonotonicFn clock = {});

    void set_quota_rule(QuotaRule rule) { quota_ = std::move(rule); }
    /// Headers sent with every request (Accept, a tenant or account id).
    void set_headers(std::vector<std::pair<std::string, std::string>> headers) { headers_ = std::move(headers); }
    /// Starts the time budget (a listing, a `relance sources test`, a confirming fetch).
    void start();

    /// GET `url` with the credentials. `what` names the request in errors ("page 2").
    /// 2xx: the response. 401 (after one renewal), 403 and other 4xx: Rejected; 404: NotFound;
    /// 429/5xx/no answer after the retries, or the budget spent: Unavailable. Errors name the
    /// method, the host, the path and `what`; never the query or a credential. A 401 or 403 also
    /// names the source and what to check (its key or token, what that may read).
    [[nodiscard]] Result<HttpResponse> get(const std::string& url, std::string_view what,
                                           std::vector<std::pair<std::string, std::string>> headers = {});
    /// Any request (POST for a search endpoint), same rules.
    [[nodiscard]] Result<HttpResponse> send(HttpRequest request, std::string_view what);

    [[nodiscard]] const std::string& source() const { return source_; }
    [[nodiscard]] const ApiLimits& limits() const { return limits_; }
    [[nodiscard]] std::chrono::milliseconds remaining() const;

private:
    HttpTransport& http_;
    Auth& auth_;
    std::string source_;
    ApiLimits limits_;
    SleepFn sleep_;
    MonotonicFn clock_;
    QuotaRule quota_;
    std::vector<std::pair<std::string, std::string>> headers_;
    std::chrono::steady_clock::time_point deadline_{};
    std::optional<std::chrono::milliseconds> pause_;  // asked by the last response's quota headers
};

/// "GET https://api.stripe.com/v1/invoices": method, scheme, host and path; never the query.
[[nodiscard]] std::string describe_request(std::string_view method, std::string_view url);

/// A short message from an API error body ({"error": {"message": …}}, {"message": …},
/// {"error_description": …}, {"Message": …}, {"fault": {"error": [{"message": …}]}}); "".
[[nodiscard]] std::string vendor_message(std::string_view body);

/// One page mapped from a tool's payload.
struct MappedPage {
    std::vector<Invoice> invoices;
    std::vector<Customer> customers;
    std::vector<RejectedRow> rejected;
    std::map<std::string, std::string> remote_ids;  // invoice number -> the tool's id
    /// What to send to get the next page (a cursor, an offset); with `more`.
    std::string next;
    bool more = false;
};

/// Reads every page: `url_of(page_number, cursor)` gives the URL of page n (1-based; the cursor
/// is the previous page's `next`, "" for the first), `parse(body, page_number)` maps it. The
/// whole listing fails on any page that cannot be read or parsed, and on the budget: a listing
/// is used whole or not at all. An invoice number met twice keeps its last reading (a cursor
/// that moved while paging); two invoices of the tool sharing a number are a rejected row.
[[nodiscard]] Result<SourceListing> read_all_pages(
    ApiClient& client, const std::function<std::string(int, const std::string&)>& url_of,
    const std::function<Result<MappedPage>(std::string_view, int)>& parse);
/// The same with any request per page (a POST to a search endpoint, its filters in the body).
[[nodiscard]] Result<SourceListing> read_all_pages_with(
    ApiClient& client, const std::function<HttpRequest(int, const std::string&)>& request_of,
    const std::function<Result<MappedPage>(std::string_view, int)>& parse);

/// Percent-encodes a query value or a path segment (the http adapter's percent_encode).
[[nodiscard]] std::string url_encode(std::string_view value);
/// Base64 (RFC 4648, with padding), for HTTP Basic credentials.
[[nodiscard]] std::string base64(std::string_view bytes);

/// Pauses while a quota header says the window is used up: `remaining_header` at 0 means
/// waiting `reset_header` seconds (a delta, as the IETF RateLimit fields give it) or
/// `default_wait` when there is no reset header.
[[nodiscard]] QuotaRule quota_from_headers(std::string remaining_header, std::string reset_header,
                                           std::chrono::milliseconds default_wait);

}  // namespace relance::api
