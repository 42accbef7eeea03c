#include "model/sim/TraceDigest.h"

#include <cstdio>
#include <cstring>

namespace ps {

namespace {

// Eight bytes at `bytes` as a little-endian word.
std::uint64_t loadWord(const unsigned char* bytes) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::uint64_t word = 0;
    std::memcpy(&word, bytes, 8);
    return word;
#else
    std::uint64_t word = 0;
    for (unsigned b = 0; b < 8; ++b) {
        word |= static_cast<std::uint64_t>(bytes[b]) << (8 * b);
    }
    return word;
#endif
}

// Four bytes at `bytes` as a little-endian word, zero-extended.
std::uint64_t loadWord32(const unsigned char* bytes) {
    return std::uint64_t{bytes[0]} | std::uint64_t{bytes[1]} << 8 | std::uint64_t{bytes[2]} << 16 |
           std::uint64_t{bytes[3]} << 24;
}

}  // namespace

// One multiply and a fold of the high half per 64-bit word (mixed()): every
// input bit reaches every output bit within two words, which is plenty for
// telling runs apart.
//
// Characters are packed little-endian into words (on a little-endian host by
// loading eight at a time, elsewhere byte by byte) so that the result does not
// depend on the host's byte order. The length is mixed in last, so "ab" + "c"
// and "a" + "bc" differ.
std::uint64_t TraceDigest::stringHash(const char* text) {
    std::uint64_t hash = 0xCBF29CE484222325ull;
    const std::size_t length = std::strlen(text);
    const auto* bytes = reinterpret_cast<const unsigned char*>(text);
    std::size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        hash = mixed(hash, loadWord(bytes + i));
    }
    const std::size_t rest = length - i;
    std::uint64_t tail = 0;
    if (length >= 8) {
        // The last eight bytes of the string, shifted so that only the rest
        // remains, zero-extended: one load instead of a byte loop.
        if (rest != 0) {
            tail = loadWord(bytes + length - 8) >> (8 * (8 - rest));
        }
    } else if (length >= 4) {
        // 4..7 bytes: two overlapping 4-byte loads (shared bytes OR onto
        // themselves).
        tail = loadWord32(bytes) | loadWord32(bytes + length - 4) << (8 * (length - 4));
    } else if (length > 0) {
        // 1..3 bytes: the first, middle and last (again overlapping).
        tail = std::uint64_t{bytes[0]} | std::uint64_t{bytes[length / 2]} << (8 * (length / 2)) |
               std::uint64_t{bytes[length - 1]} << (8 * (length - 1));
    }
    hash = mixed(hash, tail);
    return mixed(hash, length);
}

// The set's second way; else the shape hashed from the content, so that the
// value never depends on the key, and cached in the first way (its entry
// moving to the second) only under a key that matches the fields.
std::uint64_t TraceDigest::shapeHashMiss(const TraceRecord& record, CachedShape* set) {
    const std::size_t n = record.fieldCount;
    const CachedShape& second = set[1];
    if (second.key == record.shapeKey && second.name == record.name &&
        second.source == record.source && second.fieldCount == n) {
        return second.hash;
    }
    std::uint64_t hash = mixed(0xCBF29CE484222325ull, cachedStringHash(record.source));
    hash = mixed(hash, cachedStringHash(record.name));
    for (std::size_t i = 0; i < n; ++i) {
        const TraceField& f = record.fields[i];
        hash = mixed(hash, cachedStringHash(f.name));
        hash = mixed(hash, static_cast<std::uint64_t>(f.kind));
    }
    if (record.shapeKey == record.shapeKeyOf()) {
        set[1] = set[0];
        CachedShape& c = set[0];
        c.key = record.shapeKey;
        c.source = record.source;
        c.name = record.name;
        c.fieldCount = n;
        c.hash = hash;
    }
    return hash;
}

std::uint64_t TraceDigest::stringHashMiss(const char* text, CachedString* set) {
    if (set[1].text == text) {
        return set[1].hash;
    }
    set[1] = set[0];
    set[0].text = text;
    set[0].hash = stringHash(text);
    return set[0].hash;
}

