// SPDX-License-Identifier: MIT
#include "adapters/sources/api/oauth.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "adapters/sources/api/json_payload.h"

namespace relance::api {
namespace {

struct TokenAnswer {
    std::string access_token;
    std::string refresh_token;  // "" when the tool did not rotate it
};

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out += '&';
        out += url_encode(k) + "=" + url_encode(v);
    }
    return out;
}

// POSTs a grant to the token endpoint. Errors name the endpoint's host and the OAuth error
// code the tool gave, never a token or the secret.
Result<TokenAnswer> request_token(HttpTransport& http, const OAuthSettings& s,
                                  std::vector<std::pair<std::string, std::string>> grant,
                                  const RetryPolicy& retry, const SleepFn& sleep) {
    const std::string where = describe_request("POST", s.token_url);
    if (s.token_url.empty()) return fail(ErrorCode::InvalidInput, "no token URL for OAuth");
    HttpRequest r;
    r.method = "POST";
    r.url = s.token_url;
    r.headers.emplace_back("Accept", "application/json");
    if (s.style == ClientAuthStyle::Json) {
        Json body = Json::object();
        for (const auto& [k, v] : grant) body[k] = v;
        body["client_id"] = s.client_id;
        body["client_secret"] = s.client_secret;
        if (!s.redirect_uri.empty()) body["redirect_uri"] = s.redirect_uri;
        r.body = body.dump();
        r.headers.emplace_back("Content-Type", "application/json");
    } else {
        if (s.style == ClientAuthStyle::BasicForm) {
            r.headers.emplace_back("Authorization", "Basic " + base64(s.client_id + ":" + s.client_secret));
        } else {
            grant.emplace_back("client_id", s.client_id);
            grant.emplace_back("client_secret", s.client_secret);
        }
        if (!s.redirect_uri.empty()) grant.emplace_back("redirect_uri", s.redirect_uri);
        if (!s.scope.empty()) grant.emplace_back("scope", s.scope);
        r.body = form(grant);
        r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    auto response = send_with_retry(http, r, retry, sleep);
    if (!response) return unexpected(std::move(response).error().with_context("OAuth token request"));
    auto j = parse_payload(response->body, "OAuth token answer");
    if (response->status < 200 || response->status >= 300) {
        std::string code = j ? text(*j, "error") : std::string();
        if (code.size() > 60) code = code.substr(0, 60);
        const bool refused = response->status == 400 || response->status == 401;
        std::string message = "the token endpoint answered HTTP " + std::to_string(response->status);
        if (!code.empty()) message += " (" + code + ")";
        if (refused) {
            message += ": the credentials or the refresh token were refused; authorise relance again "
                       "in the tool and write the new refresh token into the token file";
        }
        return unexpected(make_error(refused ? ErrorCode::Rejected : ErrorCode::Unavailable, message)
                              .with_context(where));
    }
    if (!j) return unexpected(std::move(j).error().with_context(where));
    TokenAnswer answer{text(*j, "access_token"), text(*j, "refresh_token")};
    if (answer.access_token.empty()) {
        return unexpected(make_error(ErrorCode::Rejected, "the token answer holds no access_token").with_context(where));
    }
    return answer;
}

}  // namespace

Result<std::string> TokenFile::load() const {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return fail(ErrorCode::InvalidInput, "token file '" + path_ +
                                                 "' cannot be read: write the refresh token into it "
                                                 "(chmod 600)");
    }
    if ((st.st_mode & 077) != 0) {
        return fail(ErrorCode::InvalidInput, "token file '" + path_ +
                                                 "' can be read by other users: run `chmod 600 " + path_ + "`");
    }
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    std::string token = all.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) return fail(ErrorCode::InvalidInput, "token file '" + path_ + "' is empty");
    return token;
}

Status TokenFile::save(std::string_view token) const {
    const std::string tmp = path_ + ".tmp";
    const auto failed = [&](const char* step) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return fail(ErrorCode::Internal, "could not save the new refresh token into '" + path_ + "' (" +
                                             step + ": " + why +
                                             "); the previous one may no longer work: authorise again");
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return failed("open");
    if (::fchmod(fd, 0600) != 0) {
        ::close(fd);
        return failed("chmod");
    }
    std::string data(token);
    data += '\n';
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            return failed("write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return failed("fsync");
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path_.c_str()) != 0) return failed("rename");
    const std::string dir = std::filesystem::path(path_).parent_path().string();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return ok();
}

OAuthGrant::OAuthGrant(HttpTransport& http, OAuthSettings settings, RetryPolicy retry, SleepFn sleep)
    : http_(http), settings_(std::move(settings)), retry_(retry), sleep_(std::move(sleep)) {}

Status OAuthGrant::authorize(HttpRequest& request) {
    if (access_.empty()) {
        auto got = renew();
        if (!got) return unexpected(std::move(got).error());
    }
    request.headers.emplace_back("Authorization", settings_.header_scheme + " " + access_);
    return ok();
}

Result<bool> OAuthGrant::renew() {
    access_.clear();
    auto token = obtain();
    if (!token) return unexpected(std::move(token).error());
    access_ = std::move(*token);
    return true;
}

Result<std::pair<std::string, std::string>> OAuthGrant::request(
    std::vector<std::pair<std::string, std::string>> grant) {
    auto answer = request_token(http_, settings_, std::move(grant), retry_, sleep_);
    if (!answer) return unexpected(std::move(answer).error());
    return std::make_pair(std::move(answer->access_token), std::move(answer->refresh_token));
}

OAuthRefresh::OAuthRefresh(HttpTransport& http, OAuthSettings settings, TokenFile refresh_token,
                           RetryPolicy retry, SleepFn sleep)
    : OAuthGrant(http, std::move(settings), retry, std::move(sleep)), file_(std::move(refresh_token)) {}

Result<std::string> OAuthRefresh::obtain() {
    auto refresh = file_.load();
    if (!refresh) return unexpected(std::move(refresh).error());
    auto answer = request({{"grant_type", "refresh_token"}, {"refresh_token", *refresh}});
    if (!answer) return unexpected(std::move(answer).error());
    if (!answer->second.empty() && answer->second != *refresh) {
        // Rotated: the old one stops working soon. Saved before the new access token is used.
        if (auto st = file_.save(answer->second); !st) return unexpected(std::move(st).error());
    }
    return std::move(answer->first);
}

OAuthClientCredentials::OAuthClientCredentials(HttpTransport& http, OAuthSettings settings,
                                               RetryPolicy retry, SleepFn sleep)
    : OAuthGrant(http, std::move(settings), retry, std::move(sleep)) {}

Result<std::string> OAuthClientCredentials::obtain() {
    auto answer = request({{"grant_type", "client_credentials"}});
    if (!answer) return unexpected(std::move(answer).error());
    return std::move(answer->first);
}

}  // namespace relance::api
