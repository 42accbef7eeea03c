#include "model/sim/TraceDigest.h"

#include <cstdio>
#include <cstring>

namespace ps {

namespace {

constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;

}  // namespace

// One multiply and a fold of the high half per 64-bit word: every input bit
// reaches every output bit within two words, which is plenty for telling runs
// apart and an order of magnitude cheaper than formatting the record as text.
void TraceDigest::mix(std::uint64_t word) {
    m_hash = (m_hash ^ word) * kMultiplier;
    m_hash ^= m_hash >> 29;
}

// Characters are packed little-endian into words explicitly (not by loading
// memory) so that the result does not depend on the host's byte order. The
// length is mixed in last, so "ab" + "c" and "a" + "bc" differ.
void TraceDigest::mixString(const char* text) {
    const std::size_t length = std::strlen(text);
    const auto* bytes = reinterpret_cast<const unsigned char*>(text);
    std::size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        std::uint64_t word = 0;
        for (unsigned b = 0; b < 8; ++b) {
            word |= static_cast<std::uint64_t>(bytes[i + b]) << (8 * b);
        }
        mix(word);
    }
    std::uint64_t tail = 0;
    for (unsigned b = 0; i < length; ++i, ++b) {
        tail |= static_cast<std::uint64_t>(bytes[i]) << (8 * b);
    }
    mix(tail);
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
