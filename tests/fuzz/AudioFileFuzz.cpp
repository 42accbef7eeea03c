// libFuzzer target: arbitrary bytes as the audio file of a scenario's "file"
// signal. probeAudioFile() and AudioFileSource::open() must accept the file
// or say why, never crash, hang or trip a sanitizer; a source that opens
// must render any frame range (inside, past the end, looping). libsndfile
// reads files by path, so each input is written to one scratch file per
// process first.
#include "app/scenario/AudioFileSource.h"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

const std::string& scratchPath() {
    static const std::string path =
        "/tmp/portscope-audio-fuzz-" + std::to_string(static_cast<long>(getpid())) + ".bin";
    return path;
}

void writeScratch(const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(scratchPath().c_str(), "wb");
    if (f == nullptr || (size > 0 && std::fwrite(data, 1, size, f) != size)) {
        std::abort();  // the harness itself failed, not the code under test
    }
    std::fclose(f);
}

// Renders 64 frames from firstFrame; reads every sample so the sanitizers
// see any uninitialized or out-of-bounds value.
void render(ps::AudioFileSource& source, std::int64_t firstFrame, int channels) {
    std::vector<float> out(static_cast<std::size_t>(64 * channels), 0.0f);
    source.render(firstFrame, out.data(), 64, channels);
    volatile float sum = 0.0f;
    for (float v : out) {
        sum = sum + v;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    writeScratch(data, size);
    ps::AudioFileInfo info;
    std::string probeError;
    if (ps::probeAudioFile(scratchPath(), &info, &probeError)) {
        if (info.channels < 1 || info.rateHz <= 0 || info.frames < 0) {
            std::abort();
        }
    } else if (probeError.empty()) {
        std::abort();
    }
    for (const bool loop : {false, true}) {
        std::string error;
        std::unique_ptr<ps::AudioFileSource> source =
            ps::AudioFileSource::open(scratchPath(), 48000, loop, &error);
        if ((source == nullptr) == error.empty()) {
            std::abort();
        }
        if (source == nullptr) {
            break;
        }
        render(*source, 0, 2);
        render(*source, source->frames() - 10, 1);
        render(*source, source->frames() + 1000, 6);
    }
    // libFuzzer ends with _Exit (no static destructors): remove it now.
    std::remove(scratchPath().c_str());
    return 0;
}
