#include "app/audio/RenderMixer.h"

#include "app/audio/PcmConvert.h"
#include "app/audio/StreamResampler.h"

#include <algorithm>
#include <cstdlib>

namespace ps {

// One stream: decoded, resampled frames waiting for their device frames.
class RenderMixer::Input final : public PcmSink {
  public:
    Input(const RenderMixer& mixer, const AudioFormat& format) : m_mixer(mixer) {
        setFormat(format);
    }

    void onFrames(const PcmBlock& block) override {
        if (block.frameCount == 0 || block.bytes == nullptr) {
            return;
        }
        if (block.format != nullptr && *block.format != m_format) {
            // A format change: the old resampler's tail ends the old stretch
            // and the new frames start a new one, placed by their time.
            drain();
            m_anchored = false;
            setFormat(*block.format);
        }
        if (!m_error.empty()) {
            return;
        }
        if (block.bytesPerFrame != m_format.bytesPerFrame()) {
            ++m_refusedBlocks;
            return;
        }
        // A new stretch: the DAC's frame count jumped, or the frames are due
        // somewhere else than where the held ones end (a stop and restart).
        const std::int64_t due = m_mixer.deviceFrameAt(block.firstFrameTimeNs);
        const std::int64_t tolerance = m_mixer.deviceFrameAt(m_mixer.m_mixLatencyNs);
        if (m_anchored && (block.firstFrame != m_nextStreamFrame ||
                           std::abs(due - lastHeldFrame()) > tolerance)) {
            drain();
            m_anchored = false;
        }
        if (!m_anchored) {
            placeAt(due);
            m_anchored = true;
        }
        const std::int64_t firstInStretch = m_stretchFrames;
        m_stretchFrames += static_cast<std::int64_t>(block.frameCount);
        if (block.underrun) {
            noteFiller(firstInStretch, m_stretchFrames);
        }
        m_decoded.clear();
        decodePcm(m_format, m_matrix, block.bytes, block.frameCount, &m_decoded);
        m_resampler->process(m_decoded.data(), block.frameCount, &m_pending);
        m_nextStreamFrame = block.firstFrame + static_cast<std::int64_t>(block.frameCount);
        m_blockEndNs = block.firstFrameTimeNs +
                       static_cast<TimeNs>(block.frameCount) * 1'000'000'000 / m_format.rateHz;
    }

    // A stream whose DAC has delivered nothing for a while has most likely
    // stopped: what libsoxr still holds is its tail, due now, not at the
    // end of the run. The next block starts a new stretch.
    void drainIfQuiet(TimeNs simNowNs) {
        if (m_anchored && m_resampler && !m_resampler->passthrough() &&
            simNowNs - m_blockEndNs > m_mixer.m_mixLatencyNs / 4) {
            drain();
            m_anchored = false;
        }
    }

    // Adds (when heard) this stream's frames for device frames [from, from +
    // frames) into mix, and forgets everything before from + frames.
    void mixInto(std::int64_t from, std::size_t frames, float* mix, bool heard) {
        const auto ch = static_cast<std::size_t>(m_mixer.m_channels);
        std::int64_t held = heldFrames();
        if (m_start < from) {
            const std::int64_t stale = std::min(held, from - m_start);
            const std::int64_t filler = fillerIn(m_start, m_start + stale);
            m_lateFiller += filler;
            m_late += stale - filler;
            consume(stale);
            m_start += stale;
            held -= stale;
        }
        const std::int64_t end = from + static_cast<std::int64_t>(frames);
        if (m_start < from) {
            return;  // the frames due now have not arrived; they will be late
        }
        const std::int64_t n = std::max<std::int64_t>(0, std::min(held, end - m_start));
        if (heard && n > 0) {
            float* dst = mix + static_cast<std::size_t>(m_start - from) * ch;
            const float* src = m_pending.data() + m_readOffset;
            for (std::size_t i = 0; i < static_cast<std::size_t>(n) * ch; ++i) {
                dst[i] += src[i];
            }
        }
        consume(n);
        m_start += n;
        // Filler ranges wholly mixed (or dropped) are done with.
        m_filler.erase(std::remove_if(m_filler.begin(), m_filler.end(),
                                      [this](const Range& r) { return r.end <= m_start; }),
                       m_filler.end());
    }

    // End of input: what libsoxr holds becomes pending.
    void drain() {
        if (m_resampler) {
            m_resampler->flush(&m_pending);
        }
    }

