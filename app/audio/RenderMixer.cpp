#include "app/audio/RenderMixer.h"

#include "app/audio/PcmConvert.h"
#include "app/audio/StreamResampler.h"

#include <algorithm>
#include <cstdlib>

namespace ps {

// One stream: decoded, resampled frames waiting for their device frames.
class RenderMixer::Input final : public PcmSink {
  public:
    Input(const RenderMixer& mixer, const AudioFormat& format)
        : m_mixer(mixer), m_format(format), m_error(pcmDecodeProblem(format)) {
        if (m_error.empty()) {
            m_resampler = std::make_unique<StreamResampler>(static_cast<double>(format.rateHz),
                                                            static_cast<double>(mixer.m_rateHz),
                                                            mixer.m_channels);
            m_error = m_resampler->error();
        }
    }

    void onFrames(const PcmBlock& block) override {
        if (!m_error.empty() || block.frameCount == 0 || block.bytes == nullptr) {
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
        m_decoded.clear();
        decodePcm(m_format, block.bytes, block.frameCount, m_mixer.m_channels, &m_decoded);
        m_resampler->process(m_decoded.data(), block.frameCount, &m_pending);
        m_nextStreamFrame = block.firstFrame + static_cast<std::int64_t>(block.frameCount);
        m_blockEndNs = block.firstFrameTimeNs +
                       static_cast<TimeNs>(block.frameCount) * 1'000'000'000 / m_format.rateHz;
    }

    // A stream whose DAC has delivered nothing for a while has most likely
    // stopped: what libsoxr still holds is its tail, due now, not at the
    // end of the run. The next block starts a new stretch.
    void drainIfQuiet(TimeNs simNowNs) {
        if (m_anchored && !m_resampler->passthrough() &&
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
            m_late += stale;
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
    }

    // End of input: what libsoxr holds becomes pending.
    void drain() { m_resampler->flush(&m_pending); }

    std::int64_t lastHeldFrame() const { return m_start + heldFrames(); }
    const std::string& error() const { return m_error; }
    std::int64_t late() const { return m_late; }
    std::int64_t refusedBlocks() const { return m_refusedBlocks; }

    std::atomic<bool> muted{false};
    std::atomic<bool> solo{false};

  private:
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
        const std::int64_t held = heldFrames();
        if (held == 0) {
            m_start = frame;
            return;
        }
        const std::int64_t end = m_start + held;
        if (frame > end) {
            m_pending.resize(m_pending.size() + static_cast<std::size_t>(frame - end) *
                                                    static_cast<std::size_t>(m_mixer.m_channels),
                             0.0f);
        }
    }

    const RenderMixer& m_mixer;
    AudioFormat m_format;
    std::string m_error;
    std::unique_ptr<StreamResampler> m_resampler;
    bool m_anchored = false;
    std::int64_t m_nextStreamFrame = 0;
    TimeNs m_blockEndNs = 0;
    // m_pending[m_readOffset...] holds device-format frames from device
    // frame m_start on.
    std::vector<float> m_pending;
    std::size_t m_readOffset = 0;
    std::int64_t m_start = 0;
    std::vector<float> m_decoded;
    std::int64_t m_late = 0;
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
        if (input->error().empty()) {
            input->drainIfQuiet(simNowNs);
        }
    }
    return mixRange(deviceFrameAt(simNowNs - m_mixLatencyNs), out);
}

std::size_t RenderMixer::finish(std::vector<float>* out) {
    std::int64_t end = m_framesMixed;
    for (auto& input : m_inputs) {
        if (input->error().empty()) {
            input->drain();
            end = std::max(end, input->lastHeldFrame());
        }
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
        if (m_inputs[i]->error().empty()) {
            m_inputs[i]->mixInto(m_framesMixed, frames, mix, audible(i));
        }
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

std::int64_t RenderMixer::refusedBlocks() const {
    std::int64_t n = 0;
    for (const auto& input : m_inputs) {
        n += input->refusedBlocks();
    }
    return n;
}

}  // namespace ps
