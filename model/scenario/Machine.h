// One emulated machine without any device: the simulation (Scheduler), its
// trace hub (Tracer) with a running digest of every record (TraceDigest), the
// kernel and the verifier. Adapters (WavePciAdapter, WaveRtAdapter) attach to
// it, each with its own I/O or MMIO window and interrupt vector, so that
// several of either kind share one kernel and one timeline.
//
// Construction order is the dependency order (scheduler, tracer, kernel,
// verifier); adapters must be destroyed before their machine. Simulation
// thread only.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceDigest.h"
#include "model/sim/Tracer.h"
#include "model/verifier/Verifier.h"

#include <cstddef>

namespace ps {

struct MachineConfig {
    KernelConfig kernel;
    std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity;
};

class Machine {
  public:
    explicit Machine(const MachineConfig& config = {});
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    Scheduler& scheduler() { return m_scheduler; }
    const Scheduler& scheduler() const { return m_scheduler; }
    Tracer& tracer() { return m_tracer; }
    const Tracer& tracer() const { return m_tracer; }
    Kernel& kernel() { return m_kernel; }
    Verifier& verifier() { return m_verifier; }
    const Verifier& verifier() const { return m_verifier; }
    const TraceDigest& digest() const { return m_digest; }

  private:
    Scheduler m_scheduler;
    Tracer m_tracer;
    TraceDigest m_digest;
    Kernel m_kernel;
    Verifier m_verifier;
};

}  // namespace ps
