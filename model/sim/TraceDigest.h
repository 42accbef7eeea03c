// A TraceSink that folds every record's content into a 64-bit digest. Two runs
// that emit the same records in the same order have the same digest; tests use
// it to check determinism cheaply.
//
// The digest hashes the record's binary content, not its canonical text: the
// index, time, category, stream, status and every field's name, kind and value
// (integers as 64-bit values, strings by their characters, never by address).
// Integers are read as values and strings byte by byte, so the digest is the
// same on every machine and compiler. Its value is meant only for comparing
// runs with each other; it is not the hash of appendCanonical()'s text.
//
// A record is a list of 64-bit words: its index, time, a word of category,
// stream, status flag and field count, its status (when it has one), its
// shape, and its field values in order. A string is one word, the string's
// own hash (stringHash(): its characters packed little-endian into words,
// then its length). The shape (source, name, and each field's name and kind,
// in order) is one word too, the hash of those strings' hashes and the kinds.
// Each word is mixed with a key for its position, independently of the
// others (a bijection of the word, so one changed word always changes its
// term), the terms are summed, and the sum is mixed into the running hash:
// one serial step per record, which keeps the order of records in the value.
//
// The shape hash is cached by the record's running shape key
// (TraceRecord::shapeKey, kept by the add* functions from the field names'
// addresses and kinds) together with its name and source addresses and field
// count: records of one emitting site cost one lookup and four compares. A
// miss hashes the shape from the content and caches it only if the record's
// key matches its fields. The key is not an exact encoding of the field list:
// two field lists of one source, name and field count whose 64-bit keys are
// equal would share a cached shape hash (for lists of distinct addresses a
// chance of about 2^-64 per pair); there are a few such lists per name.
//
// Added to a Tracer, the digest is a batched sink: it hashes records from
// the ring in runs (Tracer.h), one loop with the running hash in a register,
// and value(), hex() and recordCount() first hash what the Tracer still
// holds for it. Fed one record at a time (onTraceRecord) it gives the same
// values.
//
// String hashes are cached per string address (a fixed-size table): as
// TraceRecord.h requires, strings are literals or pooled and do not change
// while the run (and its digest) lives. A cache miss changes nothing but speed.
#pragma once

#include "model/sim/Tracer.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ps {

class TraceDigest : public TraceSink {
  public:
    TraceDigest() { setBatched(); }

    void onTraceRecord(const TraceRecord& record) override;
    void onTraceRecords(const TraceRing& ring, std::uint64_t first, std::uint64_t end) override;
    std::uint64_t value() const {
        catchUp();
        return m_hash;
    }
    std::uint64_t recordCount() const {
        catchUp();
        return m_count;
    }
    std::string hex() const;

    // The hash a string contributes: a function of its characters only.
    static std::uint64_t stringHash(const char* text);

  private:
    struct CachedShape {
        std::uint64_t key = 0;
        const char* source = nullptr;
        const char* name = nullptr;
        std::size_t fieldCount = 0;
        std::uint64_t hash = 0;
    };
    // Two-way sets (the second way is tested out of line): whether two hot
    // entries share a direct-mapped slot depends on where the linker put
    // their strings, and one such pair thrashing cost more than the rest of
    // the cache's lookups.
    static constexpr std::size_t kShapeSlots = 1024;
    // A miss in the set's first way (`set` points to it): the second way,
    // else the shape hashed from the content.
    std::uint64_t shapeHashMiss(const TraceRecord& record, CachedShape* set);
    // Folds count records that follow each other in memory into m_hash.
    void foldRun(const TraceRecord* records, std::size_t count);

    struct CachedString {
        const char* text = nullptr;
        std::uint64_t hash = 0;
    };
    // Two-way sets by address, as the shapes: a miss just recomputes and
    // replaces.
    static constexpr std::size_t kCacheSlots = 4096;
    std::uint64_t stringHashMiss(const char* text, CachedString* set);

    void mix(std::uint64_t word) { m_hash = mixed(m_hash, word); }
    static std::uint64_t mixed(std::uint64_t hash, std::uint64_t word) {
        hash = (hash ^ word) * 0x9E3779B97F4A7C15ull;
        return hash ^ (hash >> 29);
    }
    std::uint64_t cachedStringHash(const char* text) {
        CachedString* set =
            &m_cache[2 *
                     (static_cast<std::size_t>(
                          (reinterpret_cast<std::uintptr_t>(text) * 0x9E3779B97F4A7C15ull) >> 40) %
                      (kCacheSlots / 2))];
        return set->text == text ? set->hash : stringHashMiss(text, set);
    }

    std::uint64_t m_hash = 0xCBF29CE484222325ull;
    std::uint64_t m_count = 0;
    std::array<CachedString, kCacheSlots> m_cache{};
    std::array<CachedShape, kShapeSlots> m_shapes{};
};

}  // namespace ps
