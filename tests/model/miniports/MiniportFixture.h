// The machine the miniport tests run on: scheduler, tracer, kernel, the AC'97
// controller at the default I/O base and vector, a resource list describing
// it, the fake port, and the miniport under test. Helpers open streams the way
// the port does (NewStream, join the stream's group, step the KS states) and
// feed packets of recognisable bytes.
#pragma once

#include "FakeWavePciPort.h"

#include "model/hw/PcmEndpoints.h"
#include "model/hw/ac97/Ac97Controller.h"
#include "model/ks/KsDataFormat.h"
#include "model/miniports/MiniportWaveAc97.h"
#include "model/miniports/MiniportWaveAc97Stream.h"
#include "model/portcls/ResourceList.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

namespace ps::test {

// Keeps every frame a DAC played; underrun filler separately.
class PcmRecorder : public PcmSink {
  public:
    void onFrames(const PcmBlock& block) override {
        if (block.underrun) {
            underrunFrames += block.frameCount;
            return;
        }
        if (bytes.empty()) {
            firstFrameTimeNs = block.firstFrameTimeNs;
        }
        bytes.insert(bytes.end(), block.bytes,
                     block.bytes + block.frameCount * block.bytesPerFrame);
    }
    std::vector<std::uint8_t> bytes;
    std::uint64_t underrunFrames = 0;
    TimeNs firstFrameTimeNs = -1;
};

// Produces byte i of the capture stream as patternByte(1000, i).
class PatternSource : public PcmSource {
  public:
    void produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                 std::uint32_t bytesPerFrame) override;
};

// Recognisable content: packet p, byte i.
std::uint8_t patternByte(std::size_t packet, std::size_t index);
std::vector<std::uint8_t> patternPacket(std::size_t packet, std::size_t bytes);

constexpr TimeNs kMs = 1'000'000;

struct OpenedStream {
    ComPtr<FakePortWavePciStream> port;
    ComPtr<IMiniportWavePciStream> stream;
    ComPtr<IServiceGroup> group;
    PDMACHANNEL dmaChannel = nullptr;
    CMiniportWaveAc97Stream* impl = nullptr;
};

class MiniportFixture : public ::testing::Test {
  protected:
    MiniportFixture();
    ~MiniportFixture() override;

    // Creates the miniport and calls Init with the default resources.
    NTSTATUS createAndInit(const WavePciMiniportOptions& options = {});
    // NewStream with the format's KSDATAFORMAT; on success the fake port
    // stream joins the returned group (as the port's pin does). Declare the
    // OpenedStream in the test body: it must go before the fixture does.
    NTSTATUS openStream(ULONG pin, bool capture, const AudioFormat& format, OpenedStream* out,
                        bool answerPreFetchOffset = true);
    // Steps the stream from its state to `state`, one KSSTATE at a time.
    void setState(OpenedStream& s, KSSTATE state);
    void closeStream(OpenedStream& s);
    void runFor(TimeNs ns) { scheduler.runUntil(scheduler.now() + ns); }
    // Trace records of a category (and name) from the miniport.
    std::vector<TraceRecord> miniportRecords(TraceCategory category, const char* name) const;
    // The descriptor in slot `index` of the stream's BDL, read from memory.
    ac97::BufferDescriptor bdlEntry(const OpenedStream& s, ULONG index);
    ULONGLONG position(OpenedStream& s);
    std::size_t verifierRecords() const;
    // Walks the trace: every ReleaseMapping of the stream's port must come
    // after the engine completed the descriptor holding that tag. Returns the
    // number of releases checked.
    std::size_t expectReleasesAfterCompletion(const OpenedStream& s) const;

    Scheduler scheduler;
    Tracer tracer{scheduler, 1u << 16};
    Kernel kernel{scheduler, tracer};
    std::unique_ptr<ac97::Ac97Controller> controller;
    PcmRecorder dac;
    PatternSource adc;
    ComPtr<FakePortWavePci> port;
    ComPtr<IResourceList> resources;
    ComPtr<IMiniportWavePci> miniport;
};

}  // namespace ps::test
