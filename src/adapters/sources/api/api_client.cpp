// SPDX-License-Identifier: MIT
#include "adapters/sources/api/api_client.h"

#include <algorithm>
#include <set>
#include <thread>
#include <utility>

#include "adapters/sources/api/json_payload.h"

namespace relance::api {
namespace {

using std::chrono::milliseconds;

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string status_words(int status) {
    switch (status) {
        case 400: return "bad request";
        case 401: return "credentials refused";
        case 402: return "the plan or quota of the account does not allow it";
        case 403: return "access refused (the key or token lacks a permission)";
        case 404: return "not found";
        case 409: return "conflict";
        case 422: return "request refused";
        case 429: return "rate limited";
        default: return status >= 500 ? "server error" : "refused";
    }
}

}  // namespace

Status HeaderAuth::authorize(HttpRequest& request) {
    if (!name_.empty()) request.headers.emplace_back(name_, value_);
    return ok();
}

std::string describe_request(std::string_view method, std::string_view url) {
    std::string out(method);
    out += ' ';
    out += redacted_url(url);
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return out;
    const auto path_start = url.find('/', scheme + 3);
    if (path_start == std::string_view::npos) return out;
    const auto path_end = url.find_first_of("?#", path_start);
    out += url.substr(path_start, path_end == std::string_view::npos ? std::string_view::npos
                                                                     : path_end - path_start);
    return out;
}

std::string vendor_message(std::string_view body) {
    auto j = parse_payload(body, "error body");
    if (!j) return {};
    std::string m;
    if (const Json* e = member(*j, "error"); e != nullptr && e->is_object()) {
        m = text(*e, "message");
        if (m.empty()) m = text(*e, "code");
    } else if (e != nullptr && e->is_string()) {
        m = e->get<std::string>();
        if (const auto d = text(*j, "error_description"); !d.empty()) m += ": " + d;
    }
    if (m.empty()) m = text(*j, "message");
    if (m.empty()) m = text(*j, "Message");
    if (m.empty()) {
        if (const Json* errs = path(*j, {"Fault", "Error"}); errs != nullptr && errs->is_array() && !errs->empty()) {
            m = text((*errs)[0], "Message");
            if (const auto d = text((*errs)[0], "Detail"); !d.empty()) m += ": " + d;
        }
    }
    if (m.size() > 200) m = m.substr(0, 200) + "…";
    return m;
}

ApiClient::ApiClient(HttpTransport& http, Auth& auth, std::string source, ApiLimits limits,
                     SleepFn sleep, MonotonicFn clock)
    : http_(http),
      auth_(auth),
      source_(std::move(source)),
      limits_(limits),
      sleep_(std::move(sleep)),
      clock_(std::move(clock)) {
    if (!sleep_) sleep_ = [](milliseconds d) { std::this_thread::sleep_for(d); };
    if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
    start();
}

void ApiClient::start() {
    deadline_ = clock_() + limits_.budget;
    pause_.reset();
}

milliseconds ApiClient::remaining() const {
    return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(deadline_ - clock_()));
}

Result<HttpResponse> ApiClient::get(const std::string& url, std::string_view what,
                                    std::vector<std::pair<std::string, std::string>> headers) {
    HttpRequest r;
    r.method = "GET";
    r.url = url;
    r.headers = std::move(headers);
    return send(std::move(r), what);
}

Result<HttpResponse> ApiClient::send(HttpRequest request, std::string_view what) {
    const std::string where = describe_request(request.method, request.url);
    const auto fail_here = [&](ErrorCode code, std::string message) {
        return unexpected(make_error(code, std::move(message)).with_context(std::string(what)).with_context(where));
    };
    const auto budget_spent = [&] {
        return fail_here(ErrorCode::Unavailable,
                         "the time budget of the source (" + std::to_string(limits_.budget.count()) +
                             " s) ran out before the listing was complete");
    };
    if (pause_) {
        // The previous answer said the quota window is used up: wait for it, within the budget.
        if (*pause_ >= remaining()) return budget_spent();
        sleep_(*pause_);
        pause_.reset();
    }
    request.headers.insert(request.headers.begin(), headers_.begin(), headers_.end());
    const HttpRequest unsigned_request = request;
    if (auto st = auth_.authorize(request); !st) return unexpected(std::move(st).error().with_context(where));
    bool renewed = false;
    for (;;) {
        const milliseconds left = remaining();
        if (left <= milliseconds{0}) return budget_spent();
        request.timeout = std::min(limits_.request_timeout, left);
        RetryPolicy policy = limits_.retry;
        policy.budget = std::min(policy.budget, left);
        auto r = send_with_retry(http_, request, policy, sleep_);
        if (!r) return unexpected(std::move(r).error().with_context(std::string(what)));
        if (quota_) pause_ = quota_(*r);
        const int status = r->status;
        if (status >= 200 && status < 300) return r;
        if (status == 401 && !renewed) {
            auto again = auth_.renew();
            if (!again) return unexpected(std::move(again).error().with_context(where));
            if (*again) {
                renewed = true;
                request = unsigned_request;
                if (auto st = auth_.authorize(request); !st) {
                    return unexpected(std::move(st).error().with_context(where));
                }
                continue;
            }
        }
        std::string message = "HTTP " + std::to_string(status) + " (" + status_words(status) + ")";
        if (const std::string v = vendor_message(r->body); !v.empty()) message += ": " + v;
        // What a person fixes: the credentials of this source, never shown here.
        if (status == 401) {
            message += "; source '" + source_ + "': check the key or token set for it (current, not revoked)";
        } else if (status == 403) {
            message += "; source '" + source_ +
                       "': check what the key or token set for it may read (scopes, access to the account or base)";
        }
        ErrorCode code = ErrorCode::Rejected;
        if (status == 404) code = ErrorCode::NotFound;
        if (status == 429 || status >= 500) {
            code = ErrorCode::Unavailable;
            message += ", still after the retries";
        }
        return fail_here(code, message);
    }
}