namespace {

constexpr std::uint64_t kMixMultiplier = 0x9E3779B97F4A7C15ull;

// Keys of a record's words by position: the header's five (index, time, the
// category/stream/flags word, status, shape) and one per field. Distinct odd
// constants (splitmix64 of the position), so that swapping two words changes
// the sum.
constexpr std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return (x ^ (x >> 31)) | 1u;
}
constexpr std::size_t kHeaderWords = 5;
constexpr std::size_t kWordKeys = kHeaderWords + kMaxTraceFields;
struct WordKeys {
    std::uint64_t key[kWordKeys];
};
constexpr WordKeys makeWordKeys() {
    WordKeys keys{};
    for (std::size_t i = 0; i < kWordKeys; ++i) {
        keys.key[i] = splitmix(i);
    }
    return keys;
}
constexpr WordKeys kWordKey = makeWordKeys();

// One word of a record, keyed by its position: a bijection of the word
// (xor, multiply by an odd constant, xorshift), so two records that differ
// in one word have different terms there. The terms of a record do not
// depend on each other: they are computed side by side and summed.
inline std::uint64_t term(std::uint64_t word, std::size_t position) {
    const std::uint64_t p = (word ^ kWordKey.key[position]) * kMixMultiplier;
    return p ^ (p >> 29);
}

}  // namespace

// Folds count records that follow each other in memory. A record's words
// become independent terms whose sum enters the running hash with one
// mixed(): the serial chain is one multiply per record, not one per word
// (the chain was what hashing a record waited on). The running hash is kept
// in a local: stores to a member could alias the record, and the compiler
// would reload its fields after every mix.
void TraceDigest::foldRun(const TraceRecord* records, std::size_t count) {
    std::uint64_t hash = m_hash;
    for (std::size_t r = 0; r < count; ++r) {
        const TraceRecord& record = records[r];
        // The shape: a hit needs the record's running shape key, name, source
        // and field count to equal the slot's (one test for the four words).
        // The set is chosen by the source too: the same records from several
        // devices (one source each, "AC97", "AC97#1", ...) would otherwise
        // all share one two-way set and evict each other.
        const std::uint64_t key = record.shapeKey;
        CachedShape* set =
            &m_shapes[2 * (static_cast<std::size_t>(
                               ((reinterpret_cast<std::uintptr_t>(record.name) ^
                                 reinterpret_cast<std::uintptr_t>(record.source) ^ key) *
                                0x9E3779B97F4A7C15ull) >>
                               40) %
                           (kShapeSlots / 2))];
        const CachedShape& c = *set;
        const std::uint64_t differs = (c.key ^ key) |
                                      (reinterpret_cast<std::uintptr_t>(c.name) ^
                                       reinterpret_cast<std::uintptr_t>(record.name)) |
                                      (reinterpret_cast<std::uintptr_t>(c.source) ^
                                       reinterpret_cast<std::uintptr_t>(record.source)) |
                                      (c.fieldCount ^ record.fieldCount);
        const std::uint64_t shape = differs == 0 ? c.hash : shapeHashMiss(record, set);
        std::uint64_t sum =
            term(record.index, 0) + term(static_cast<std::uint64_t>(record.timeNs), 1) +
            term(static_cast<std::uint64_t>(record.category) | std::uint64_t{record.streamId} << 8 |
                     std::uint64_t{record.hasStatus} << 24 | std::uint64_t{record.fieldCount} << 32,
                 2) +
            term(shape, 4);
        if (record.hasStatus) {
            sum += term(static_cast<std::uint32_t>(record.status), 3);
        }
        const std::size_t n = record.fieldCount;
        for (std::size_t i = 0; i < n; ++i) {
            const TraceField& f = record.fields[i];
            // Int, UInt, Hex and Bool values are the same 64 bits read as u.
            sum += term(f.kind == TraceValueKind::Text ? cachedStringHash(f.text) : f.u,
                        kHeaderWords + i);
        }
        hash = mixed(hash, sum);
    }
    m_hash = hash;
    m_count += count;
}

void TraceDigest::onTraceRecord(const TraceRecord& record) {
    foldRun(&record, 1);
}

void TraceDigest::onTraceRecords(const TraceRing& ring, std::uint64_t first, std::uint64_t end) {
    while (first < end) {
        const std::size_t run = ring.heldRun(first, end);
        foldRun(&ring.held(first), run);
        first += run;
    }
}

std::string TraceDigest::hex() const {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value()));
    return buf;
}

}  // namespace ps
