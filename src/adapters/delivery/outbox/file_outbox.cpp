// SPDX-License-Identifier: MIT
#include "adapters/delivery/outbox/file_outbox.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include "adapters/delivery/outbox/eml.h"

namespace relance {
namespace {

// Closes a file descriptor on scope exit.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int get() const { return fd_; }
    /// Closes now and reports close()'s own error (NFS reports write errors there).
    int close() {
        const int r = ::close(fd_);
        fd_ = -1;
        return r;
    }

private:
    int fd_;
};

Unexpected io_error(const std::string& what, const std::filesystem::path& path, int err) {
    // Whatever the file system says (full disk, permissions, read-only), the folder is at fault,
    // not the message: Unavailable, so the reminder is planned again once someone has fixed it.
    return fail(ErrorCode::Unavailable, what + " '" + path.string() + "': " + std::strerror(err));
}

std::atomic<unsigned long> g_temp_counter{0};

// The Message-ID header of the .eml file at `path` ("<...>", unfolded); nullopt when there is no
// such file or it has no Message-ID (a stray or cut-short file).
std::optional<std::string> existing_message_id(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string line;
    std::optional<std::string> id;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;  // end of the headers
        const bool continued = line.front() == ' ' || line.front() == '\t';
        if (id && continued) {
            *id += line;
            continue;
        }
        if (id) break;
        if (line.size() > 11 && ::strncasecmp(line.c_str(), "message-id:", 11) == 0) {
            id = line.substr(11);
        }
    }
    if (!id) return std::nullopt;
    std::erase_if(*id, [](char c) { return c == ' ' || c == '\t'; });
    return id;
}

}  // namespace

bool valid_file_stem(std::string_view stem) {
    if (stem.empty() || stem.size() > 200 || stem.front() == '.') return false;
    for (char c : stem) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return false;
        if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos) return false;
    }
    return true;
}

FileOutbox::FileOutbox(std::filesystem::path folder) : folder_(std::move(folder)) {}

Result<DeliveryReceipt> FileOutbox::deliver(const OutgoingMessage& message) {
    if (auto valid = validate_message(message); !valid) {
        return unexpected(std::move(valid.error()).with_context("message " + message.message_id));
    }
    if (!valid_file_stem(message.file_stem)) {
        return fail(ErrorCode::InvalidInput,
                    "file stem '" + message.file_stem + "' is not a plain file name");
    }
    const std::string bytes = compose_eml(message, BccMode::XRelanceHeader);

    std::error_code ec;
    std::filesystem::create_directories(folder_, ec);
    if (ec) return io_error("cannot create the outbox folder", folder_, ec.value());

    const std::filesystem::path final_path = folder_ / (message.file_stem + ".eml");
    // Two messages must never share a file: redelivering the same message replaces its file, but
    // a file holding another Message-ID is left alone and this delivery fails.
    if (auto other = existing_message_id(final_path); other && *other != message.message_id) {
        return fail(ErrorCode::Conflict, "'" + final_path.string() + "' already holds message " +
                                             *other + ", not " + message.message_id +
                                             ": two reminders share this file name; left as it is");
    }
    const std::filesystem::path temp_path =
        folder_ / ("." + message.file_stem + ".eml." + std::to_string(::getpid()) + "." +
                   std::to_string(g_temp_counter.fetch_add(1)) + ".tmp");

    {
        Fd fd(::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
        if (fd.get() < 0) return io_error("cannot create", temp_path, errno);
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                const int err = errno;
                ::unlink(temp_path.c_str());
                return io_error("cannot write", temp_path, err);
            }
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd.get()) != 0 || fd.close() != 0) {
            const int err = errno;
            ::unlink(temp_path.c_str());
            return io_error("cannot flush", temp_path, err);
        }
    }
    if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp_path.c_str());
        return io_error("cannot rename into", final_path, err);
    }
    // Make the rename itself durable.
    Fd dir(::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0 && ::fsync(dir.get()) != 0 && errno != EINVAL) {
        return io_error("cannot flush the folder", folder_, errno);
    }
    return DeliveryReceipt{final_path.string()};
}

}  // namespace relance
