// libFuzzer target: arbitrary bytes as a scenario file. The loader must give
// a spec or errors, never crash, hang or trip a sanitizer; a rejected input
// must say why. Audio files are not opened (checkAudioFiles off), so the run
// does not depend on what the file system holds.
#include "app/scenario/ScenarioLoader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ps::ScenarioLoadOptions options;
    options.checkAudioFiles = false;
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<int>(size));
    const ps::ScenarioLoadResult result =
        ps::ScenarioLoader::loadBytes(bytes, QStringLiteral("fuzz.json"), options);
    if (result.ok() != result.spec.has_value()) {
        std::abort();
    }
    for (const ps::ScenarioError& error : result.errors) {
        if (error.message.isEmpty() || (error.line == 0 && !error.jsonPath.startsWith('$'))) {
            std::abort();
        }
    }
    return 0;
}
