// CaptureTape: what a live input device delivered for one capture stream,
// kept so that every run of the same session reads the same samples.
//
// The device side (LiveAudioInput, on the device's thread) converts each
// block to the stream's rate and channel count and push()es it into the
// tape's SpscRing. The simulation side (LiveInputSource::render, on the
// simulation thread) read()s frames by the stream's frame index: frames the
// tape already holds come from the tape; frames past its end are taken from
// the ring and appended to the tape first. Everything a read hands out is
// on the tape, silence included (priming, a ring that ran short), so a
// replay (the inspector's step back and seek rebuild the run and run it
// again from frame 0) sees exactly the samples the first pass saw.
//
// Storage: signed 16-bit, the stream's channel count, in blocks of
// kBlockFrames (growing never copies what is recorded). A 48 kHz stereo
// stream takes 11.5 MB a minute. The first pass hands out the very 16-bit
// values a replay reads (the ring's floats are rounded before use).
//
// Cap: maxFrames (LiveAudioInput gives 10 minutes of the stream's rate by
// default). Once full the tape stops growing: frames past it still come
// live from the ring the first time they are read (the run goes on hearing
// the device), but a replay of them gets silence and counts them in
// inexactFrames() (the replay is no longer exact from the cap on).
//
// Priming: until the ring first holds primeFrames, reads hand out (and
// record) silence, so a simulation that runs ahead of real time by its
// output's queue does not drain a ring filling in real time. After that a
// ring that runs short gives silence for the missing frames
// (shortfallFrames()). When the ring holds more than backlogLimitFrames
// (0: no limit) at a read, its oldest frames beyond primeFrames are dropped
// first (skippedFrames()), and a push into a full ring discards what it
// holds (discardedFrames()) and makes the reader prime again: a run that
// was paused or stepped slowly while the device kept recording goes on with
// what the device hears now (after priming again, when the ring had filled
// up), not with audio queued long ago. A fast-forward reads faster than
// real time: it takes what the ring holds, then silence.
//
// Threads: push() on the device side only, read() on the simulation side
// only; the counters may be read from anywhere.
#pragma once

#include "app/audio/SpscRing.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace ps {

class CaptureTape {
  public:
    static constexpr std::size_t kBlockFrames = 65536;

    // channels: the stream's (1..8); ringFrames: the ring's capacity.
    CaptureTape(int channels, std::size_t ringFrames, std::size_t primeFrames,
                std::size_t backlogLimitFrames, std::int64_t maxFrames);
    CaptureTape(const CaptureTape&) = delete;
    CaptureTape& operator=(const CaptureTape&) = delete;

    // Device side: interleaved frames at the tape's channel count. When the
    // ring has no room for them, what it holds is discarded
    // (discardedFrames(): nobody read for the ring's length, the queued
    // audio is old) and the reader primes again. Returns how many fit (the
    // rest are dropped: the discarded frames' room frees only when the
    // reader next reads).
    std::size_t push(const float* interleaved, std::size_t frames);

    // Simulation side: frames [firstFrame, firstFrame + frames) with
    // `channels` channels (a mono tape feeds every channel; otherwise
    // channel c is tape channel c, missing ones are silent).
    void read(std::int64_t firstFrame, float* interleaved, std::size_t frames, int channels);

    int channels() const { return m_channels; }
    std::int64_t maxFrames() const { return m_maxFrames; }
    // Frames recorded on the tape.
    std::int64_t frames() const { return m_frames; }
    bool full() const { return m_frames >= m_maxFrames; }
    bool primed() const { return m_primed; }
    std::int64_t shortfallFrames() const { return m_shortfallFrames; }
    std::int64_t skippedFrames() const { return m_skippedFrames; }
    std::int64_t discardedFrames() const { return m_discardedFrames; }
    // The loudest sample on the tape (0..1).
    float peak() const { return m_peak; }
    // Frames a replay read as silence because the tape was full when the
    // first pass heard them.
    std::int64_t inexactFrames() const { return m_inexactFrames; }

  private:
    // Takes `frames` frames from the ring (priming, trimming and shortfall
    // as described above) into m_pulled.
    void pull(std::size_t frames);
    // Appends m_pulled's first `frames` frames to the tape.
    void append(std::size_t frames);
    // Copies tape frames [first, first + frames) into out.
    void copyOut(std::int64_t first, std::size_t frames, float* out, int channels) const;
    void copyPulled(std::size_t frames, float* out, int channels) const;

    int m_channels;
    SpscRing<float> m_ring;
    std::size_t m_primeFrames;
    std::size_t m_backlogLimitFrames;
    std::int64_t m_maxFrames;
    std::vector<std::unique_ptr<std::int16_t[]>> m_blocks;
    std::vector<float> m_pulled;
    std::vector<std::int16_t> m_encoded;
    // First frame past everything handed out (beyond the tape only when full).
    std::int64_t m_frontier = 0;
    std::int64_t m_discardedSeen = 0;  // discardedFrames() at the last pull
    std::atomic<std::int64_t> m_frames{0};
    std::atomic<bool> m_primed{false};
    std::atomic<std::int64_t> m_shortfallFrames{0};
    std::atomic<std::int64_t> m_skippedFrames{0};
    std::atomic<std::int64_t> m_discardedFrames{0};
    std::atomic<float> m_peak{0.0f};
    std::atomic<std::int64_t> m_inexactFrames{0};
};

}  // namespace ps
