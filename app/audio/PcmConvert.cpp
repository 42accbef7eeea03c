#include "app/audio/PcmConvert.h"

#include "model/ks/SpeakerMask.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ps {
namespace {

constexpr double kMinus3Db = 0.70710678118654752;  // 1 / sqrt(2)
// The speakers WAVEFORMATEXTENSIBLE names (bits 0..17); anything above is
// reserved or SPEAKER_ALL.
constexpr DWORD kNamedSpeakers = 0x3FFFF;

enum class Side { Left, Right, Centre, None };

struct SpeakerGain {
    Side side;
    double gain;  // on its side; a centre speaker gets gain * kMinus3Db on each
};

// Indexed by speaker bit: FL FR FC LFE BL BR FLC FRC BC SL SR TC TFL TFC TFR
// TBL TBC TBR. Front speakers at full gain, the others at -3 dB, LFE dropped.
constexpr SpeakerGain kSpeakers[] = {
    {Side::Left, 1.0},       {Side::Right, 1.0},        {Side::Centre, 1.0},
    {Side::None, 0.0},       {Side::Left, kMinus3Db},   {Side::Right, kMinus3Db},
    {Side::Left, 1.0},       {Side::Right, 1.0},        {Side::Centre, kMinus3Db},
    {Side::Left, kMinus3Db}, {Side::Right, kMinus3Db},  {Side::Centre, kMinus3Db},
    {Side::Left, kMinus3Db}, {Side::Centre, kMinus3Db}, {Side::Right, kMinus3Db},
    {Side::Left, kMinus3Db}, {Side::Centre, kMinus3Db}, {Side::Right, kMinus3Db},
};

// The speaker positions of a stream of two or more channels; 0 when they
// are unknown.
DWORD speakerMaskOf(const AudioFormat& f) {
    if (!f.extensible) {
        return f.channels <= 8 ? defaultChannelMask(f.channels) : 0;
    }
    const DWORD mask = f.channelMask;
    if (mask == 0 || (mask & ~kNamedSpeakers) != 0 ||
        channelMaskSpeakerCount(mask) > static_cast<int>(f.channels)) {
        return 0;
    }
    return mask;
}

// Rows L and R (left[i], right[i] for stream channel i) of the stereo
// downmix, normalised so no row sums to more than 1.
void stereoDownmix(const AudioFormat& f, std::vector<double>* left, std::vector<double>* right) {
    const std::size_t in = f.channels;
    left->assign(in, 0.0);
    right->assign(in, 0.0);
    const DWORD mask = speakerMaskOf(f);
    if (mask == 0) {
        (*left)[0] = 1.0;
        (*right)[1] = 1.0;
        return;
    }
    // Each set bit, in ascending order, is the next interleaved channel.
    std::size_t channel = 0;
    for (int bit = 0; bit < 18 && channel < in; ++bit) {
        if ((mask & (DWORD{1} << bit)) == 0) {
            continue;
        }
        const SpeakerGain& s = kSpeakers[bit];
        switch (s.side) {
            case Side::Left:
                (*left)[channel] = s.gain;
                break;
            case Side::Right:
                (*right)[channel] = s.gain;
                break;
            case Side::Centre:
                (*left)[channel] = (*right)[channel] = s.gain * kMinus3Db;
                break;
            case Side::None:
                break;
        }
        ++channel;
    }
    double leftSum = 0.0;
    double rightSum = 0.0;
    for (std::size_t i = 0; i < in; ++i) {
        leftSum += (*left)[i];
        rightSum += (*right)[i];
    }
    const double largest = std::max(leftSum, rightSum);
    if (largest > 1.0) {
        for (std::size_t i = 0; i < in; ++i) {
            (*left)[i] /= largest;
            (*right)[i] /= largest;
        }
    }
}

float sampleAt(const AudioFormat& f, const std::uint8_t* p) {
    if (f.sampleType == SampleType::Float) {
        if (f.containerBits == 32) {
            float v;
            std::memcpy(&v, p, sizeof v);
            return v;
        }
        double v;
        std::memcpy(&v, p, sizeof v);
        return static_cast<float>(v);
    }
    switch (f.containerBits) {
        case 8:
            return (static_cast<float>(p[0]) - 128.0f) / 128.0f;
        case 16:
            return static_cast<float>(static_cast<std::int16_t>(p[0] | p[1] << 8)) / 32768.0f;
        case 24: {
            // Sign-extend through the top byte of a 32-bit word.
            const auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(p[0]) << 8 |
                                                     static_cast<std::uint32_t>(p[1]) << 16 |
                                                     static_cast<std::uint32_t>(p[2]) << 24);
            return static_cast<float>(v) / 2147483648.0f;
        }
        default: {
            const auto v = static_cast<std::int32_t>(
                static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24);
            return static_cast<float>(static_cast<double>(v) / 2147483648.0);
        }
    }
}

}  // namespace

