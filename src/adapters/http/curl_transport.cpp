// SPDX-License-Identifier: MIT
#include "adapters/http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <thread>

namespace relance {
namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();  // a new response (after a redirect or 100-continue)
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        const auto first = value.find_first_not_of(" \t");
        headers->emplace_back(line.substr(0, colon), first == std::string::npos ? "" : value.substr(first));
    }
    return size * count;
}

}  // namespace

std::string redacted_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return "(url)";
    const auto end = url.find_first_of("/?#", scheme + 3);
    std::string_view host = url.substr(0, end);
    if (const auto at = host.find('@', scheme + 3); at != std::string_view::npos) {
        return std::string(host.substr(0, scheme + 3)) + std::string(host.substr(at + 1));
    }
    return std::string(host);
}

std::string percent_encode(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

struct CurlTransport::Impl {
    CurlOptions options;
    CURL* curl = nullptr;
};

CurlTransport::CurlTransport(CurlOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
}

CurlTransport::~CurlTransport() {
    if (impl_->curl != nullptr) curl_easy_cleanup(impl_->curl);
}

Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
    Impl& im = *impl_;
    if (im.curl == nullptr) {
        im.curl = curl_easy_init();
        if (im.curl == nullptr) return fail(ErrorCode::Internal, "libcurl could not start");
    }
    CURL* c = im.curl;
    curl_easy_reset(c);  // keeps the connection cache, forgets the previous request's options
    HttpResponse response;
    curl_slist* headers = nullptr;
    for (const auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
        headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    }
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(im.options.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate/br as the server offers
    curl_easy_setopt(c, CURLOPT_USERAGENT, im.options.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (!im.options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, im.options.ca_file.c_str());
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
        // curl's own message may quote the URL: keep only the host part.
        const std::string where = request.method + " " + redacted_url(request.url);
        const std::string why = curl_easy_strerror(rc);
        const bool setup = rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
        return fail(setup ? ErrorCode::InvalidInput : ErrorCode::Unavailable, where + ": " + why);
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

Result<HttpResponse> send_with_retry(HttpTransport& transport, const HttpRequest& request,
                                     const RetryPolicy& policy,
                                     const std::function<void(std::chrono::milliseconds)>& sleep) {
    using std::chrono::milliseconds;
    const auto wait = [&](milliseconds d) {
        if (sleep) {
            sleep(d);
        } else {
            std::this_thread::sleep_for(d);
        }
    };
    milliseconds backoff = policy.first_backoff;
    milliseconds waited{0};
    for (int attempt = 1;; ++attempt) {
        auto r = transport.send(request);
        const bool again = !r ? r.error().retryable() : (r->status == 429 || r->status >= 500);
        if (!again || attempt >= policy.attempts) return r;
        milliseconds delay = backoff;
        if (r) {
            const std::string after = r->header("Retry-After");
            if (!after.empty() && after.find_first_not_of("0123456789") == std::string::npos &&
                after.size() < 7) {
                delay = milliseconds(std::stoll(after) * 1000);
            }
        }
        delay = std::min(delay, policy.max_backoff);
        if (waited + delay > policy.budget) return r;
        wait(delay);
        waited += delay;
        backoff = std::min(backoff * 2, policy.max_backoff);
    }
}

}  // namespace relance
