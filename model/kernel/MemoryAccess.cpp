#include "model/kernel/MemoryAccess.h"

namespace ps {

void FaultLog::record(const MemoryFault& fault) {
    ++m_count;
    if (m_capacity > 0) {
        if (m_recent.size() == m_capacity) {
            m_recent.pop_front();
        }
        m_recent.push_back(fault);
    }
    if (m_observer) {
        m_observer(fault);
    }
}

}  // namespace ps
