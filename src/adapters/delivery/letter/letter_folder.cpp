// SPDX-License-Identifier: MIT
#include "adapters/delivery/letter/letter_folder.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace relance {

LetterFolder::LetterFolder(std::string dir, std::string extension)
    : dir_(std::move(dir)), extension_(std::move(extension)) {}

Result<std::string> LetterFolder::put(std::string_view stem, std::string_view bytes) {
    namespace fs = std::filesystem;
    std::string name;
    for (char c : stem) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '-' || c == '_';
        name += ok ? c : '_';
    }
    if (name.empty() || name.front() == '.') name.insert(0, "letter");
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) {
        return fail(ErrorCode::Unavailable, "cannot create the letters folder '" + dir_ + "': " + ec.message());
    }
    const fs::path target = fs::path(dir_) / (name + "." + extension_);
    const fs::path tmp = fs::path(dir_) / ("." + name + "." + std::to_string(::getpid()) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            const std::string why = std::strerror(errno);
            fs::remove(tmp, ec);
            return fail(ErrorCode::Unavailable, "cannot write '" + tmp.string() + "': " + why);
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return fail(ErrorCode::Unavailable, "cannot write '" + target.string() + "': " + ec.message());
    }
    return target.string();
}

}  // namespace relance
