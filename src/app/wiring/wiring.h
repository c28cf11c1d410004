// SPDX-License-Identifier: MIT
// The composition root: the only place that turns Settings into concrete adapters.
#pragma once

#include <memory>
#include <vector>

#include "app/config/settings.h"
#include "core/ports/channel.h"
#include "core/ports/http.h"
#include "core/ports/renderer.h"
#include "core/ports/source.h"
#include "core/ports/store.h"

namespace relance {

struct Wired {
    std::unique_ptr<Store> store;
    std::unique_ptr<HttpTransport> http;  // the invoicing tools' (declared first: outlives them)
    std::vector<std::unique_ptr<InvoiceSource>> sources;
    std::unique_ptr<Renderer> renderer;
    std::unique_ptr<Channel> channel;

    [[nodiscard]] std::vector<InvoiceSource*> source_ptrs() const;
};

/// The sources only, with the HTTP transport the invoicing tools share (`relance sources test`).
struct WiredSources {
    std::unique_ptr<HttpTransport> http;  // declared first: outlives the sources
    std::vector<std::unique_ptr<InvoiceSource>> sources;
};
[[nodiscard]] Result<WiredSources> wire_sources(const Settings& settings, Date today);

/// The company's e-mail channel as [delivery] configures it (SMTP, or a file outbox writing into
/// `outbox_dir`): a second one, for the internal alert e-mails.
[[nodiscard]] Result<std::unique_ptr<Channel>> make_email_channel(const Settings& settings,
                                                                  const std::string& outbox_dir);

/// Opens the settings' store only (for pause/resume/hold and listings); to choose the store or
/// the tenant, see store_wiring.h.
[[nodiscard]] Result<std::unique_ptr<Store>> open_store(const Settings& settings);

/// Everything a pass needs. `today` is handed to sources that read "as of" a date.
[[nodiscard]] Result<Wired> wire(const Settings& settings, Date today);

/// Writes the default templates into `folder` (fr/ and en/); returns how many files.
[[nodiscard]] Result<int> write_templates(const std::string& folder);

}  // namespace relance
