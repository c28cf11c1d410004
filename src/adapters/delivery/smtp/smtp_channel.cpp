// SPDX-License-Identifier: MIT
#include "adapters/delivery/smtp/smtp_channel.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "adapters/delivery/outbox/eml.h"

namespace relance {
namespace {

using Clock = std::chrono::steady_clock;

// The message being uploaded; `handed_over` is set once curl has read every byte, after which a
// broken link leaves the outcome unknown (the server may have accepted the message).
struct Upload {
    const std::string* bytes = nullptr;
    std::size_t pos = 0;
    bool handed_over = false;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t room = size * count;
    const std::size_t left = up->bytes->size() - up->pos;
    const std::size_t n = std::min(room, left);
    std::memcpy(buffer, up->bytes->data() + up->pos, n);
    up->pos += n;
    if (n == 0) up->handed_over = true;
    return n;
}

// Keeps the server's last reply line (what it said, e.g. "550 5.1.1 <x@y>: no such user").
// Only data from the server is looked at: what we send (AUTH carries the password) is ignored.
int keep_reply(CURL* /*handle*/, curl_infotype type, char* data, std::size_t size, void* user) {
    if (type != CURLINFO_HEADER_IN) return 0;
    auto* reply = static_cast<std::string*>(user);
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) *reply = line.substr(0, 300);
    return 0;
}

bool is_connection_error(CURLcode rc) {
    switch (rc) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_PARTIAL_FILE:
        case CURLE_UPLOAD_FAILED:
            return true;
        default:
            return false;
    }
}

// Failures that trying again in a few seconds cannot fix: wrong password, no STARTTLS offered,
// a certificate that does not verify. The whole channel is unusable until someone acts.
bool is_setup_error(CURLcode rc) {
    switch (rc) {
        case CURLE_LOGIN_DENIED:
        case CURLE_USE_SSL_FAILED:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
        case CURLE_AUTH_ERROR:
            return true;
        default:
            return false;
    }
}

std::string setup_hint(CURLcode rc) {
    switch (rc) {
        case CURLE_LOGIN_DENIED:
        case CURLE_AUTH_ERROR:
            return " (check [delivery.smtp] username and the password given by password_env or "
                   "password_file)";
        case CURLE_USE_SSL_FAILED:
            return " (the server does not offer STARTTLS: use security = \"tls\" for port 465, or "
                   "\"none\" only for a relay on this machine)";
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
            return " (the server's certificate does not verify: set [delivery.smtp] ca_file for a "
                   "private certificate authority)";
        default:
            return "";
    }
}

std::string bracketed(const std::string& email) { return "<" + email + ">"; }

}  // namespace

