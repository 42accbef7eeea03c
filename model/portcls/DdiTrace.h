// Trace records for calls across the DDI. Usage:
//   DdiCall(kernel, "miniport", "IPortWavePciStream::GetMapping", streamId)
//       .hex("Tag", tag).uint("ByteCount", n).done(status);
// done() appends the caller's IRQL ("Irql") and the number of spin locks it
// holds ("SpinLocksHeld") as they were when the call was made — captured at
// construction — sets the NTSTATUS and records it. doneVoid() is for methods
// that return nothing. The verifier reads exactly these fields. Calls that
// belong to another category (the stream resource manager's, which are
// Resource records) name it first.
#pragma once

#include "model/kernel/Irql.h"
#include "model/kernel/Kernel.h"
#include "model/sim/TraceRecord.h"

namespace ps {

class DdiCall {
  public:
    DdiCall(Kernel& kernel, const char* caller, const char* method, std::uint16_t streamId)
        : m_kernel(kernel),
          m_record(TraceCategory::DdiCall, caller, method, streamId),
          m_irql(kernel.KeGetCurrentIrql()),
          m_locks(kernel.heldSpinLocks().size()) {}
    DdiCall(Kernel& kernel, TraceCategory category, const char* caller, const char* method,
            std::uint16_t streamId)
        : m_kernel(kernel),
          m_record(category, caller, method, streamId),
          m_irql(kernel.KeGetCurrentIrql()),
          m_locks(kernel.heldSpinLocks().size()) {}

    DdiCall& hex(const char* name, std::uint64_t v) {
        m_record.addHex(name, v);
        return *this;
    }
    DdiCall& uint(const char* name, std::uint64_t v) {
        m_record.addUInt(name, v);
        return *this;
    }
    DdiCall& sint(const char* name, std::int64_t v) {
        m_record.addInt(name, v);
        return *this;
    }
    DdiCall& text(const char* name, const char* v) {
        m_record.addText(name, v);
        return *this;
    }
    DdiCall& flag(const char* name, bool v) {
        m_record.addBool(name, v);
        return *this;
    }
    void done(NTSTATUS status) {
        m_record.setStatus(status);
        doneVoid();
    }
    void doneVoid() {
        m_record.addText("Irql", irqlName(m_irql));
        m_record.addUInt("SpinLocksHeld", m_locks);
        m_kernel.tracer().record(m_record);
    }

  private:
    Kernel& m_kernel;
    TraceRecord m_record;
    KIRQL m_irql;
    std::size_t m_locks;
};

}  // namespace ps
