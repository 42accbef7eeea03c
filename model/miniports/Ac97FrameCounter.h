// Ac97FrameCounter: the 64-bit count of frames a stream's converter has
// clocked, built from the engine's 32-bit PS_PCNT register (Ac97Registers.h).
//
// PS_PCNT wraps at 2^32 frames (about 6 h at 192 kHz) and restarts at 0 when
// the engine is reset (CR.RR). The counter adds the difference between two
// successive reads modulo 2^32, so it stays exact as long as it is sampled at
// least once per wrap and once right before every engine reset. The stream
// samples it in Service (every interrupt), GetPosition and ResetDMA.
//
// Units: frames. Not synchronized: the owner holds its MapLock.
#pragma once

#include "model/kernel/KernelTypes.h"

namespace ps {

class Ac97FrameCounter {
  public:
    // Adds the frames clocked since the previous sample; raw is PS_PCNT now.
    void sample(ULONG raw) {
        m_frames += static_cast<ULONG>(raw - m_lastRaw);  // modulo 2^32
        m_lastRaw = raw;
    }
    // The engine was reset: PS_PCNT reads `raw` (0) from now on. Sample first,
    // or the frames clocked since the last sample are lost.
    void engineReset(ULONG raw) { m_lastRaw = raw; }
    // Restarts the count at 0 (KSSTATE_STOP); the register is left alone.
    void zero() { m_frames = 0; }

    ULONGLONG frames() const { return m_frames; }

  private:
    ULONGLONG m_frames = 0;
    ULONG m_lastRaw = 0;
};

}  // namespace ps
