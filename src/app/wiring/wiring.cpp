// SPDX-License-Identifier: MIT
#include "app/wiring/wiring.h"

#include "adapters/delivery/outbox/file_outbox.h"
#include "adapters/render/default_templates.h"
#include "adapters/render/template_renderer.h"
#include "adapters/sources/csv/csv_source.h"
#include "adapters/store/sqlite/sqlite_store.h"

namespace relance {
namespace {

Result<csv::CsvOptions> csv_options(const SourceSettings& s, Date today) {
    csv::CsvOptions o;
    o.source_name = s.name;
    o.columns = s.columns;
    const auto get = [&](const char* key, std::string& out) {
        if (auto it = s.options.find(key); it != s.options.end()) out = it->second;
    };
    get("preset", o.preset);
    get("delimiter", o.separator);
    get("decimal", o.decimal);
    get("date_format", o.date_format);
    get("encoding", o.encoding);
    get("currency", o.default_currency);
    o.as_of = today;  // for exports that carry settlement dates (ibm_ar preset)
    if (auto st = csv::validate_options(o); !st) {
        return unexpected(std::move(st).error().with_context("source '" + s.name + "'"));
    }
    return o;
}

}  // namespace

std::vector<InvoiceSource*> Wired::source_ptrs() const {
    std::vector<InvoiceSource*> out;
    for (const auto& s : sources) out.push_back(s.get());
    return out;
}

Result<std::unique_ptr<Store>> open_store(const Settings& settings) {
    auto store = SqliteStore::open(settings.store_path);
    if (!store) return unexpected(std::move(store).error());
    return std::unique_ptr<Store>(std::move(*store));
}

Result<Wired> wire(const Settings& settings, Date today) {
    Wired w;
    auto store = open_store(settings);
    if (!store) return unexpected(std::move(store).error());
    w.store = std::move(*store);

    for (const SourceSettings& s : settings.sources) {
        auto options = csv_options(s, today);
        if (!options) return unexpected(std::move(options).error());
        w.sources.push_back(std::make_unique<csv::CsvSource>(s.path, std::move(*options)));
    }

    auto renderer = settings.templates_dir.empty() ? TemplateRenderer::builtin()
                                                   : TemplateRenderer::from_folder(settings.templates_dir);
    if (!renderer) return unexpected(std::move(renderer).error());
    w.renderer = std::make_unique<TemplateRenderer>(std::move(*renderer));

    w.channel = std::make_unique<FileOutbox>(settings.outbox_dir);
    return w;
}

Result<int> write_templates(const std::string& folder) { return write_default_templates(folder, true); }

}  // namespace relance
