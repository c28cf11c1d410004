// SPDX-License-Identifier: MIT
// The gate, in order: static assets (no secrets, no auth); the Host header on a server without
// credentials (a page served to "evil.example" resolving to 127.0.0.1 must not read the data);
// who is calling; for a POST, the CSRF token (except with a bearer token, which a browser never
// adds by itself) and no cross-site Fetch metadata; read-only mode; then the handler.
#include "app/web/routes.h"

#include <fmt/format.h>

#include <exception>

#include "app/web/api.h"
#include "app/web/charts.h"
#include "app/web/pages.h"
#include "app/wiring/daily_run.h"
#include "app/wiring/wiring.h"
#include "core/time/date.h"

namespace relance::web {

struct Routes::Caller {
    std::string actor;        // "web:alice", "web:token", "web:local"
    std::string csrf;         // what its forms must send back
    std::string session;      // cookie value, when signed in
    bool bearer = false;
};

namespace {

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? std::string() : it->second;
}

std::string cookie(const WebRequest& r, std::string_view name) {
    const std::string all = get(r.headers, "cookie");
    std::size_t pos = 0;
    while (pos < all.size()) {
        std::size_t end = all.find(';', pos);
        if (end == std::string::npos) end = all.size();
        std::string_view part(all.data() + pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
            return std::string(part.substr(name.size() + 1));
        }
        pos = end + 1;
    }
    return {};
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_api(const WebRequest& r) { return starts_with(r.path, "/api/") || r.path == "/metrics"; }

WebReply html(int status, std::string body) { return WebReply{status, "text/html; charset=utf-8", std::move(body), {}}; }

WebReply json_reply(int status, std::string body) {
    return WebReply{status, "application/json; charset=utf-8", std::move(body), {}};
}

WebReply redirect(const std::string& to) {
    WebReply r{303, "text/plain; charset=utf-8", "See " + to, {}};
    r.headers.emplace_back("Location", to);
    return r;
}

/// A local path to go back to: "/..." only, never "//host" or a scheme (no open redirect).
std::string safe_next(const std::string& next) {
    if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
    if (next.find_first_of("\r\n") != std::string::npos) return "/";
    return next;
}

/// The host part of a Host header or URL authority ("[::1]:8080" -> "::1", "a.b:80" -> "a.b").
std::string host_of(std::string_view authority) {
    if (starts_with(authority, "http://")) authority.remove_prefix(7);
    if (starts_with(authority, "https://")) authority.remove_prefix(8);
    authority = authority.substr(0, authority.find('/'));
    if (starts_with(authority, "[")) {
        const auto end = authority.find(']');
        return std::string(authority.substr(1, end == std::string_view::npos ? authority.size() - 1 : end - 1));
    }
    return std::string(authority.substr(0, authority.find(':')));
}

std::string lower(std::string s) {
    for (char& ch : s) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return s;
}

WebReply store_failure(bool api, const PageContext& c, const Error& e) {
    // The message names the store file and what failed; never a secret.
    if (api) return json_reply(503, error_json("store", e.describe()));
    return html(503, page_message(c, tr(c.lang, "error"), e.describe()));
}

}  // namespace

Routes::Routes(const Settings& settings, WebOptions options)
    : settings_(settings), options_(std::move(options)), anonymous_csrf_(random_hex(32)) {}

WebReply Routes::handle(const WebRequest& request) {
    WebReply reply;
    try {
        if (request.path == "/static/app.css") {
            reply = WebReply{200, "text/css; charset=utf-8", stylesheet(), {}};
        } else if (request.path == "/static/icon.svg" || request.path == "/favicon.ico") {
            reply = WebReply{200, "image/svg+xml", icon_svg(), {}};
        } else {
            const bool auth_required = !options_.token.empty() || !options_.users.empty();
            const std::string host = lower(host_of(get(request.headers, "host")));
            const bool host_ok = is_loopback(host) || host == lower(host_of(options_.base_url)) ||
                                 host == lower(options_.bind);
            if (!auth_required && !host_ok) {
                reply = WebReply{421, "text/plain; charset=utf-8",
                                 "This dashboard answers on 127.0.0.1 only (set [web] base_url for another name).\n", {}};
            } else if (request.path == "/login") {
                reply = auth_required ? login(request) : redirect("/");
            } else {
                Caller who;
                bool known = false;
                const std::string authz = get(request.headers, "authorization");
                if (starts_with(authz, "Bearer ")) {
                    if (!options_.token.empty() && same_secret(authz.substr(7), options_.token)) {
                        who.actor = "web:token";
                        who.bearer = true;
                        known = true;
                    }
                } else if (auto s = sessions_.find(cookie(request, "relance_session"))) {
                    who.actor = s->actor;
                    who.csrf = s->csrf;
                    who.session = cookie(request, "relance_session");
                    known = true;
                } else if (!auth_required) {
                    who.actor = "web:local";
                    who.csrf = anonymous_csrf_;
                    known = true;
                }
                if (!known) {
                    if (is_api(request)) {
                        reply = json_reply(401, error_json("unauthorized",
                                                           "sign in: Authorization: Bearer <token>, or a session"));
                        reply.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"relance\"");
                    } else {
                        std::string next = request.path;
                        reply = redirect("/login?next=" + next);
                    }
                } else if (request.method == "POST" && !who.bearer &&
                           (get(request.headers, "sec-fetch-site") == "cross-site" ||
                            (!get(request.headers, "origin").empty() &&
                             lower(host_of(get(request.headers, "origin"))) != host) ||
                            !same_secret(get(request.params, "csrf").empty() ? get(request.headers, "x-csrf-token")
                                                                               : get(request.params, "csrf"),
                                         who.csrf))) {
                    reply = is_api(request)
                                ? json_reply(403, error_json("csrf", "missing or wrong CSRF token (X-CSRF-Token)"))
                                : html(403, "<!doctype html><title>403</title><p>Refused: this form is out of "
                                            "date or comes from another site. Go back, reload the page and try "
                                            "again.</p>");
                } else {
                    reply = dispatch(request, who);
                }
            }
        }
    } catch (const std::exception&) {
        reply = WebReply{500, "text/plain; charset=utf-8", "internal error\n", {}};
    }
    reply.headers.emplace_back("Content-Security-Policy",
                               "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'");
    reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
    reply.headers.emplace_back("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts.
    reply.headers.emplace_back("Referrer-Policy", "same-origin");
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

WebReply Routes::login(const WebRequest& r) {
    PageContext c;
    c.lang = get(r.params, "lang").empty() ? cookie(r, "relance_lang") : get(r.params, "lang");
    if (c.lang != "en" && c.lang != "fr") c.lang = settings_.company.language == "en" ? "en" : "fr";
    c.company = settings_.company.name;
    c.path = "/login";
    c.timezone = settings_.timezone;
    const std::string next = safe_next(get(r.params, "next"));
    if (r.method != "POST") return html(200, page_login(c, next, false));
    if (get(r.headers, "sec-fetch-site") == "cross-site") return html(403, page_login(c, next, false));
    const std::string user = get(r.params, "user");
    const std::string password = get(r.params, "password");
    std::string actor;
    if (user.empty()) {
        if (!options_.token.empty() && same_secret(password, options_.token)) actor = "web:token";
    } else {
        for (const WebUser& u : options_.users) {
            if (u.name == user && verify_password(u.password_hash, password)) actor = "web:" + u.name;
        }
    }
    if (actor.empty()) return html(401, page_login(c, next, true));
    WebReply ok = redirect(next);
    const bool secure = starts_with(options_.base_url, "https://");
    ok.headers.emplace_back("Set-Cookie", "relance_session=" + sessions_.open(actor) +
                                              "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    return ok;
}

WebReply Routes::dispatch(const WebRequest& r, const Caller& who) {
    const bool api = is_api(r);
    PageContext c;
    c.company = settings_.company.name;
    c.actor = who.actor == "web:local" ? "" : who.actor;
    c.can_sign_out = !who.session.empty();
    c.csrf = who.csrf;
    c.read_only = options_.read_only;
    c.timezone = settings_.timezone;
    c.policy = &settings_.policy;
    c.path = r.path;
    c.default_source = settings_.sources.empty() ? "csv" : settings_.sources.front().name;
    c.currency = settings_.alerts.currency;
    for (const auto& [k, v] : r.params) {
        if (k != "csrf" && k != "lang" && k != "flash" && k != "key" && k != "password") c.query[k] = v;
    }
    std::string set_lang;
    c.lang = get(r.params, "lang");
    if (c.lang == "en" || c.lang == "fr") {
        set_lang = c.lang;
    } else {
        c.lang = cookie(r, "relance_lang");
        if (c.lang != "en" && c.lang != "fr") c.lang = settings_.company.language == "en" ? "en" : "fr";
    }
    if (const std::string flash = get(r.params, "flash"); !flash.empty()) {
        c.flash = tr(c.lang, "flash." + flash) + " " + get(r.params, "key");
    }
    const auto now = options_.fixed_now.value_or(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    auto today = today_in(settings_.timezone, now);
    if (!today) return store_failure(api, c, today.error());
    c.today = *today;

    auto opened = open_store(settings_);
    if (!opened) return store_failure(api, c, opened.error());
    Store& store = **opened;

    WebReply reply;
    const auto fail_with = [&](const Error& e) { return store_failure(api, c, e); };
    if (r.method == "GET" && (r.path == "/" || r.path == "/api/overview" || r.path == "/metrics")) {
        auto o = store.overview(c.today);
        if (!o) return fail_with(o.error());
        std::int64_t most = -1;
        for (const auto& u : o->unpaid) {
            if (u.amount_minor > most) {
                most = u.amount_minor;
                c.currency = u.currency;
            }
        }
        auto runs = store.runs(r.path == "/" ? 10 : 1);
        if (!runs) return fail_with(runs.error());
        if (r.path == "/metrics") {
            reply = WebReply{200, "text/plain; version=0.0.4; charset=utf-8", metrics_text(*o, *runs), {}};
        } else if (r.path == "/api/overview") {
            reply = json_reply(200, overview_json(*o, *runs));
        } else {
            auto trend = store.snapshots(add_days(c.today, -90), c.today);
            if (!trend) return fail_with(trend.error());
            reply = html(200, page_dashboard(c, *o, *trend, *runs));
        }
    } else if (r.method == "GET" && r.path == "/api/trend") {
        int days = 90;
        try {
            if (!get(r.params, "days").empty()) days = std::clamp(std::stoi(get(r.params, "days")), 1, 3660);
        } catch (const std::exception&) {
            return json_reply(400, error_json("days", "days: expected a number of days"));
        }
        auto trend = store.snapshots(add_days(c.today, -days), c.today);
        if (!trend) return fail_with(trend.error());
        reply = json_reply(200, trend_json(*trend));
    } else if (r.method == "GET" && r.path == "/api/runs") {
        auto runs = store.runs(50);
        if (!runs) return fail_with(runs.error());
        reply = json_reply(200, runs_json(*runs));
    } else if (r.method == "GET" && (r.path == "/invoices" || r.path == "/api/overdue")) {
        FilterForm form{get(r.params, "level"), get(r.params, "customer"), get(r.params, "min"),
                        get(r.params, "max"), get(r.params, "held")};
        OverdueFilter f;
        f.customer = form.customer;
        f.hold_tags = settings_.policy.hold_tags;
        f.limit = api ? 1000 : 300;
        std::string problem;
        if (!form.level.empty()) {
            try {
                f.level = std::stoi(form.level);
            } catch (const std::exception&) {
                problem = "level: expected a number";
            }
        }
        if (form.held == "yes" || form.held == "true") f.held = true;
        if (form.held == "no" || form.held == "false") f.held = false;
        auto currency = Currency::from_code(c.currency);
        for (auto [text, out] : {std::pair{&form.min, &f.min_amount_minor}, std::pair{&form.max, &f.max_amount_minor}}) {
            if (text->empty() || !currency) continue;
            auto m = parse_money(*text, *currency,
                                 text->find(',') != std::string::npos ? DecimalMark::Comma : DecimalMark::Point);
            if (m) {
                *out = m->minor();
            } else {
                problem = "min/max: expected an amount such as 1000 or 1 000,50";
            }
        }
        if (!problem.empty()) {
            return api ? json_reply(400, error_json("filter", problem)) : html(400, page_message(c, tr(c.lang, "error"), problem));
        }
        auto list = store.overdue(f, c.today);
        if (!list) return fail_with(list.error());
        reply = api ? json_reply(200, overdue_json(*list)) : html(200, page_overdue(c, *list, form));
    } else if (r.method == "GET" && (r.path == "/invoice" || r.path == "/api/invoice")) {
        const std::string source = get(r.params, "source").empty() ? c.default_source : get(r.params, "source");
        const std::string number = get(r.params, "number");
        auto t = store.timeline(source, number);
        if (!t && t.error().code == ErrorCode::NotFound) {
            return api ? json_reply(404, error_json("not_found", t.error().message))
                       : html(404, page_message(c, tr(c.lang, "not_found"), t.error().message));
        }
        if (!t) return fail_with(t.error());
        auto reminders = store.reminders_of(source, number);
        if (!reminders) return fail_with(reminders.error());
        reply = api ? json_reply(200, timeline_json(*t, *reminders)) : html(200, page_invoice(c, *t, *reminders));
    } else if (r.method == "GET" && (r.path == "/audit" || r.path == "/api/audit")) {
        auto log = store.audit_log(api ? 1000 : 200);
        if (!log) return fail_with(log.error());
        reply = api ? json_reply(200, audit_json(*log)) : html(200, page_audit(c, *log));
    } else if (r.method == "GET" && r.path == "/api/session") {
        reply = json_reply(200, ok_json({{"actor", who.actor},
                                         {"csrf", who.csrf},
                                         {"read_only", options_.read_only ? "true" : "false"}}));
    } else if (r.method == "POST" && (r.path == "/preview" || r.path == "/api/preview")) {
        const Date tomorrow = add_days(c.today, 1);
        DailyRunOptions dry;
        dry.dry_run = true;
        auto summary = run_daily(settings_, now + std::chrono::hours{24}, tomorrow, dry);
        if (!summary) return fail_with(summary.error());
        if (!options_.read_only) {
            const std::string detail = fmt::format("{} reminder(s) would go out on {}", summary->actions.size(),
                                                   to_iso(tomorrow));
            if (auto s = store.append_audit(who.actor, "preview", detail); !s) return fail_with(s.error());
        }
        reply = api ? json_reply(200, preview_json(tomorrow, *summary)) : html(200, page_preview(c, tomorrow, *summary));
    } else if (r.method == "POST" && (starts_with(r.path, "/actions/") || starts_with(r.path, "/api/"))) {
        const std::string name = r.path.substr(r.path.rfind('/') + 1);
        WebRequest merged = r;
        if (api && get(r.headers, "content-type").find("json") != std::string::npos) {
            for (auto& [k, v] : json_fields(r.body)) merged.params.emplace(k, v);
        }
        // The action itself, with the store opened above.
        if (options_.read_only) {
            return api ? json_reply(403, error_json("read_only", "this dashboard is read-only"))
                       : html(403, page_message(c, tr(c.lang, "error"), tr(c.lang, "read_only")));
        }
        const bool customer_scope = name == "pause" || name == "resume";
        if (!customer_scope && name != "hold" && name != "unhold") {
            return api ? json_reply(404, error_json("not_found", "no such action"))
                       : html(404, page_message(c, tr(c.lang, "not_found"), r.path));
        }
        const std::string source = get(merged.params, "source").empty() ? c.default_source : get(merged.params, "source");
        const std::string key = get(merged.params, customer_scope ? "customer" : "invoice");
        const HoldScope scope = customer_scope ? HoldScope::Customer : HoldScope::Invoice;
        const auto refuse = [&](const std::string& why) {
            return api ? json_reply(400, error_json("invalid", why)) : html(400, page_message(c, tr(c.lang, "error"), why));
        };
        if (key.empty()) return refuse(std::string(customer_scope ? "customer" : "invoice") + ": missing");
        bool changed = true;
        if (name == "resume" || name == "unhold") {
            auto removed = store.remove_hold(scope, source, key, who.actor);
            if (!removed) return fail_with(removed.error());
            changed = *removed;
        } else {
            auto known = store.exists(scope, source, key);
            if (!known) return fail_with(known.error());
            if (!*known) {
                return refuse(std::string(customer_scope ? "no customer '" : "no invoice '") + key + "' in source '" +
                              source + "'");
            }
            Hold hold{scope, source, key, get(merged.params, "reason"), std::nullopt, c.today};
            if (hold.reason.empty()) hold.reason = customer_scope ? "paused" : "on hold";
            if (const std::string until = get(merged.params, "until"); !until.empty()) {
                auto d = parse_iso_date(until);
                if (!d) return refuse("until: expected a date such as 2026-12-31");
                hold.until = *d;
            }
            if (auto s = store.put_hold(hold, who.actor); !s) return fail_with(s.error());
        }
        if (api) {
            reply = json_reply(200, ok_json({{"action", name}, {"key", key}, {"changed", changed ? "true" : "false"},
                                             {"actor", who.actor}}));
        } else {
            std::string next = safe_next(get(merged.params, "next"));
            next += (next.find('?') == std::string::npos ? "?" : "&");
            reply = redirect(next + "flash=" + (changed ? name : "nothing") + "&key=" + url_encode(key));
        }
    } else if (r.method == "POST" && r.path == "/logout") {
        sessions_.close(who.session);
        reply = redirect("/login");
        reply.headers.emplace_back("Set-Cookie", "relance_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    } else {
        reply = api ? json_reply(404, error_json("not_found", "no such endpoint"))
                    : html(404, page_message(c, tr(c.lang, "not_found"), r.path));
    }
    if (!set_lang.empty()) {
        reply.headers.emplace_back("Set-Cookie", "relance_lang=" + set_lang + "; Path=/; Max-Age=31536000; SameSite=Lax");
    }
    return reply;
}

}  // namespace relance::web
