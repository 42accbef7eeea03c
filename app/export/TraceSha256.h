// A TraceSink that computes the SHA-256 of a run's trace: the hash of every
// record's canonical text (appendCanonical, the text TraceDigest folds) with
// a '\n' after each, in index order. Canonical text holds only simulated
// time, indices, names and field values — no host pointers, no wall time —
// so the same scenario and seed give the same digest on every run and every
// machine. This is the summary's trace_sha256.
#pragma once

#include "model/sim/Tracer.h"

#include <QCryptographicHash>

#include <cstdint>
#include <string>

namespace ps {

class TraceSha256 : public TraceSink {
  public:
    TraceSha256();
    void onTraceRecord(const TraceRecord& record) override;

    // Lower-case hex digest (64 digits) of the records seen. Call it when the
    // run is over: QCryptographicHash finalizes on its first result(), and
    // records after that are counted but no longer change the digest.
    std::string hex() const;
    std::uint64_t recordCount() const { return m_count; }

  private:
    QCryptographicHash m_hash;
    std::uint64_t m_count = 0;
    std::string m_scratch;
};

}  // namespace ps
