// SPDX-License-Identifier: MIT
// A flat, open-addressing set of strings that numbers its keys 0, 1, 2... in insertion order, for
// the per-file lookups of the CSV reader (invoice numbers, customer keys) that run once per row
// on files of a million rows. std::unordered_map allocates a node per key and, with a custom
// hash, re-hashes keys while walking buckets; here a slot is 8 bytes (32 hash bits + id), so a
// million keys probe a 16 MB array, and the key itself is only read on a hash match.
// Keys are not copied when they lie inside the `stable` text given at construction (the decoded
// file, alive for the whole read); others are copied into one contiguous arena.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relance::csv::detail {

class StringIndex {
public:
    explicit StringIndex(std::string_view stable = {}) : stable_(stable) { rehash(16); }

    void reserve(std::size_t n) {
        keys_.reserve(n);
        std::size_t cap = 16;
        while (cap < n + n / 2 + 1)
            cap *= 2;
        if (cap > slots_.size()) rehash(cap);
    }

    /// Hash of `key`, with its first slot requested from memory ahead of the insert: on a big
    /// file the slot is a cache miss, which the caller's work on the row then hides.
    [[nodiscard]] std::uint64_t prefetch(std::string_view key) const {
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        __builtin_prefetch(&slots_[h & mask_]);
        return h;
    }

    /// Inserts `key` unless present; returns its id and whether it was inserted.
    std::pair<std::size_t, bool> insert(std::string_view key) {
        return insert(key, std::hash<std::string_view>{}(key));
    }
    /// Same, with `h` from prefetch(key).
    std::pair<std::size_t, bool> insert(std::string_view key, std::uint64_t h) {
        if ((keys_.size() + 1) * 3 > slots_.size() * 2) rehash(slots_.size() * 2);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::size_t i = h & mask_;
        for (;; i = (i + 1) & mask_) {
            const Slot s = slots_[i];
            if (s.id_plus_one == 0) break;
            if (s.tag == tag && view(keys_[s.id_plus_one - 1]) == key)
                return {s.id_plus_one - 1, false};
        }
        keys_.push_back(keep(key));
        slots_[i] = Slot{tag, static_cast<std::uint32_t>(keys_.size())};
        return {keys_.size() - 1, true};
    }

    [[nodiscard]] std::size_t size() const { return keys_.size(); }

private:
    struct Slot {
        std::uint32_t tag = 0;          // high bits of the hash
        std::uint32_t id_plus_one = 0;  // 0: empty
    };
    // Where a key's bytes are: in the stable text, or in arena_ (contiguous, so that the keys of
    // a small index stay in few cache lines). Offsets, not views: arena_ grows.
    struct Key {
        std::size_t offset = 0;
        std::uint32_t size = 0;  // a cell of 4 GiB is not an invoice number
        bool in_arena = false;
    };

    [[nodiscard]] std::string_view view(Key k) const {
        return {(k.in_arena ? arena_.data() : stable_.data()) + k.offset, k.size};
    }

    Key keep(std::string_view key) {
        const char* const lo = stable_.data();
        if (lo != nullptr && !key.empty() && key.data() >= lo &&
            key.data() + key.size() <= lo + stable_.size()) {
            return Key{static_cast<std::size_t>(key.data() - lo),
                       static_cast<std::uint32_t>(key.size()), false};
        }
        const std::size_t at = arena_.size();
        arena_.append(key);
        return Key{at, static_cast<std::uint32_t>(key.size()), true};
    }

    void rehash(std::size_t capacity) {
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (std::size_t id = 0; id < keys_.size(); ++id) {
            const std::uint64_t h = std::hash<std::string_view>{}(view(keys_[id]));
            std::size_t i = h & mask_;
            while (slots_[i].id_plus_one != 0)
                i = (i + 1) & mask_;
            slots_[i] =
                Slot{static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(id + 1)};
        }
    }

    std::string_view stable_;
    std::vector<Slot> slots_;
    std::vector<Key> keys_;  // by id
    std::size_t mask_ = 0;
    std::string arena_;
};

}  // namespace relance::csv::detail
