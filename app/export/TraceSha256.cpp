#include "app/export/TraceSha256.h"

namespace ps {

TraceSha256::TraceSha256() : m_hash(QCryptographicHash::Sha256) {}

void TraceSha256::onTraceRecord(const TraceRecord& record) {
    m_scratch.clear();
    appendCanonical(record, m_scratch);
    m_scratch += '\n';
    m_hash.addData(m_scratch.data(), static_cast<int>(m_scratch.size()));
    ++m_count;
}

std::string TraceSha256::hex() const {
    return m_hash.result().toHex().toStdString();
}

}  // namespace ps
