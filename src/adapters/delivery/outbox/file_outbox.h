// SPDX-License-Identifier: MIT
// FileOutbox: the "email" channel that writes each message as one .eml file in a folder
// (`<file_stem>.eml`) instead of sending it, for review, for a pickup process, or for tests.
// Each file appears whole or not at all: the bytes go to a hidden temporary file in the same
// folder, which is fsync'ed and renamed over the final name (then the folder is fsync'ed).
// Delivering the same message twice leaves the same single file, so the channel is idempotent;
// a file already holding another Message-ID is never replaced (the delivery fails, Conflict).
// Bcc recipients are kept as an "X-Relance-Bcc" header (see BccMode), never as "Bcc:".
//
// Must not: decide anything about reminders, or write anywhere but its folder.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.h"
#include "core/ports/channel.h"

namespace relance {

class FileOutbox final : public Channel {
public:
    /// `folder` is created (with its parents) on the first delivery if it does not exist.
    explicit FileOutbox(std::filesystem::path folder);

    [[nodiscard]] std::string_view name() const override { return "email"; }
    [[nodiscard]] bool idempotent() const override { return true; }

    /// Writes `<folder>/<file_stem>.eml`. InvalidInput when validate_message refuses the
    /// message or the file stem is not a plain file name (empty, "/", "\", control characters,
    /// ':*?"<>|', a leading dot, more than 200 bytes); Unavailable for any file-system
    /// error (full disk, permissions, read-only: the folder is at fault, not the message);
    /// Conflict when the file exists and holds another message (its Message-ID differs). The
    /// receipt's detail is the path of the file written.
    [[nodiscard]] Result<DeliveryReceipt> deliver(const OutgoingMessage& message) override;

    [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }

private:
    std::filesystem::path folder_;
};

/// Whether `stem` can name a file in the outbox (the rules listed at FileOutbox::deliver).
[[nodiscard]] bool valid_file_stem(std::string_view stem);

}  // namespace relance
