// SPDX-License-Identifier: MIT
// relance-gen: writes N generated invoices in relance's native CSV layout to stdout, for
// benchmarks and bench/e2e.sh. Same N, seed and date give byte-identical output (invoice_gen.h).
//   relance-gen N SEED [YYYY-MM-DD] > factures.csv     (date: due dates end there; 2026-12-03)
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "bench/invoice_gen.h"

namespace {

template <class T>
bool parse_uint(std::string_view text, T& out) {
    const char* end = text.data() + text.size();
    const auto res = std::from_chars(text.data(), end, out);
    return !text.empty() && res.ec == std::errc{} && res.ptr == end;
}

int usage() {
    std::fputs("usage: relance-gen N SEED [YYYY-MM-DD] > factures.csv\n"
               "  N     number of invoice rows\n"
               "  SEED  any unsigned integer; same N + SEED (+ date) = same bytes\n"
               "  date  due dates fall in the 90 days up to it (default 2026-12-03)\n",
               stderr);
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) return usage();
    relance::bench::GenOptions options;
    if (!parse_uint(argv[1], options.count) || !parse_uint(argv[2], options.seed)) return usage();
    if (argc == 4) {
        auto date = relance::parse_iso_date(argv[3]);
        if (!date) {
            std::fprintf(stderr, "relance-gen: %s\n", date.error().describe().c_str());
            return 1;
        }
        options.reference = *date;
    }
    bool ok = true;
    relance::bench::generate_invoices(options, [&](std::string_view chunk) {
        if (ok && std::fwrite(chunk.data(), 1, chunk.size(), stdout) != chunk.size()) ok = false;
    });
    if (std::fflush(stdout) != 0) ok = false;
    if (!ok) {
        std::fputs("relance-gen: cannot write to stdout\n", stderr);
        return 1;
    }
    return 0;
}
