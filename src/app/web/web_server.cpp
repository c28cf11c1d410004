// SPDX-License-Identifier: MIT
// The only translation unit that includes httplib.h (compile cost, and one place that knows the
// library). Debian's cpp-httplib is a shared library: the PkgConfig::HTTPLIB cflags must be used
// so that the class layouts match it. Its defaults are tuned here: TCP_NODELAY on (otherwise
// Nagle and delayed ACKs cap it near 300 requests/s), an explicit pool, short timeouts, small
// bodies (forms only).
#include "app/web/web_server.h"

#include <httplib.h>

#include <arpa/inet.h>

#include <thread>

#include "app/web/routes.h"

namespace relance {

bool is_loopback(std::string_view host) {
    if (host == "localhost" || host == "::1" || host == "[::1]" || host == "ip6-localhost") return true;
    in_addr v4{};
    const std::string h(host);
    if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    return false;
}

Result<WebOptions> web_options(const Settings& settings, bool read_only) {
    auto creds = web::load_credentials(settings.web);
    if (!creds) return unexpected(std::move(creds).error());
    WebOptions o;
    o.bind = settings.web.bind;
    o.port = settings.web.port;
    o.read_only = read_only;
    o.token = std::move(creds->token);
    o.users = std::move(creds->users);
    o.base_url = settings.web.base_url;
    o.threads = settings.web.threads;
    return o;
}

struct WebServer::Impl {
    Impl(const Settings& settings, WebOptions o) : options(o), routes(settings, std::move(o)) {}

    WebOptions options;
    web::Routes routes;
    httplib::Server server;
    std::thread thread;
    int port = 0;
};

namespace {

web::WebRequest request_of(const httplib::Request& req) {
    web::WebRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.params.emplace(k, v);  // first value wins
    for (const auto& [k, v] : req.headers) {
        std::string name = k;
        for (char& ch : name) {
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        }
        r.headers.emplace(std::move(name), v);
    }
    r.body = req.body;
    return r;
}

}  // namespace

WebServer::WebServer(const Settings& settings, WebOptions options)
    : impl_(std::make_unique<Impl>(settings, std::move(options))) {}

WebServer::~WebServer() { stop(); }

Status WebServer::start() {
    Impl& im = *impl_;
    if (im.thread.joinable()) return ok();
    const bool credentials = !im.options.token.empty() || !im.options.users.empty();
    if (!is_loopback(im.options.bind) && !credentials) {
        return fail(ErrorCode::InvalidInput,
                    "web.bind = \"" + im.options.bind +
                        "\" is not a loopback address: set an access token (web.token_env or "
                        "web.token_file) or [[web.users]] first, or keep 127.0.0.1 behind a reverse proxy");
    }
    httplib::Server& s = im.server;
    s.set_tcp_nodelay(true);
    const int threads = std::max(2, im.options.threads);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    s.set_keep_alive_max_count(100);
    s.set_keep_alive_timeout(2);  // an idle connection holds a worker (and stop()) this long
    s.set_read_timeout(10, 0);
    s.set_write_timeout(10, 0);
    s.set_payload_max_length(64 * 1024);
    const auto serve = [this](const httplib::Request& req, httplib::Response& res) {
        web::WebReply reply = impl_->routes.handle(request_of(req));
        res.status = reply.status;
        for (auto& [k, v] : reply.headers) res.headers.emplace(std::move(k), std::move(v));
        res.set_content(std::move(reply.body), reply.content_type.c_str());
    };
    s.Get(".*", serve);
    s.Post(".*", serve);
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content("internal error\n", "text/plain");
    });
    const bool any_port = im.options.port == 0;
    int port = 0;
    if (any_port) {
        port = s.bind_to_any_port(im.options.bind);
    } else if (s.bind_to_port(im.options.bind, im.options.port)) {
        port = im.options.port;
    }
    if (port <= 0) {
        return fail(ErrorCode::Unavailable, "cannot listen on " + im.options.bind + ":" +
                                                std::to_string(im.options.port) +
                                                " (address in use, or not an address of this machine)");
    }
    im.port = port;
    im.thread = std::thread([&s] { s.listen_after_bind(); });
    return ok();
}

void WebServer::stop() {
    if (!impl_ || !impl_->thread.joinable()) return;
    // listen_after_bind() may not have started yet: stop() on a server that is not running yet
    // would be lost, and the thread would then serve forever.
    for (int i = 0; i < 400 && !impl_->server.is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    impl_->server.stop();
    impl_->thread.join();
}

int WebServer::port() const { return impl_->port; }

std::string WebServer::url() const {
    if (!impl_->options.base_url.empty()) return impl_->options.base_url;
    const std::string& b = impl_->options.bind;
    const bool v6 = b.find(':') != std::string::npos;
    const std::string host = b == "0.0.0.0" || b == "::" ? "127.0.0.1" : (v6 ? "[" + b + "]" : b);
    return "http://" + host + ":" + std::to_string(impl_->port) + "/";
}

}  // namespace relance
