// A scheduler, tracer and kernel for the client tests, plus helpers that
// predict what a render client's pin should have played.
#pragma once

#include "FakeWavePciPin.h"
#include "model/client/SourceRendering.h"
#include "model/client/WavePciClient.h"
#include "model/kernel/Kernel.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace ps {

class ClientFixture : public ::testing::Test {
  protected:
    Scheduler scheduler;
    Tracer tracer{scheduler, 1u << 15};
    Kernel kernel{scheduler, tracer};

    void runForMs(std::int64_t ms) { scheduler.runUntil(scheduler.now() + msToNs(ms)); }

    std::size_t countRecords(const char* name) const {
        std::size_t n = 0;
        tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
            if (r.category == TraceCategory::Client && std::strcmp(r.name, name) == 0) {
                ++n;
            }
        });
        return n;
    }

    bool hasError(const WavePciClient& client, const char* what) const {
        for (const ClientError& e : client.errors()) {
            if (std::strcmp(e.what, what) == 0) {
                return true;
            }
        }
        return false;
    }

    // The bytes a render pin plays when it plays every submitted packet in full
    // except the client's lost ranges: the source's frames in submission order.
    static std::vector<std::uint8_t> expectedPlayed(SampleSource& source, const AudioFormat& format,
                                                    const WavePciClient& client) {
        std::vector<std::uint8_t> out;
        for (const SubmittedPacket& p : client.packets()) {
            if (p.status == PacketStatus::SubmitFailed || p.status == PacketStatus::Pending) {
                continue;
            }
            std::int64_t first = p.firstFrame;
            std::int64_t frames = p.frames;
            for (const LostFrameRange& lost : client.lostFrames()) {
                if (lost.packetId == p.packetId) {
                    frames = lost.firstFrame - first;
                }
            }
            const auto bytes =
                renderEncoded(source, format, first, static_cast<std::size_t>(frames));
            out.insert(out.end(), bytes.begin(), bytes.end());
        }
        return out;
    }
};

}  // namespace ps
