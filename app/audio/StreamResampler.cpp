#include "app/audio/StreamResampler.h"

#include <soxr.h>

#include <cmath>

namespace ps {

StreamResampler::StreamResampler(double inRateHz, double outRateHz, int channels)
    : m_inRateHz(inRateHz), m_outRateHz(outRateHz), m_channels(channels) {
    if (inRateHz != outRateHz) {
        create();
    }
}

StreamResampler::~StreamResampler() {
    soxr_delete(m_soxr);
}

void StreamResampler::create() {
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    soxr_error_t error = nullptr;
    m_soxr = soxr_create(m_inRateHz, m_outRateHz, static_cast<unsigned>(m_channels), &error, &io,
                         &quality, nullptr);
    if (error != nullptr) {
        m_soxr = nullptr;
        m_error = std::string("libsoxr: ") + error;
    }
}

void StreamResampler::process(const float* in, std::size_t frames, std::vector<float>* out) {
    if (!m_error.empty() || frames == 0) {
        return;
    }
    const auto channels = static_cast<std::size_t>(m_channels);
    if (m_soxr == nullptr) {
        out->insert(out->end(), in, in + frames * channels);
        return;
    }
    // Room for everything this input can produce plus what was held back.
    const auto room = static_cast<std::size_t>(
        std::ceil(static_cast<double>(frames) * m_outRateHz / m_inRateHz + delayFrames()) + 16);
    std::size_t inDone = 0;
    while (inDone < frames) {
        const std::size_t base = out->size();
        out->resize(base + room * channels);
        std::size_t used = 0;
        std::size_t produced = 0;
        soxr_process(m_soxr, in + inDone * channels, frames - inDone, &used, out->data() + base,
                     room, &produced);
        out->resize(base + produced * channels);
        inDone += used;
        if (used == 0 && produced == 0) {
            break;
        }
    }
}

void StreamResampler::flush(std::vector<float>* out) {
    if (m_soxr == nullptr) {
        return;
    }
    const auto channels = static_cast<std::size_t>(m_channels);
    for (;;) {
        const std::size_t room = 1024;
        const std::size_t base = out->size();
        out->resize(base + room * channels);
        std::size_t produced = 0;
        soxr_process(m_soxr, nullptr, 0, nullptr, out->data() + base, room, &produced);
        out->resize(base + produced * channels);
        if (produced == 0) {
            break;
        }
    }
    soxr_clear(m_soxr);
}

double StreamResampler::delayFrames() const {
    return m_soxr == nullptr ? 0.0 : soxr_delay(m_soxr);
}

}  // namespace ps
