// The machine the HD Audio WaveRT miniport tests run on: scheduler, tracer,
// kernel (32 MiB of memory), the HD Audio controller at its default MMIO base
// and vector with a recorder on every output descriptor and a pattern source
// on every input descriptor, a resource list describing it, the fake port,
// and the miniport under test. Helpers open streams the way the WaveRT port
// does (NewStream, QueryInterface for the notification interface, allocate,
// map the buffer for the client, register events, step the KS states) and
// read the BDL back from memory.
#pragma once

#include "WaveRtFakePort.h"

#include "model/hw/PcmEndpoints.h"
#include "model/hw/hda/HdaController.h"
#include "model/ks/KsDataFormat.h"
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/miniports/MiniportWaveRtHdaStream.h"
#include "model/portcls/ResourceList.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

namespace ps::test {

// Keeps every frame a DAC played, with the time of each block's first frame;
// underrun filler separately.
class WaveRtPcmRecorder : public PcmSink {
  public:
    void onFrames(const PcmBlock& block) override;
    std::vector<std::uint8_t> bytes;
    std::uint64_t underrunFrames = 0;
    TimeNs firstFrameTimeNs = -1;
};

// Produces byte i of the capture stream as waveRtPatternByte(7, i).
class WaveRtPatternSource : public PcmSource {
  public:
    void produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                 std::uint32_t bytesPerFrame) override;
};

// Recognisable content: seed, byte i.
std::uint8_t waveRtPatternByte(std::size_t seed, std::size_t index);

constexpr TimeNs kRtMs = 1'000'000;

struct WaveRtOpenedStream {
    ComPtr<FakePortWaveRTStream> port;
    ComPtr<IMiniportWaveRTStream> stream;
    ComPtr<IMiniportWaveRTStreamNotification> notification;
    CMiniportWaveRtHdaStream* impl = nullptr;
    // After allocate():
    PMDL mdl = nullptr;
    ULONG actualSize = 0;
    std::uint64_t clientVa = 0;  // the buffer mapped at a system VA, as the port maps it
    bool withNotification = false;
};

class WaveRtFixture : public ::testing::Test {
  protected:
    WaveRtFixture();
    ~WaveRtFixture() override;

    // Creates the miniport and calls Init with the default resources.
    NTSTATUS createAndInit(const WaveRtMiniportOptions& options = {});
    // NewStream with the format's KSDATAFORMAT, then QI for the notification
    // interface. Declare the WaveRtOpenedStream in the test body.
    NTSTATUS openStream(ULONG pin, bool capture, const AudioFormat& format,
                        WaveRtOpenedStream* out);
    // AllocateBufferWithNotification (notificationCount > 0) or
    // AllocateAudioBuffer (0); maps the buffer for the client on success.
    NTSTATUS allocate(WaveRtOpenedStream& s, ULONG requestedBytes, ULONG notificationCount);
    // Unmaps the client view and calls the matching Free*.
    void freeBuffer(WaveRtOpenedStream& s);
    // Steps the stream from its state to `state`, one KSSTATE at a time.
    void setState(WaveRtOpenedStream& s, KSSTATE state);
    // The port's close: step down to STOP, free the buffer, release.
    void closeStream(WaveRtOpenedStream& s);
    void runFor(TimeNs ns) { scheduler.runUntil(scheduler.now() + ns); }

    KSAUDIO_POSITION position(WaveRtOpenedStream& s);
    // The stream's BDL entries as they are in memory (SDnBDPL/BDPU, SDnLVI).
    std::vector<hda::BdlEntry> bdlInMemory(WaveRtOpenedStream& s);
    hda::HdaStreamState hwState(const WaveRtOpenedStream& s);
    std::uint32_t readStreamRegister32(const WaveRtOpenedStream& s, std::uint32_t offset);
    // Fills the client's view of the buffer with waveRtPatternByte(seed, i).
    void fillBuffer(WaveRtOpenedStream& s, std::size_t seed);
    std::vector<std::uint8_t> readBuffer(WaveRtOpenedStream& s);
    WaveRtPcmRecorder& dacOf(const WaveRtOpenedStream& s);
    // Trace records of a category (and name) from the miniport.
    std::vector<TraceRecord> miniportRecords(TraceCategory category, const char* name) const;

    Scheduler scheduler;
    Tracer tracer{scheduler, 1u << 16};
    Kernel kernel{scheduler, tracer, kernelConfig()};
    hda::HdaConfig hdaConfig;
    std::unique_ptr<hda::HdaController> controller;
    std::vector<std::unique_ptr<WaveRtPcmRecorder>> dacs;  // by descriptor index
    WaveRtPatternSource adc;
    ComPtr<FakePortWaveRT> port;
    ComPtr<IResourceList> resources;
    ComPtr<IMiniportWaveRT> miniport;

  private:
    static KernelConfig kernelConfig();
};

// The KSDATAFORMAT bytes a port hands to NewStream / SetFormat.
struct WaveRtDataFormat {
    explicit WaveRtDataFormat(const AudioFormat& format);
    PKSDATAFORMAT get() { return extensible ? &ext.DataFormat : &plain.DataFormat; }
    bool extensible;
    KSDATAFORMAT_WAVEFORMATEX plain{};
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE ext{};
};

}  // namespace ps::test
