#include "model/sim/TraceDigest.h"

#include <cstdio>

namespace ps {

void TraceDigest::onTraceRecord(const TraceRecord& record) {
    m_scratch.clear();
    appendCanonical(record, m_scratch);
    m_scratch += '\n';
    for (unsigned char c : m_scratch) {
        m_hash ^= c;
        m_hash *= 0x100000001B3ull;
    }
    ++m_count;
}

std::string TraceDigest::hex() const {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(m_hash));
    return buf;
}

}  // namespace ps
