// SPDX-License-Identifier: MIT
#include "app/workers/tenants.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "adapters/queue/postgres/pg_work_queue.h"
#include "adapters/store/postgres/postgres_store.h"

namespace relance {

namespace fs = std::filesystem;

std::string tenants_store_url(const std::string& flag) {
    if (!flag.empty()) return flag;
    const char* env = std::getenv("RELANCE_STORE");
    return env != nullptr ? std::string(env) : std::string();
}

Result<TenantListing> list_tenants(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return fail(ErrorCode::NotFound, "tenants directory '" + dir +
                                             "' is not a folder (one sub-folder per tenant, each with "
                                             "its relance.toml)");
    }
    TenantListing out;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_directory()) continue;
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.') continue;
        if (!fs::exists(entry.path() / "relance.toml")) {
            out.problems.push_back((entry.path() / "relance.toml").string() +
                                   ": missing (a tenant folder holds its relance.toml)");
            continue;
        }
        if (!valid_tenant_id(name)) {
            out.problems.push_back(entry.path().string() + ": '" + name +
                                   "' is not a valid tenant id (1 to 40 of a-z, 0-9 and _, not "
                                   "starting with _): rename the folder");
            continue;
        }
        out.ids.push_back(name);
    }
    if (ec) return fail(ErrorCode::Unavailable, "cannot read tenants directory '" + dir + "': " + ec.message());
    std::sort(out.ids.begin(), out.ids.end());
    std::sort(out.problems.begin(), out.problems.end());
    return out;
}

Result<Settings> load_tenant(const std::string& dir, const std::string& id, const std::string& store_url) {
    if (!valid_tenant_id(id)) {
        return fail(ErrorCode::InvalidInput, "'" + id +
                                                 "' is not a valid tenant id (1 to 40 of a-z, 0-9 and _, "
                                                 "not starting with _)");
    }
    const fs::path config = fs::path(dir) / id / "relance.toml";
    std::error_code ec;
    if (!fs::exists(config, ec)) {
        return fail(ErrorCode::NotFound, config.string() + ": no such file: tenant '" + id +
                                             "' is not in " + dir);
    }
    auto settings = load_settings(config.string());
    if (!settings) return unexpected(std::move(settings).error());
    if (settings->sources.empty()) {
        return fail(ErrorCode::InvalidInput, config.string() + ": sources: the tenant has no [[sources]]");
    }
    const std::string url = !store_url.empty() ? store_url : settings->store_url;
    if (is_postgres_url(url)) {
        settings->store_url = url;
        settings->store_tenant = id;  // schema tenant_<id> (app/wiring/store_wiring.h)
    }
    return settings;
}

}  // namespace relance