std::string pcmDecodeProblem(const AudioFormat& f) {
    if (f.channels == 0 || f.rateHz == 0) {
        return "no channels or no sample rate";
    }
    if (f.sampleType == SampleType::Float) {
        if (f.containerBits != 32 && f.containerBits != 64) {
            return std::to_string(f.containerBits) + "-bit float samples are not supported";
        }
        return {};
    }
    if (f.containerBits != 8 && f.containerBits != 16 && f.containerBits != 24 &&
        f.containerBits != 32) {
        return std::to_string(f.containerBits) + "-bit PCM samples are not supported";
    }
    return {};
}

ChannelMatrix channelMatrix(const AudioFormat& f, int outChannels) {
    ChannelMatrix m;
    m.inChannels = f.channels;
    m.outChannels = std::max(outChannels, 0);
    const auto in = static_cast<std::size_t>(m.inChannels);
    const auto out = static_cast<std::size_t>(m.outChannels);
    m.gains.assign(in * out, 0.0f);
    if (in == 0 || out == 0) {
        return m;
    }
    auto set = [&](std::size_t o, std::size_t i, double g) {
        m.gains[o * in + i] = static_cast<float>(g);
    };
    if (in == 1) {
        for (std::size_t o = 0; o < out; ++o) {
            set(o, 0, 1.0);
        }
        return m;
    }
    if (out > 2 && in <= out) {
        for (std::size_t c = 0; c < in; ++c) {
            set(c, c, 1.0);
        }
        return m;
    }
    std::vector<double> left;
    std::vector<double> right;
    stereoDownmix(f, &left, &right);
    for (std::size_t i = 0; i < in; ++i) {
        if (out == 1) {
            set(0, i, (left[i] + right[i]) / 2.0);
        } else {
            set(0, i, left[i]);
            set(1, i, right[i]);
        }
    }
    return m;
}

void decodePcm(const AudioFormat& f, const ChannelMatrix& matrix, const std::uint8_t* bytes,
               std::size_t frames, std::vector<float>* out) {
    const std::size_t bytesPerSample = f.containerBits / 8u;
    const std::size_t bytesPerFrame = bytesPerSample * f.channels;
    // A matrix made for another channel count reads only the channels both have.
    const auto in = static_cast<std::size_t>(std::min<int>(matrix.inChannels, f.channels));
    const auto matrixIn = static_cast<std::size_t>(matrix.inChannels);
    const auto outChannels = static_cast<std::size_t>(matrix.outChannels);
    const std::size_t base = out->size();
    out->resize(base + frames * outChannels, 0.0f);
    float* dst = out->data() + base;
    for (std::size_t i = 0; i < frames; ++i) {
        const std::uint8_t* frame = bytes + i * bytesPerFrame;
        for (std::size_t c = 0; c < in; ++c) {
            const float* column = matrix.gains.data() + c;
            const float v = sampleAt(f, frame + c * bytesPerSample);
            for (std::size_t o = 0; o < outChannels; ++o) {
                const float g = column[o * matrixIn];
                if (g != 0.0f) {
                    dst[o] += g * v;
                }
            }
        }
        dst += outChannels;
    }
}

void decodePcm(const AudioFormat& f, const std::uint8_t* bytes, std::size_t frames, int outChannels,
               std::vector<float>* out) {
    decodePcm(f, channelMatrix(f, outChannels), bytes, frames, out);
}

void encodeInt16(const float* in, std::size_t samples, std::int16_t* out) {
    for (std::size_t i = 0; i < samples; ++i) {
        const float scaled = std::nearbyint(in[i] * 32768.0f);
        out[i] = static_cast<std::int16_t>(scaled > 32767.0f    ? 32767.0f
                                           : scaled < -32768.0f ? -32768.0f
                                                                : scaled);
    }
}

}  // namespace ps
