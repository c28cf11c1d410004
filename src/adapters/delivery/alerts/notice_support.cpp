// SPDX-License-Identifier: MIT
#include "adapters/delivery/alerts/notice_support.h"

#include <array>
#include <utility>

namespace relance::notice {
namespace {

// The marker around an exact number inside a JSON string: control characters that no text of
// ours contains (dump escapes them as \u0001), so the pattern cannot occur by accident.
constexpr std::string_view kOpen = "\"\\u0001#";
constexpr std::string_view kClose = "\\u0001\"";

// libcurl's messages for failures where the request never left this machine (see
// CurlTransport::send: "METHOD scheme://host: <curl_easy_strerror>").
constexpr std::array kNothingSent = {
    std::string_view{"Couldn't connect to server"}, std::string_view{"Couldn't resolve host name"},
    std::string_view{"Couldn't resolve proxy name"}, std::string_view{"SSL connect error"},
    std::string_view{"SSL peer certificate"},        std::string_view{"Problem with the local SSL certificate"},
    std::string_view{"URL using bad/illegal format"}, std::string_view{"Unsupported protocol"},
};

bool nothing_sent(const Error& e) {
    for (std::string_view m : kNothingSent) {
        if (e.message.find(m) != std::string::npos) return true;
    }
    return false;
}

// A transport whose lost answers are Uncertain: send_with_retry then stops at once instead of
// sending again a request the service may have acted on.
class NoReplay final : public HttpTransport {
public:
    explicit NoReplay(HttpTransport& inner) : inner_(inner) {}
    Result<HttpResponse> send(const HttpRequest& request) override {
        auto r = inner_.send(request);
        if (r || r.error().code != ErrorCode::Unavailable || nothing_sent(r.error())) return r;
        Error e = std::move(r).error();
        e.code = ErrorCode::Uncertain;
        e.message += " (the request may have reached the service: not sent again)";
        return unexpected(std::move(e));
    }

private:
    HttpTransport& inner_;
};

}  // namespace

json exact_number(const Money& m) { return "\x01#" + m.to_plain_string() + "\x01"; }

std::string dump_exact(const json& j) {
    std::string s = j.dump();
    std::string out;
    out.reserve(s.size());
    std::size_t at = 0;
    for (;;) {
        const auto open = s.find(kOpen, at);
        if (open == std::string::npos) break;
        const auto close = s.find(kClose, open + kOpen.size());
        if (close == std::string::npos) break;
        out.append(s, at, open - at);
        out.append(s, open + kOpen.size(), close - open - kOpen.size());
        at = close + kClose.size();
    }
    out.append(s, at, std::string::npos);
    return out;
}

std::string money(const NoticeFormat& f, const Money& m) {
    if (f.money) return f.money(m);
    return m.to_plain_string() + " " + std::string(m.currency().code());
}

std::string dashboard_link(const NoticeFormat& f, std::string_view source, std::string_view invoice_number) {
    if (f.dashboard_url.empty()) return {};
    std::string base = f.dashboard_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (invoice_number.empty()) return base;
    // The dashboard's invoice page (app/web): its timeline, holds and reminders.
    return base + "/invoice?source=" + percent_encode(source) + "&number=" + percent_encode(invoice_number);
}

std::string alert_facts(const NoticeFormat& f, const AlertCandidate& a) {
    if (a.invoice_number.empty()) return {};
    std::string s = a.invoice_number + " · " + a.customer_name + " · " + money(f, a.amount);
    s += " · " + std::to_string(a.days_late) + (a.days_late == 1 ? " day late" : " days late");
    s += a.level > 0 ? " · level " + std::to_string(a.level) : " · no reminder yet";
    return s;
}

std::string_view why_text(RaiseReason why) {
    switch (why) {
        case RaiseReason::New: return "new";
        case RaiseReason::Worse: return "worse than before";
        case RaiseReason::Reminder: return "reminder: still open";
    }
    return "new";
}

std::string record_title(const Notice& n) {
    if (n.task) return n.task->task.title;
    if (n.alerts.empty()) return "relance";
    const AlertCandidate& a = n.alerts.front().alert;
    if (a.invoice_number.empty()) return a.title;
    return a.title + ": " + a.invoice_number + " (" + a.customer_name + ")";
}

std::string clip(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t cut = max >= 3 ? max - 3 : 0;  // room for "…" (3 bytes)
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return std::string(s.substr(0, cut)) + "…";
}

std::string error_text_of(const HttpResponse& r) {
    const json j = json::parse(r.body, nullptr, false);
    if (j.is_object()) {
        for (const char* key : {"message", "error_description"}) {
            if (j.contains(key) && j[key].is_string()) {
                std::string code = j.contains("code") && j["code"].is_string() ? j["code"].get<std::string>() + ": " : "";
                return clip(code + j[key].get<std::string>(), 300);
            }
        }
        if (j.contains("error")) {
            const json& e = j["error"];
            if (e.is_string()) return clip(e.get<std::string>(), 300);
            if (e.is_object()) {
                const std::string type = e.contains("type") && e["type"].is_string() ? e["type"].get<std::string>() : "";
                const std::string msg = e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : "";
                return clip(type + (type.empty() || msg.empty() ? "" : ": ") + msg, 300);
            }
        }
    }
    std::string body = r.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    return clip(body.empty() ? "(no body)" : body, 300);
}

Result<HttpResponse> call_service(HttpTransport& http, std::string_view service, HttpRequest request,
                                  const HttpNoticeOptions& options,
                                  const std::function<std::string(const HttpResponse&)>& error_text) {
    request.timeout = options.timeout;
    NoReplay once(http);
    auto r = send_with_retry(once, request, options.retry, options.sleep);
    const std::string where = std::string(service) + " (" + redacted_url(request.url) + ")";
    if (!r) return unexpected(std::move(r).error().with_context(where));
    if (r->status >= 200 && r->status < 300) return r;
    const std::string why = "HTTP " + std::to_string(r->status) + ": " + error_text(*r);
    if (r->status == 429 || r->status >= 500) {
        return fail(ErrorCode::Unavailable, where + ": " + why + " (still after the retries; tried again by the next run)");
    }
    return fail(ErrorCode::Rejected, where + " refused it: " + why);
}

std::string join_url(std::string_view base, std::string_view path) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base) + std::string(path);
}

Result<HttpResponse> post_json(HttpTransport& http, std::string_view service, std::string url, HttpHeaders headers,
                               std::string body, const HttpNoticeOptions& options) {
    HttpRequest req;
    req.method = "POST";
    req.url = std::move(url);
    req.headers = std::move(headers);
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = std::move(body);
    return call_service(http, service, std::move(req), options, error_text_of);
}

std::string string_field(const std::string& body, std::string_view key) {
    const json j = json::parse(body, nullptr, false);
    const std::string k(key);
    return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "?";
}

}  // namespace relance::notice
