// AudioClockPacer: the SessionPacer of a session that plays through a
// LiveAudioOutput, so the audio device's clock (frames consumed from the
// ring) paces the run instead of the wall clock. The mapping from consumed
// frames to simulated time is absolute (device frame n plays at simulated
// time n / rate, or from where restartTimeline() put it), so restart() has
// nothing to reset: after a pause the ring has drained to exactly where the
// run stopped. Speed is 1 by nature; a session that jumps (seek, step back)
// restarts the output's timeline first. The session's owner still calls
// produce() after each advance. Called on the simulation thread.
#pragma once

#include "app/audio/LiveAudioOutput.h"
#include "app/session/SessionPacer.h"

namespace ps {

class AudioClockPacer final : public SessionPacer {
  public:
    explicit AudioClockPacer(const LiveAudioOutput& live) : m_live(live) {}
    void restart(TimeNs, double) override {}
    TimeNs target() const override { return m_live.targetSimTimeNs(); }

  private:
    const LiveAudioOutput& m_live;
};

}  // namespace ps
