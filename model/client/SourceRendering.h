// Rendering a SampleSource straight into the bytes of an AudioFormat (through
// PcmEncoding), and the adapter that lets a SampleSource feed an ADC model.
#pragma once

#include "model/client/PcmEncoding.h"
#include "model/client/SampleSource.h"
#include "model/hw/PcmEndpoints.h"
#include "model/ks/AudioFormat.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ps {

// Renders frames [firstFrame, firstFrame + frames) of `source` with
// format.channels channels and encodes them into `out`
// (frames * format.bytesPerFrame() bytes). `scratch` is reused between calls
// to avoid allocating. False, and `out` zero-filled, when the format is not
// encodable (isPcmEncodable).
bool renderEncoded(SampleSource& source, const AudioFormat& format, std::int64_t firstFrame,
                   std::size_t frames, std::uint8_t* out, std::vector<float>& scratch);

// The same, returning the bytes (empty when the format is not encodable).
std::vector<std::uint8_t> renderEncoded(SampleSource& source, const AudioFormat& format,
                                        std::int64_t firstFrame, std::size_t frames);

// A PcmSource (what an ADC model records) that renders a SampleSource in a
// fixed format: frame n of the ADC is frame n of the source. When the ADC asks
// for a frame size other than format.bytesPerFrame(), or the format is not
// encodable, it gets zeros and mismatchCount() goes up.
class EncodedPcmSource final : public PcmSource {
  public:
    // The source must outlive this object.
    EncodedPcmSource(SampleSource& source, const AudioFormat& format);

    void produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                 std::uint32_t bytesPerFrame) override;

    const AudioFormat& format() const { return m_format; }
    std::uint64_t mismatchCount() const { return m_mismatches; }

  private:
    SampleSource& m_source;
    AudioFormat m_format;
    std::vector<float> m_scratch;
    std::uint64_t m_mismatches = 0;
};

}  // namespace ps