bool is_loopback_host(std::string_view host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

Status validate_smtp(const SmtpSettings& s, bool allow_plain_remote) {
    if (s.host.empty()) return fail(ErrorCode::InvalidInput, "smtp host is empty");
    if (s.host.find_first_of(" /?#@") != std::string::npos) {
        return fail(ErrorCode::InvalidInput, "smtp host '" + s.host + "' is not a host name");
    }
    if (s.port < 1 || s.port > 65535) {
        return fail(ErrorCode::InvalidInput, "smtp port must be from 1 to 65535");
    }
    if (s.attempts < 1) return fail(ErrorCode::InvalidInput, "smtp attempts must be at least 1");
    if (!s.username.empty() && s.password.empty()) {
        return fail(ErrorCode::InvalidInput,
                    "smtp username is set but no password was found (set password_env or "
                    "password_file)");
    }
    if (s.auth_method != "" && s.auth_method != "PLAIN" && s.auth_method != "LOGIN") {
        return fail(ErrorCode::InvalidInput, "smtp auth must be \"PLAIN\" or \"LOGIN\"");
    }
    if (s.security == SmtpSecurity::None && !is_loopback_host(s.host) && !allow_plain_remote) {
        return fail(ErrorCode::InvalidInput,
                    "plain SMTP to '" + s.host +
                        "' would send customers' data and the password in clear: use security = "
                        "\"starttls\" or \"tls\" (or allow_plain = true for a trusted relay)");
    }
    return ok();
}

struct SmtpChannel::Impl {
    SmtpSettings settings;
    CURL* curl = nullptr;
    Clock::time_point last_send{};
    bool sent_before = false;
    std::string url;
};

SmtpChannel::SmtpChannel(SmtpSettings settings) : impl_(std::make_unique<Impl>()) {
    impl_->settings = std::move(settings);
    const SmtpSettings& s = impl_->settings;
    const std::string host = s.host.find(':') != std::string::npos && s.host.front() != '['
                                 ? "[" + s.host + "]"
                                 : s.host;
    impl_->url = std::string(s.security == SmtpSecurity::Tls ? "smtps://" : "smtp://") + host +
                 ":" + std::to_string(s.port) + "/" + s.helo_domain;
}

SmtpChannel::~SmtpChannel() {
    if (impl_->curl != nullptr) curl_easy_cleanup(impl_->curl);
}

Result<DeliveryReceipt> SmtpChannel::deliver(const OutgoingMessage& message) {
    if (auto st = validate_message(message); !st) return unexpected(std::move(st).error());
    Impl& im = *impl_;
    const SmtpSettings& s = im.settings;
    if (im.curl == nullptr) {
        im.curl = curl_easy_init();
        if (im.curl == nullptr) return fail(ErrorCode::Internal, "libcurl could not start");
    }

    // Rate limit: space messages evenly (per_minute per 60 s).
    if (s.per_minute > 0 && im.sent_before) {
        const auto gap = std::chrono::milliseconds(60000 / s.per_minute);
        const auto wait = im.last_send + gap - Clock::now();
        if (wait > Clock::duration::zero()) std::this_thread::sleep_for(wait);
    }

    const std::string bytes = compose_eml(message, BccMode::Omit);
    curl_slist* rcpt = nullptr;
    for (const Address& a : message.to) rcpt = curl_slist_append(rcpt, bracketed(a.email).c_str());
    for (const std::string& e : message.cc) rcpt = curl_slist_append(rcpt, bracketed(e).c_str());
    for (const std::string& e : message.bcc) rcpt = curl_slist_append(rcpt, bracketed(e).c_str());
    const std::string from = bracketed(message.from.email);

    auto backoff = s.backoff;
    std::string last_error;
    for (int attempt = 1; attempt <= s.attempts; ++attempt) {
        Upload up{&bytes, 0, false};
        std::string reply;
        char errbuf[CURL_ERROR_SIZE] = {};
        CURL* c = im.curl;
        curl_easy_setopt(c, CURLOPT_URL, im.url.c_str());
        curl_easy_setopt(c, CURLOPT_USE_SSL,
                         s.security == SmtpSecurity::StartTls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
        if (!s.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s.ca_file.c_str());
        if (!s.username.empty()) {
            curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
            curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
            if (!s.auth_method.empty()) {
                const std::string opt = "AUTH=" + s.auth_method;
                curl_easy_setopt(c, CURLOPT_LOGIN_OPTIONS, opt.c_str());
            }
        }
        curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body);
        curl_easy_setopt(c, CURLOPT_READDATA, &up);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(s.connect_timeout.count()));
        curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(s.timeout.count()));
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // feeds keep_reply; prints nothing
        curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, keep_reply);
        curl_easy_setopt(c, CURLOPT_DEBUGDATA, &reply);

        const CURLcode rc = curl_easy_perform(c);
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
        curl_easy_setopt(c, CURLOPT_DEBUGDATA, nullptr);
        im.last_send = Clock::now();
        im.sent_before = true;

        if (rc == CURLE_OK) {
            curl_slist_free_all(rcpt);
            return DeliveryReceipt{"smtp " + s.host + ": " + (reply.empty() ? "250" : reply), attempt};
        }
        const std::string what = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(rc);
        const std::string said = reply.empty() ? "" : " (server: " + reply + ")";
        // A refused login is a 5xx too, but the settings are at fault, not this message.
        if (is_setup_error(rc)) {
            curl_slist_free_all(rcpt);
            return fail(ErrorCode::Unavailable,
                        "cannot send through " + s.host + ": " + what + said + setup_hint(rc));
        }
        if (code >= 500 && code < 600) {
            curl_slist_free_all(rcpt);
            return fail(ErrorCode::Rejected, "refused by " + s.host + ": " + what + said);
        }
        const bool final_4xx = code >= 400 && code < 500;
        if (up.handed_over && !final_4xx && is_connection_error(rc)) {
            curl_slist_free_all(rcpt);
            return fail(ErrorCode::Uncertain,
                        "the connection to " + s.host + " broke after the whole message was sent, "
                        "before the server confirmed it: it may have been delivered (" + what + ")");
        }
        last_error = what + said;
        if (attempt < s.attempts) {
            std::this_thread::sleep_for(backoff);
            backoff *= 2;
        }
    }
    curl_slist_free_all(rcpt);
    return fail(ErrorCode::Unavailable, "not sent through " + s.host + " after " +
                                            std::to_string(s.attempts) + " attempt(s): " + last_error);
}

}  // namespace relance
