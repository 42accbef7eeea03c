#include "model/scenario/Machine.h"

namespace ps {

Machine::Machine(const MachineConfig& config)
    : m_tracer(m_scheduler, config.traceRingCapacity),
      m_kernel(m_scheduler, m_tracer, config.kernel),
      m_verifier(m_tracer) {
    // The digest sees every record from the first one on, before any sink an
    // embedding program adds later.
    m_tracer.addSink(&m_digest);
}

Machine::~Machine() {
    m_tracer.removeSink(&m_digest);
}

}  // namespace ps
