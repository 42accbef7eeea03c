// A TraceSink that folds every record's canonical form into a 64-bit FNV-1a
// digest. Two runs that emit the same records in the same order have the same
// digest; tests use it to check determinism cheaply.
#pragma once

#include "model/sim/Tracer.h"

#include <cstdint>
#include <string>

namespace ps {

class TraceDigest : public TraceSink {
  public:
    void onTraceRecord(const TraceRecord& record) override;
    std::uint64_t value() const { return m_hash; }
    std::uint64_t recordCount() const { return m_count; }
    std::string hex() const;

  private:
    std::uint64_t m_hash = 0xCBF29CE484222325ull;
    std::uint64_t m_count = 0;
    std::string m_scratch;
};

}  // namespace ps
