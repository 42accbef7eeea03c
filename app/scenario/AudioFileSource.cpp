#include "app/scenario/AudioFileSource.h"

#include <sndfile.h>
#include <soxr.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ps {

namespace {

class SndFile {
  public:
    SndFile(const std::string& path, SF_INFO* info)
        : m_file(sf_open(path.c_str(), SFM_READ, info)) {}
    ~SndFile() {
        if (m_file != nullptr) {
            sf_close(m_file);
        }
    }
    SndFile(const SndFile&) = delete;
    SndFile& operator=(const SndFile&) = delete;
    SNDFILE* get() const { return m_file; }

  private:
    SNDFILE* m_file;
};

std::string fail(const std::string& path, const std::string& reason, std::string* error) {
    if (error != nullptr) {
        *error = path + ": " + reason;
    }
    return {};
}

// libsndfile reads a WAV whose data chunk runs past the end of the file
// without complaint (it plays what is there); its log says so with
// "data : <declared> (should be <present>)". A truncated file is a broken
// file, so it is refused rather than played short.
bool truncatedDataChunk(SNDFILE* file, long long* declared, long long* present) {
    char log[8192] = {};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
    const char* line = std::strstr(log, "\ndata : ");
    if (line == nullptr) {
        return false;
    }
    long long d = 0;
    long long p = 0;
    if (std::sscanf(line, "\ndata : %lld (should be %lld)", &d, &p) != 2) {
        return false;
    }
    // 0 and 0xFFFFFFFF are what streaming writers put in a header they never
    // patch; such files are not truncated, just unsized.
    if (d == 0 || d == 0xFFFFFFFFLL || p >= d) {
        return false;
    }
    *declared = d;
    *present = p;
    return true;
}

std::string majorFormatName(int format) {
    SF_FORMAT_INFO info = {};
    info.format = format & SF_FORMAT_TYPEMASK;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &info, sizeof info) == 0 && info.name != nullptr) {
        return info.name;
    }
    return "audio";
}

bool checkHeader(const std::string& path, SNDFILE* file, const SF_INFO& sfInfo, AudioFileInfo* info,
                 std::string* error) {
    if (file == nullptr) {
        fail(path, std::string("not a readable audio file (") + sf_strerror(nullptr) + ")", error);
        return false;
    }
    if (sfInfo.channels < 1 || sfInfo.samplerate < 1) {
        fail(path,
             "the header declares " + std::to_string(sfInfo.channels) + " channels at " +
                 std::to_string(sfInfo.samplerate) + " Hz",
             error);
        return false;
    }
    long long declared = 0;
    long long present = 0;
    if (truncatedDataChunk(file, &declared, &present)) {
        fail(path,
             "truncated: the data chunk declares " + std::to_string(declared) +
                 " bytes, the file holds " + std::to_string(present),
             error);
        return false;
    }
    if (info != nullptr) {
        info->frames = sfInfo.frames;
        info->rateHz = sfInfo.samplerate;
        info->channels = sfInfo.channels;
        info->formatName = majorFormatName(sfInfo.format);
    }
    return true;
}

bool checkRegularFile(const std::string& path, std::string* error) {
    struct stat st = {};
    if (::stat(path.c_str(), &st) != 0) {
        fail(path, std::string("cannot open (") + std::strerror(errno) + ")", error);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(path, "not a regular file", error);
        return false;
    }
    return true;
}

}  // namespace

bool probeAudioFile(const std::string& path, AudioFileInfo* info, std::string* error) {
    if (!checkRegularFile(path, error)) {
        return false;
    }
    SF_INFO sfInfo = {};
    SndFile file(path, &sfInfo);
    return checkHeader(path, file.get(), sfInfo, info, error);
}

