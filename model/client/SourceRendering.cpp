#include "model/client/SourceRendering.h"

#include <cstring>

namespace ps {

bool renderEncoded(SampleSource& source, const AudioFormat& format, std::int64_t firstFrame,
                   std::size_t frames, std::uint8_t* out, std::vector<float>& scratch) {
    if (!isPcmEncodable(format)) {
        std::memset(out, 0, frames * format.bytesPerFrame());
        return false;
    }
    if (source.renderEncodedDirect(format, firstFrame, frames, out)) {
        return true;
    }
    scratch.resize(frames * format.channels);
    source.render(firstFrame, scratch.data(), frames, format.channels);
    return encodeFrames(format, scratch.data(), frames, out);
}

std::vector<std::uint8_t> renderEncoded(SampleSource& source, const AudioFormat& format,
                                        std::int64_t firstFrame, std::size_t frames) {
    if (!isPcmEncodable(format)) {
        return {};
    }
    std::vector<std::uint8_t> out(frames * format.bytesPerFrame());
    std::vector<float> scratch;
    renderEncoded(source, format, firstFrame, frames, out.data(), scratch);
    return out;
}

EncodedPcmSource::EncodedPcmSource(SampleSource& source, const AudioFormat& format)
    : m_source(source), m_format(format) {}

void EncodedPcmSource::produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                               std::uint32_t bytesPerFrame) {
    if (bytesPerFrame != m_format.bytesPerFrame() || !isPcmEncodable(m_format)) {
        ++m_mismatches;
        std::memset(out, 0, frameCount * bytesPerFrame);
        return;
    }
    renderEncoded(m_source, m_format, firstFrame, frameCount, out, m_scratch);
}

}  // namespace ps
