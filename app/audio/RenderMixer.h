// RenderMixer: what every render stream's DAC plays, converted to one device
// format (rate, channel count; float samples) and mixed, on a device
// timeline tied to simulated time.
//
// Timeline: device frame n plays at simulated time n / deviceRateHz (t = 0 is
// the run's start). A stream's frames enter where its DAC clocked them
// (PcmBlock::firstFrameTimeNs, rounded to the nearest device frame) and run
// on contiguously until the DAC's frame count jumps or the block size
// changes; then the stream's resampler is drained and the next stretch is
// placed by its own time (a gap is silence; a stretch that overlaps the
// frames still held follows them).
//
// Latency: DAC models deliver frames when their engine syncs, which can be
// a little after the frames' time, and libsoxr works in blocks (it holds
// back up to about 1000 output frames, 21 ms at 48 kHz, measured for
// 44.1 -> 48 kHz), so mixUpTo(t) mixes only up to t - mixLatencyNs(). Frames that
// arrive after their slot was mixed are dropped and counted: stream data in
// lateFrames() (audio lost), underrun filler (PcmBlock::underrun) in
// lateFillerFrames() (silence or a repeated sample heard as silence).
// A stream whose DAC delivered nothing for mixLatencyNs() / 4 of simulated
// time counts as stopped: its resampler is drained then (its tail is due).
// finish() drains every resampler and mixes everything that is left.
// A DAC model that is not synced for longer than the mix latency (a DMA
// engine halted by a descriptor fault plays its underrun filler unobserved
// and reports it at the next sync) delivers late: those frames become
// silence and lateFillerFrames(). Frames are told apart by the device frames
// their stream frames map to (stretch start + stream frame x device rate /
// stream rate), so at a resampled stream's data/filler boundary a few frames
// may be counted on the wrong side.
//
// Conversion: any format decodePcm() reads (8/16/24/32-bit PCM, 32/64-bit
// float, any channel count: see PcmConvert.h for the channel mapping and the
// downmix by speaker mask), any rate (libsoxr, StreamResampler). Streams are
// summed and the sum clipped to [-1, 1].
//
// Format changes: a block stamped with a format (PcmBlock::format; ScenarioRun
// stamps the pin's format, which follows change-format actions) other than
// the stream's current one ends the current stretch: the old resampler is
// drained (its tail follows the old frames), the converter and resampler are
// made anew for the new format, and the block starts a new stretch placed by
// its time. Unstamped blocks are in the format given to addStream() or the
// last stamped one. A new format the mixer cannot read silences the stream
// from there on (streamError() says why) until a readable one arrives.
//
// Mute and solo: a stream is heard when it is not muted and either no
// stream is soloed or it is. A silenced stream still advances. The mute and
// solo flags may be set from any thread (atomics); everything else runs on
// the simulation thread (addStream() before the run starts, the PcmSinks
// inside the DAC models, mixUpTo()/finish() after each advance).
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/ks/AudioFormat.h"
#include "model/sim/SimTime.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ps {

class RenderMixer {
  public:
    static constexpr TimeNs kDefaultMixLatencyNs = 40'000'000;

    RenderMixer(int deviceRateHz, int deviceChannels, TimeNs mixLatencyNs = kDefaultMixLatencyNs);
    ~RenderMixer();
    RenderMixer(const RenderMixer&) = delete;
    RenderMixer& operator=(const RenderMixer&) = delete;

    // Adds a render stream playing `format`; returns the sink to put on its
    // DAC (owned by the mixer). The index of the stream is streamCount() - 1
    // afterwards. A format the mixer cannot read gives a sink that stays
    // silent; streamError() says why.
    PcmSink* addStream(const AudioFormat& format);
    std::size_t streamCount() const { return m_inputs.size(); }
    // "" or why the stream cannot be heard (its current format, resampler).
    std::string streamError(std::size_t stream) const;

    void setMuted(std::size_t stream, bool muted);
    void setSolo(std::size_t stream, bool solo);
    bool muted(std::size_t stream) const;
    bool solo(std::size_t stream) const;
    bool audible(std::size_t stream) const;

    // Starts the timeline at simulated time simNowNs instead of 0: the next
    // frame mixed is deviceFrameAt(simNowNs). Call before any stream
    // delivers (a session that starts playing part-way through a run).
    void startAt(TimeNs simNowNs) { m_framesMixed = deviceFrameAt(simNowNs); }

    // Appends the device frames up to simulated time simNowNs -
    // mixLatencyNs() (interleaved, deviceChannels() floats each) to *out;
    // returns how many frames it appended.
    std::size_t mixUpTo(TimeNs simNowNs, std::vector<float>* out);
    // End of the run: drains the resamplers and mixes every frame still held.
    std::size_t finish(std::vector<float>* out);

    int deviceRateHz() const { return m_rateHz; }
    int deviceChannels() const { return m_channels; }
    TimeNs mixLatencyNs() const { return m_mixLatencyNs; }
    // Device frames mixed so far (the next frame to mix).
    std::int64_t framesMixed() const { return m_framesMixed; }
    // The device frame that plays at simulated time t (rounded down) and the
    // simulated time of device frame n.
    std::int64_t deviceFrameAt(TimeNs t) const;
    TimeNs timeOfDeviceFrame(std::int64_t n) const;

    // Stream data that reached the mixer after its slot (dropped: audio
    // lost), summed over streams, in device frames.
    std::int64_t lateFrames() const;
    // Underrun filler that reached the mixer after its slot (dropped, heard
    // as silence), summed over streams, in device frames.
    std::int64_t lateFillerFrames() const;
    // Blocks refused because their frame size did not match the stream format.
    std::int64_t refusedBlocks() const;

  private:
    class Input;

    std::size_t mixRange(std::int64_t endFrame, std::vector<float>* out);

    int m_rateHz;
    int m_channels;
    TimeNs m_mixLatencyNs;
    std::int64_t m_framesMixed = 0;
    std::vector<std::unique_ptr<Input>> m_inputs;
    std::atomic<int> m_soloCount{0};
};

}  // namespace ps
