// SPDX-License-Identifier: MIT
// Tenants: the companies of one multi-tenant store, one folder each under a tenants directory
// (`--tenants DIR` or RELANCE_TENANTS): DIR/<tenant-id>/relance.toml, with its own policy,
// sources, templates and time zone; the folder name is the tenant id, which selects the
// tenant's schema in the store. Reads folders and configs; runs nothing.
#pragma once

#include <string>
#include <vector>

#include "app/config/settings.h"

namespace relance {

struct TenantListing {
    std::vector<std::string> ids;       // valid tenant folders with a relance.toml, sorted
    std::vector<std::string> problems;  // folders that cannot be tenants, and why
};

/// The tenant folders of `dir` (hidden ones ignored). NotFound when `dir` is not a folder.
[[nodiscard]] Result<TenantListing> list_tenants(const std::string& dir);

/// DIR/<id>/relance.toml, loaded and validated (every problem as file:line: key: message).
/// With a PostgreSQL `store_url` (else the tenant's own [store] url / RELANCE_STORE, if one is a
/// PostgreSQL URL), the tenant's store is that server in the tenant's own schema (tenant_<id>);
/// otherwise the tenant's own [store] path (a SQLite file in its folder).
[[nodiscard]] Result<Settings> load_tenant(const std::string& dir, const std::string& id,
                                           const std::string& store_url);

/// The store URL the tenants share: `flag` if given, else RELANCE_STORE ("" = none).
[[nodiscard]] std::string tenants_store_url(const std::string& flag);

}  // namespace relance
