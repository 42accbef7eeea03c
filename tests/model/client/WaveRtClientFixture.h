// The WaveRT client tests' fixture: the kernel of ClientFixture plus helpers
// that predict what a FakeWaveRtPin should have played.
#pragma once

#include "ClientFixture.h"
#include "FakeWaveRtPin.h"
#include "model/client/WaveRtClient.h"

#include <cstring>
#include <optional>
#include <vector>

namespace ps {

class WaveRtClientFixture : public ClientFixture {
  protected:
    static inline const AudioFormat kStereo16 = AudioFormat::pcm(48000, 2, 16);  // 4 B, 192 kB/s

    static WaveRtClientConfig eventConfig(ULONG notificationCount = 2,
                                          std::uint32_t bufferMs = 10) {
        WaveRtClientConfig c;
        c.mode = WaveRtStreamingMode::Event;
        c.notificationCount = notificationCount;
        c.bufferMs = bufferMs;
        c.streamId = 7;
        return c;
    }

    static WaveRtClientConfig pollingConfig(TimeNs periodNs = msToNs(2),
                                            std::uint32_t writeAheadMs = 6,
                                            std::uint32_t bufferMs = 20) {
        WaveRtClientConfig c;
        c.mode = WaveRtStreamingMode::Polling;
        c.pollingPeriodNs = periodNs;
        c.writeAheadMs = writeAheadMs;
        c.bufferMs = bufferMs;
        c.streamId = 7;
        return c;
    }

    static bool hasError(const WaveRtClient& client, const char* what) {
        for (const ClientError& e : client.errors()) {
            if (std::strcmp(e.what, what) == 0) {
                return true;
            }
        }
        return false;
    }

    std::size_t countGlitchRecords(const char* name) const {
        std::size_t n = 0;
        tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
            if (r.category == TraceCategory::Glitch && std::strcmp(r.name, name) == 0) {
                ++n;
            }
        });
        return n;
    }

    // What the device of a single render run should play at stream bytes
    // [0, bytes), from the client's glitch records: source frames in order,
    // with the stale bytes [W, resync) of each underrun unknown (nullopt).
    static std::vector<std::optional<std::uint8_t>> expectedRenderStream(SampleSource& source,
                                                                         const AudioFormat& format,
                                                                         const WaveRtClient& client,
                                                                         std::uint64_t bytes) {
        const std::uint64_t bpf = format.bytesPerFrame();
        std::vector<std::optional<std::uint8_t>> out;
        std::int64_t frame = 0;
        auto appendSource = [&](std::uint64_t until) {
            const std::uint64_t frames = (until - out.size() + bpf - 1) / bpf;
            for (std::uint8_t b : renderEncoded(source, format, frame, frames)) {
                out.emplace_back(b);
            }
            frame += static_cast<std::int64_t>(frames);
        };
        for (const WaveRtGlitch& g : client.glitches()) {
            if (g.kind != WaveRtGlitchKind::RenderUnderrun || out.size() >= bytes) {
                continue;
            }
            appendSource(g.clientPositionBytes);
            EXPECT_EQ(frame, g.nextFrame) << "no source frame is skipped or replayed";
            out.resize(g.resyncPositionBytes);  // stale: whatever the buffer held
        }
        if (out.size() < bytes) {
            appendSource(bytes);
        }
        out.resize(bytes);
        return out;
    }

    // No underrun, and the device played exactly source frames [0, frames).
    static void expectPlayedInOrder(const FakeWaveRtPin& pin, const WaveRtClient& client,
                                    SampleSource& source, std::int64_t frames) {
        EXPECT_EQ(client.counters().underruns, 0u);
        EXPECT_EQ(pin.played(),
                  renderEncoded(source, pin.dataFormat(), 0, static_cast<std::size_t>(frames)));
    }

    // Compares played bytes with expectedRenderStream; returns the number of
    // known bytes that differ (0 = exact) and counts the unknown ones.
    static std::size_t mismatches(const std::vector<std::uint8_t>& played,
                                  const std::vector<std::optional<std::uint8_t>>& expected,
                                  std::size_t* unknown = nullptr) {
        std::size_t bad = 0;
        std::size_t stale = 0;
        for (std::size_t i = 0; i < played.size() && i < expected.size(); ++i) {
            if (!expected[i]) {
                ++stale;
            } else if (*expected[i] != played[i]) {
                ++bad;
            }
        }
        if (unknown != nullptr) {
            *unknown = stale;
        }
        return bad + (played.size() > expected.size() ? played.size() - expected.size() : 0);
    }
};

}  // namespace ps