    std::int64_t lastHeldFrame() const { return m_start + heldFrames(); }
    const std::string& error() const { return m_error; }
    std::int64_t late() const { return m_late; }
    std::int64_t lateFiller() const { return m_lateFiller; }
    std::int64_t refusedBlocks() const { return m_refusedBlocks; }

    std::atomic<bool> muted{false};
    std::atomic<bool> solo{false};

  private:
    struct Range {
        std::int64_t begin;
        std::int64_t end;
    };

    // Stream frames [first, last) of the current stretch are underrun
    // filler: remember the device frames they become (output frame k of a
    // stretch is its input time k / device rate; libsoxr is phase-aligned).
    void noteFiller(std::int64_t first, std::int64_t last) {
        const auto toDevice = [this](std::int64_t streamFrame) {
            return m_stretchStart +
                   streamFrame * m_mixer.m_rateHz / static_cast<std::int64_t>(m_format.rateHz);
        };
        const Range r{toDevice(first), toDevice(last)};
        if (!m_filler.empty() && m_filler.back().end == r.begin) {
            m_filler.back().end = r.end;
        } else if (r.end > r.begin) {
            m_filler.push_back(r);
        }
    }
    // Device frames in [begin, end) that are underrun filler.
    std::int64_t fillerIn(std::int64_t begin, std::int64_t end) const {
        std::int64_t n = 0;
        for (const Range& r : m_filler) {
            n += std::max<std::int64_t>(0, std::min(end, r.end) - std::max(begin, r.begin));
        }
        return std::min(n, end - begin);
    }

    // The converter and resampler for `format` (the resampler must have
    // been drained). An unreadable format leaves the stream silent until a
    // readable one arrives; what is held still plays.
    void setFormat(const AudioFormat& format) {
        m_format = format;
        m_resampler.reset();
        m_error = pcmDecodeProblem(format);
        if (!m_error.empty()) {
            return;
        }
        m_matrix = channelMatrix(format, m_mixer.m_channels);
        m_resampler = std::make_unique<StreamResampler>(static_cast<double>(format.rateHz),
                                                        static_cast<double>(m_mixer.m_rateHz),
                                                        m_mixer.m_channels);
        m_error = m_resampler->error();
        if (!m_error.empty()) {
            m_resampler.reset();
        }
    }

    std::int64_t heldFrames() const {
        return static_cast<std::int64_t>((m_pending.size() - m_readOffset) /
                                         static_cast<std::size_t>(m_mixer.m_channels));
    }
    void consume(std::int64_t frames) {
        m_readOffset +=
            static_cast<std::size_t>(frames) * static_cast<std::size_t>(m_mixer.m_channels);
        // Compact once the consumed head dominates, so memory stays bounded.
        if (m_readOffset > 65536 && m_readOffset * 2 > m_pending.size()) {
            m_pending.erase(m_pending.begin(),
                            m_pending.begin() + static_cast<std::ptrdiff_t>(m_readOffset));
            m_readOffset = 0;
        }
    }
    // A new stretch starts at device frame `frame`: a gap after what is
    // held becomes silence; when it overlaps the held frames it follows them.
    void placeAt(std::int64_t frame) {
        m_stretchFrames = 0;
        const std::int64_t held = heldFrames();
        if (held == 0) {
            m_start = frame;
            m_stretchStart = frame;
            return;
        }
        const std::int64_t end = m_start + held;
        m_stretchStart = std::max(frame, end);
        if (frame > end) {
            m_pending.resize(m_pending.size() + static_cast<std::size_t>(frame - end) *
                                                    static_cast<std::size_t>(m_mixer.m_channels),
                             0.0f);
        }
    }

