#include "model/sim/TraceDigest.h"

#include <cstdio>
#include <cstring>

namespace ps {

namespace {

constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;

// The count (<= 8) bytes at `bytes` as a little-endian word, zero-extended.
std::uint64_t loadLittleEndian(const unsigned char* bytes, std::size_t count) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::uint64_t word = 0;
    if (count == 8) {
        std::memcpy(&word, bytes, 8);
    } else {
        std::memcpy(&word, bytes, count);
    }
    return word;
#else
    std::uint64_t word = 0;
    for (std::size_t b = 0; b < count; ++b) {
        word |= static_cast<std::uint64_t>(bytes[b]) << (8 * b);
    }
    return word;
#endif
}

}  // namespace

// One multiply and a fold of the high half per 64-bit word: every input bit
// reaches every output bit within two words, which is plenty for telling runs
// apart and an order of magnitude cheaper than formatting the record as text.
void TraceDigest::mix(std::uint64_t word) {
    m_hash = (m_hash ^ word) * kMultiplier;
    m_hash ^= m_hash >> 29;
}

// Characters are packed little-endian into words (on a little-endian host by
// loading eight at a time, elsewhere byte by byte) so that the result does not
// depend on the host's byte order. The length is mixed in last, so "ab" + "c"
// and "a" + "bc" differ.
void TraceDigest::mixString(const char* text) {
    const std::size_t length = std::strlen(text);
    const auto* bytes = reinterpret_cast<const unsigned char*>(text);
    std::size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        mix(loadLittleEndian(bytes + i, 8));
    }
    mix(loadLittleEndian(bytes + i, length - i));
    mix(length);
}

void TraceDigest::onTraceRecord(const TraceRecord& record) {
    mix(record.index);
    mix(static_cast<std::uint64_t>(record.timeNs));
    mix(static_cast<std::uint64_t>(record.category) | std::uint64_t{record.streamId} << 8 |
        std::uint64_t{record.hasStatus} << 24 | std::uint64_t{record.fieldCount} << 32);
    if (record.hasStatus) {
        mix(static_cast<std::uint32_t>(record.status));
    }
    mixString(record.source);
    mixString(record.name);
    for (std::size_t i = 0; i < record.fieldCount; ++i) {
        const TraceField& f = record.fields[i];
        mixString(f.name);
        mix(static_cast<std::uint64_t>(f.kind));
        if (f.kind == TraceValueKind::Text) {
            mixString(f.text);
        } else if (f.kind == TraceValueKind::Int) {
            mix(static_cast<std::uint64_t>(f.i));
        } else {
            mix(f.u);
        }
    }
    ++m_count;
}

std::string TraceDigest::hex() const {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(m_hash));
    return buf;
}

}  // namespace ps
