// SessionAudioHook: how a SessionController plays the run it drives. The
// audio side implements it (the GUI: a LiveAudioOutput behind it); the
// controller knows nothing of audio devices. Called on the simulation
// thread only.
//
// The controller attaches the hook when the run starts playing live at
// speed 1 and keeps it attached across pauses (the timeline continues where
// it stopped); anything that moves the run without playing it (a step, a
// seek, step back, stop, fast-forward, advanceBy, another speed, a new
// scenario, the controller going away) detaches it first, so the next live
// play starts a fresh timeline. While attached, the hook's pacer paces the
// run; otherwise the controller's own (wall clock x speed).
#pragma once

#include "app/session/SessionPacer.h"
#include "model/sim/SimTime.h"

namespace ps {

class ScenarioRun;

class SessionAudioHook {
  public:
    virtual ~SessionAudioHook() = default;
    // Live play starts at simulated time simNowNs: put fresh taps on run's
    // render streams, drop whatever was queued before and start a timeline
    // whose first frame is simNowNs.
    virtual void attach(ScenarioRun& run, TimeNs simNowNs) = 0;
    // Live play stops for now (pause) or resumes (live again, nothing moved
    // in between): feeding stops / starts; the taps stay.
    virtual void setFeeding(bool feeding) = 0;
    // After every live advance: queue what the DACs played up to simNowNs.
    virtual void advanced(TimeNs simNowNs) = 0;
    // The run reached its end while attached: queue everything still held.
    virtual void ended() = 0;
    // Takes the taps off run (still alive during the call) and drops the
    // queued audio: the run is about to jump or go away.
    virtual void detach(ScenarioRun& run) = 0;
    // The pacer used while attached (restart() is called on every live
    // start, as for the controller's own pacer).
    virtual SessionPacer& pacer() = 0;
};

}  // namespace ps
