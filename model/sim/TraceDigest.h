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
    void mix(std::uint64_t word);
    void mixString(const char* text);

    std::uint64_t m_hash = 0xCBF29CE484222325ull;
    std::uint64_t m_count = 0;
};

}  // namespace ps
