#include "app/export/WavFileTap.h"

#include <sndfile.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ps {
namespace {

constexpr std::size_t kBufferBytes = 64 * 1024;
constexpr std::uint16_t kWaveFormatExtensible = 0xFFFE;

std::uint16_t readLe16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}
std::uint32_t readLe32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

}  // namespace

bool wavNeedsExtensible(const AudioFormat& f) {
    return f.extensible || f.channels > 2 || f.validBits < f.containerBits;
}

int wavFileFormat(const AudioFormat& f, std::string* whyNot) {
    const auto refuse = [&](const std::string& reason) {
        if (whyNot != nullptr) {
            *whyNot = reason;
        }
        return 0;
    };
    if (f.channels == 0 || f.rateHz == 0) {
        return refuse("no channels or no sample rate");
    }
    if (f.validBits == 0 || f.validBits > f.containerBits) {
        return refuse("valid bits " + std::to_string(f.validBits) + " in a " +
                      std::to_string(f.containerBits) + "-bit container");
    }
    int subtype = 0;
    if (f.sampleType == SampleType::Float) {
        subtype = f.containerBits == 32   ? SF_FORMAT_FLOAT
                  : f.containerBits == 64 ? SF_FORMAT_DOUBLE
                                          : 0;
    } else {
        subtype = f.containerBits == 8    ? SF_FORMAT_PCM_U8
                  : f.containerBits == 16 ? SF_FORMAT_PCM_16
                  : f.containerBits == 24 ? SF_FORMAT_PCM_24
                  : f.containerBits == 32 ? SF_FORMAT_PCM_32
                                          : 0;
    }
    if (subtype == 0) {
        return refuse(std::to_string(f.containerBits) + "-bit " +
                      (f.sampleType == SampleType::Float ? "float" : "PCM") +
                      " samples cannot be stored in a WAV file");
    }
    return (wavNeedsExtensible(f) ? SF_FORMAT_WAVEX : SF_FORMAT_WAV) | subtype;
}

std::string perStreamWavPath(const std::string& basePath, const std::string& streamLabel) {
    const std::size_t slash = basePath.find_last_of('/');
    const std::size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
    const std::size_t dot = basePath.find_last_of('.');
    if (dot == std::string::npos || dot <= nameStart) {
        return basePath + "-" + streamLabel + ".wav";
    }
    return basePath.substr(0, dot) + "-" + streamLabel + basePath.substr(dot);
}

WavFileTap::~WavFileTap() {
    close();
}

bool WavFileTap::open(const std::string& path, const AudioFormat& format) {
    close();
    m_path = path;
    m_format = format;
    m_error.clear();
    m_frames = 0;
    m_underrunFrames = 0;
    m_buffer.clear();
    std::string whyNot;
    const int fileFormat = wavFileFormat(format, &whyNot);
    if (fileFormat == 0) {
        fail(whyNot);
        return false;
    }
    m_extensible = (fileFormat & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAVEX;
    SF_INFO info{};
    info.samplerate = static_cast<int>(format.rateHz);
    info.channels = format.channels;
    info.format = fileFormat;
    m_file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (m_file == nullptr) {
        fail(std::string("cannot create file: ") + sf_strerror(nullptr));
        return false;
    }
    m_buffer.reserve(kBufferBytes);
    return true;
}

void WavFileTap::onFrames(const PcmBlock& block) {
    if (m_file == nullptr || !ok() || block.frameCount == 0) {
        return;
    }
    const std::uint32_t bpf = m_format.bytesPerFrame();
    if (block.bytesPerFrame != bpf || block.bytes == nullptr) {
        fail("a block of " + std::to_string(block.bytesPerFrame) +
             " bytes per frame for a file of " + std::to_string(bpf));
        return;
    }
    const std::size_t bytes = block.frameCount * bpf;
    m_buffer.insert(m_buffer.end(), block.bytes, block.bytes + bytes);
    m_frames += static_cast<std::int64_t>(block.frameCount);
    if (block.underrun) {
        m_underrunFrames += static_cast<std::int64_t>(block.frameCount);
    }
    if (m_buffer.size() >= kBufferBytes) {
        writeBuffered();
    }
}

void WavFileTap::writeBuffered() {
    if (m_buffer.empty() || m_file == nullptr || !ok()) {
        return;
    }
    const auto want = static_cast<sf_count_t>(m_buffer.size());
    errno = 0;
    const sf_count_t wrote = sf_write_raw(m_file, m_buffer.data(), want);
    if (wrote != want) {
        const int sfError = sf_error(m_file);
        fail(std::string("write failed: ") +
             (sfError != SF_ERR_NO_ERROR ? sf_strerror(m_file) : "short write") +
             (errno != 0 ? std::string(" (") + std::strerror(errno) + ")" : std::string()));
    }
    m_buffer.clear();
}

bool WavFileTap::close() {
    if (m_file == nullptr) {
        return ok();
    }
    writeBuffered();
    // sf_close rewrites the header with the final sizes.
    sf_write_sync(m_file);
    if (sf_close(m_file) != 0 && ok()) {
        fail("closing the file failed");
    }
    m_file = nullptr;
    if (ok() && m_extensible) {
        patchExtensibleHeader();
    }
    return ok();
}

// libsndfile writes WAVE_FORMAT_EXTENSIBLE with wValidBitsPerSample equal to
// the container size and a channel mask of its own choosing; the stream's
// values go in place of those.
void WavFileTap::patchExtensibleHeader() {
    std::FILE* f = std::fopen(m_path.c_str(), "r+b");
    if (f == nullptr) {
        fail(std::string("cannot reopen to finish the header: ") + std::strerror(errno));
        return;
    }
    std::array<std::uint8_t, 4096> head{};
    const std::size_t n = std::fread(head.data(), 1, head.size(), f);
    std::size_t pos = 12;  // past "RIFF" size "WAVE"
    bool patched = false;
    while (pos + 8 <= n) {
        const std::uint32_t size = readLe32(&head[pos + 4]);
        if (std::memcmp(&head[pos], "fmt ", 4) == 0) {
            const std::size_t data = pos + 8;
            if (size >= 40 && data + 24 <= n && readLe16(&head[data]) == kWaveFormatExtensible) {
                const std::uint8_t patch[6] = {
                    static_cast<std::uint8_t>(m_format.validBits & 0xFF),
                    static_cast<std::uint8_t>(m_format.validBits >> 8),
                    static_cast<std::uint8_t>(m_format.channelMask & 0xFF),
                    static_cast<std::uint8_t>(m_format.channelMask >> 8 & 0xFF),
                    static_cast<std::uint8_t>(m_format.channelMask >> 16 & 0xFF),
                    static_cast<std::uint8_t>(m_format.channelMask >> 24 & 0xFF)};
                patched = std::fseek(f, static_cast<long>(data + 18), SEEK_SET) == 0 &&
                          std::fwrite(patch, 1, sizeof patch, f) == sizeof patch;
            }
            break;
        }
        pos += 8 + size + (size & 1);
    }
    const bool closed = std::fclose(f) == 0;
    if (!patched || !closed) {
        fail("cannot finish the WAVE_FORMAT_EXTENSIBLE header");
    }
}

void WavFileTap::fail(const std::string& reason) {
    if (m_error.empty()) {
        m_error = m_path + ": " + reason;
    }
}

}  // namespace ps
