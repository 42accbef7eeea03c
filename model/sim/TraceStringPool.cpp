#include "model/sim/TraceStringPool.h"

namespace ps {

const char* TraceStringPool::intern(std::string_view text) {
    return m_strings.emplace(text).first->c_str();
}

}  // namespace ps
