// SPDX-License-Identifier: MIT
// Wires the internal alerts and follow-up tasks from [alerts] and [tasks]: the alert store, the
// notice channels (their secrets read from the environment or 0600 files) and the engine's
// AlertPass. Used by the daily pass, `relance alerts` and `relance tasks`.
#pragma once

#include <memory>
#include <vector>

#include "app/config/settings.h"
#include "core/ports/alerts.h"
#include "core/ports/channel.h"
#include "core/ports/http.h"
#include "core/ports/store.h"
#include "engine/alert_pass.h"

namespace relance {

/// Declared in the order they must be built; destroyed in reverse (the pass before its parts).
struct WiredAlerts {
    std::unique_ptr<AlertStore> store;
    std::unique_ptr<HttpTransport> http;
    std::unique_ptr<Channel> email;  // the company's e-mail channel, for alert e-mails
    std::vector<std::unique_ptr<NoticeChannel>> channels;
    std::unique_ptr<AlertPass> pass;  // null when [alerts] enabled = false
};

/// Everything alerts need, next to `store` (the pass's Store). InvalidInput: a channel cannot be
/// wired (a secret missing, a file readable by others), naming the keys, never the secret.
[[nodiscard]] Result<WiredAlerts> wire_alerts(const Settings& settings, Store& store);

/// The alert store only (listings, `relance tasks done`).
[[nodiscard]] Result<std::unique_ptr<AlertStore>> open_alert_store(const Settings& settings);

}  // namespace relance