    const RenderMixer& m_mixer;
    AudioFormat m_format;
    std::string m_error;
    ChannelMatrix m_matrix;
    std::unique_ptr<StreamResampler> m_resampler;  // nullptr while m_error is set
    bool m_anchored = false;
    std::int64_t m_nextStreamFrame = 0;
    TimeNs m_blockEndNs = 0;
    // m_pending[m_readOffset...] holds device-format frames from device
    // frame m_start on.
    std::vector<float> m_pending;
    std::size_t m_readOffset = 0;
    std::int64_t m_start = 0;
    std::vector<float> m_decoded;
    // The current stretch starts at device frame m_stretchStart and has had
    // m_stretchFrames stream frames; m_filler holds the device frames of
    // underrun filler not yet mixed.
    std::int64_t m_stretchStart = 0;
    std::int64_t m_stretchFrames = 0;
    std::vector<Range> m_filler;
    std::int64_t m_late = 0;
    std::int64_t m_lateFiller = 0;
    std::int64_t m_refusedBlocks = 0;
};

RenderMixer::RenderMixer(int deviceRateHz, int deviceChannels, TimeNs mixLatencyNs)
    : m_rateHz(deviceRateHz), m_channels(deviceChannels), m_mixLatencyNs(mixLatencyNs) {}

RenderMixer::~RenderMixer() = default;

PcmSink* RenderMixer::addStream(const AudioFormat& format) {
    m_inputs.push_back(std::make_unique<Input>(*this, format));
    return m_inputs.back().get();
}

std::string RenderMixer::streamError(std::size_t stream) const {
    return stream < m_inputs.size() ? m_inputs[stream]->error() : "no such stream";
}

void RenderMixer::setMuted(std::size_t stream, bool muted) {
    if (stream < m_inputs.size()) {
        m_inputs[stream]->muted = muted;
    }
}

void RenderMixer::setSolo(std::size_t stream, bool solo) {
    if (stream < m_inputs.size() && m_inputs[stream]->solo.exchange(solo) != solo) {
        m_soloCount += solo ? 1 : -1;
    }
}

bool RenderMixer::muted(std::size_t stream) const {
    return stream < m_inputs.size() && m_inputs[stream]->muted;
}

bool RenderMixer::solo(std::size_t stream) const {
    return stream < m_inputs.size() && m_inputs[stream]->solo;
}

bool RenderMixer::audible(std::size_t stream) const {
    if (stream >= m_inputs.size() || m_inputs[stream]->muted) {
        return false;
    }
    return m_soloCount.load() == 0 || m_inputs[stream]->solo;
}

std::int64_t RenderMixer::deviceFrameAt(TimeNs t) const {
    if (t <= 0) {
        return 0;
    }
    // 128-bit-free: t < 2^63 ns and rate <= 2^20 would overflow a plain
    // product after about 2.4 hours at 1 MHz, so split seconds and the rest.
    const std::int64_t seconds = t / 1'000'000'000;
    const std::int64_t rest = t % 1'000'000'000;
    return seconds * m_rateHz + rest * m_rateHz / 1'000'000'000;
}

TimeNs RenderMixer::timeOfDeviceFrame(std::int64_t n) const {
    const std::int64_t seconds = n / m_rateHz;
    const std::int64_t rest = n % m_rateHz;
    return seconds * 1'000'000'000 + rest * 1'000'000'000 / m_rateHz;
}

std::size_t RenderMixer::mixUpTo(TimeNs simNowNs, std::vector<float>* out) {
    for (auto& input : m_inputs) {
        input->drainIfQuiet(simNowNs);
    }
    return mixRange(deviceFrameAt(simNowNs - m_mixLatencyNs), out);
}

std::size_t RenderMixer::finish(std::vector<float>* out) {
    std::int64_t end = m_framesMixed;
    for (auto& input : m_inputs) {
        input->drain();
        end = std::max(end, input->lastHeldFrame());
    }
    return mixRange(end, out);
}

std::size_t RenderMixer::mixRange(std::int64_t endFrame, std::vector<float>* out) {
    if (endFrame <= m_framesMixed) {
        return 0;
    }
    const auto frames = static_cast<std::size_t>(endFrame - m_framesMixed);
    const std::size_t base = out->size();
    out->resize(base + frames * static_cast<std::size_t>(m_channels), 0.0f);
    float* mix = out->data() + base;
    for (std::size_t i = 0; i < m_inputs.size(); ++i) {
        m_inputs[i]->mixInto(m_framesMixed, frames, mix, audible(i));
    }
    for (std::size_t i = 0; i < frames * static_cast<std::size_t>(m_channels); ++i) {
        mix[i] = std::clamp(mix[i], -1.0f, 1.0f);
    }
    m_framesMixed = endFrame;
    return frames;
}

std::int64_t RenderMixer::lateFrames() const {
    std::int64_t n = 0;
    for (const auto& input : m_inputs) {
        n += input->late();
    }
    return n;
}

std::int64_t RenderMixer::lateFillerFrames() const {
    std::int64_t n = 0;
    for (const auto& input : m_inputs) {
        n += input->lateFiller();
    }
    return n;
}

std::int64_t RenderMixer::refusedBlocks() const {
    std::int64_t n = 0;
    for (const auto& input : m_inputs) {
        n += input->refusedBlocks();
    }
    return n;
}

}  // namespace ps