std::unique_ptr<AudioFileSource> AudioFileSource::open(const std::string& path, std::int64_t rateHz,
                                                       bool loop, std::string* error) {
    if (rateHz <= 0) {
        fail(path, "cannot play at " + std::to_string(rateHz) + " Hz", error);
        return nullptr;
    }
    if (!checkRegularFile(path, error)) {
        return nullptr;
    }
    SF_INFO sfInfo = {};
    SndFile file(path, &sfInfo);
    AudioFileInfo info;
    if (!checkHeader(path, file.get(), sfInfo, &info, error)) {
        return nullptr;
    }
    const double ratio = static_cast<double>(rateHz) / static_cast<double>(info.rateHz);
    if (static_cast<double>(info.frames) * info.channels * std::max(1.0, ratio) >
        static_cast<double>(kMaxAudioFileSamples)) {
        fail(path,
             "too long: " + std::to_string(info.frames) + " frames of " +
                 std::to_string(info.channels) + " channels (at most " +
                 std::to_string(kMaxAudioFileSamples) + " samples after resampling)",
             error);
        return nullptr;
    }

    // Decoded in blocks rather than trusting info.frames for the allocation:
    // a compressed file's frame count is the header's claim.
    std::vector<float> decoded;
    std::vector<float> block(4096 * static_cast<std::size_t>(info.channels));
    for (;;) {
        const sf_count_t got = sf_readf_float(file.get(), block.data(), 4096);
        if (got <= 0) {
            break;
        }
        decoded.insert(decoded.end(), block.begin(), block.begin() + got * info.channels);
        if (static_cast<std::int64_t>(decoded.size()) > kMaxAudioFileSamples) {
            fail(path, "too long (decodes to more than the header declares)", error);
            return nullptr;
        }
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
        fail(path, std::string("broken audio data (") + sf_strerror(file.get()) + ")", error);
        return nullptr;
    }
    const std::int64_t decodedFrames = static_cast<std::int64_t>(decoded.size()) / info.channels;
    if (info.frames > 0 && decodedFrames < info.frames) {
        fail(path,
             "truncated: the header declares " + std::to_string(info.frames) + " frames, only " +
                 std::to_string(decodedFrames) + " could be decoded",
             error);
        return nullptr;
    }

    std::unique_ptr<AudioFileSource> source(new AudioFileSource());
    source->m_rateHz = rateHz;
    source->m_fileRateHz = info.rateHz;
    source->m_channels = info.channels;
    source->m_loop = loop;
    if (rateHz == info.rateHz || decodedFrames == 0) {
        source->m_samples = std::move(decoded);
        source->m_frames = decodedFrames;
        return source;
    }

    // libsoxr (Debian's libsoxr0) is a well-tested band-limited resampler;
    // its one-shot call converts the whole interleaved buffer, flushing the
    // filter's tail, with the high-quality (VHQ-class) default recipe.
    const std::size_t outFrames =
        static_cast<std::size_t>(std::ceil(static_cast<double>(decodedFrames) * ratio)) + 16;
    std::vector<float> resampled(outFrames * static_cast<std::size_t>(info.channels));
    std::size_t done = 0;
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    const soxr_error_t soxrError =
        soxr_oneshot(static_cast<double>(info.rateHz), static_cast<double>(rateHz),
                     static_cast<unsigned>(info.channels), decoded.data(),
                     static_cast<std::size_t>(decodedFrames), nullptr, resampled.data(), outFrames,
                     &done, nullptr, &quality, nullptr);
    if (soxrError != nullptr) {
        fail(path,
             std::string("resampling to ") + std::to_string(rateHz) + " Hz failed (" + soxrError +
                 ")",
             error);
        return nullptr;
    }
    resampled.resize(done * static_cast<std::size_t>(info.channels));
    source->m_samples = std::move(resampled);
    source->m_frames = static_cast<std::int64_t>(done);
    return source;
}

void AudioFileSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                             int channels) {
    if (channels <= 0) {
        return;
    }
    for (std::size_t i = 0; i < frames; ++i) {
        float* out = interleaved + i * static_cast<std::size_t>(channels);
        std::int64_t frame = firstFrame + static_cast<std::int64_t>(i);
        if (m_frames > 0 && m_loop) {
            frame %= m_frames;
        }
        if (frame < 0 || frame >= m_frames) {
            std::fill(out, out + channels, 0.0f);
            continue;
        }
        const float* in = m_samples.data() + frame * m_channels;
        for (int c = 0; c < channels; ++c) {
            out[c] = m_channels == 1 ? in[0] : (c < m_channels ? in[c] : 0.0f);
        }
    }
}

std::optional<std::int64_t> AudioFileSource::endFrame() const {
    if (m_loop && m_frames > 0) {
        return std::nullopt;
    }
    return m_frames;
}

std::unique_ptr<SampleSource> openAudioFileSource(const SignalSpec& signal,
                                                  const AudioFormat& format, std::string* error) {
    if (signal.kind != SignalKind::File) {
        if (error != nullptr) {
            *error = std::string("not a file signal (") + signalKindName(signal.kind) + ")";
        }
        return nullptr;
    }
    return AudioFileSource::open(signal.filePath, format.rateHz, signal.loop, error);
}

}  // namespace ps