Result<SourceListing> read_all_pages(
    ApiClient& client, const std::function<std::string(int, const std::string&)>& url_of,
    const std::function<Result<MappedPage>(std::string_view, int)>& parse) {
    return read_all_pages_with(
        client,
        [&](int page, const std::string& cursor) {
            HttpRequest r;
            r.url = url_of(page, cursor);
            return r;
        },
        parse);
}

Result<SourceListing> read_all_pages_with(
    ApiClient& client, const std::function<HttpRequest(int, const std::string&)>& request_of,
    const std::function<Result<MappedPage>(std::string_view, int)>& parse) {
    client.start();
    SourceListing listing;
    listing.source = client.source();
    std::map<std::string, std::size_t> by_number;  // invoice number -> index in listing.invoices
    std::set<std::string> customers;
    std::string cursor;
    for (int page = 1;; ++page) {
        if (page > client.limits().max_pages) {
            return fail(ErrorCode::Unavailable, "the listing did not end after " +
                                                    std::to_string(client.limits().max_pages) + " pages");
        }
        const std::string what = "page " + std::to_string(page);
        auto response = client.send(request_of(page, cursor), what);
        if (!response) return unexpected(std::move(response).error());
        auto mapped = parse(response->body, page);
        if (!mapped) return unexpected(std::move(mapped).error().with_context(what));
        for (Invoice& inv : mapped->invoices) {
            inv.source = listing.source;
            const auto id = mapped->remote_ids.find(inv.number);
            const std::string remote = id == mapped->remote_ids.end() ? inv.number : id->second;
            if (auto known = by_number.find(inv.number); known != by_number.end()) {
                const std::string& before = listing.remote_ids[inv.number];
                if (before != remote) {
                    listing.rejected.push_back(RejectedRow{
                        listing.source, 0, "number",
                        "two invoices of the tool (" + before + " and " + remote + ") share the number " +
                            inv.number + ": give one another number",
                        inv.number});
                    continue;
                }
                listing.invoices[known->second] = std::move(inv);  // read again after a cursor moved
                continue;
            }
            by_number.emplace(inv.number, listing.invoices.size());
            listing.remote_ids[inv.number] = remote;
            listing.invoices.push_back(std::move(inv));
        }
        for (Customer& c : mapped->customers) {
            if (customers.insert(c.id).second) listing.customers.push_back(std::move(c));
        }
        for (RejectedRow& r : mapped->rejected) {
            if (r.file.empty()) r.file = listing.source;
            if (r.invoice_number.empty()) listing.complete = false;  // which invoice: unknown
            listing.rejected.push_back(std::move(r));
        }
        if (!mapped->more) break;
        if (!mapped->next.empty() && mapped->next == cursor) {
            return fail(ErrorCode::Unavailable, "the tool gave the same cursor twice (" + what + ")");
        }
        cursor = mapped->next;
    }
    // Invoices whose number is their id need no entry: the store keeps an id only when it differs.
    for (auto it = listing.remote_ids.begin(); it != listing.remote_ids.end();) {
        it = it->first == it->second ? listing.remote_ids.erase(it) : std::next(it);
    }
    return listing;
}

std::string url_encode(std::string_view value) { return percent_encode(value); }

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                       static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

QuotaRule quota_from_headers(std::string remaining_header, std::string reset_header,
                             milliseconds default_wait) {
    return [remaining_header = std::move(remaining_header), reset_header = std::move(reset_header),
            default_wait](const HttpResponse& r) -> std::optional<milliseconds> {
        const std::string left = r.header(remaining_header);
        if (left != "0") return std::nullopt;
        const std::string reset = reset_header.empty() ? std::string() : r.header(reset_header);
        if (all_digits(reset) && reset.size() < 7) return milliseconds{std::stoll(reset) * 1000};
        return default_wait;
    };
}

}  // namespace relance::api
