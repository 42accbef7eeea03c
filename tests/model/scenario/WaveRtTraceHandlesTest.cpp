// Host objects a WaveRT pin passes by pointer (MDLs, notification events)
// appear in the trace as small per-pin handles, so that two runs of the same
// scenario produce the same trace.
#include "WavePciHarness.h"

#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/scenario/WaveRtSystem.h"

namespace ps {
namespace {

std::vector<TraceRecord> runAndLogDdiCalls(std::string* digest) {
    WaveRtSystem system;
    DdiLog ddi(system.tracer());
    WhiteNoiseSource noise(5, 0.5);
    ComPtr<CPortPinWaveRT> pin;
    EXPECT_EQ(system.start(), STATUS_SUCCESS);
    EXPECT_EQ(system.openPin(0, AudioFormat::pcm(48000, 2, 16), 1, &pin), STATUS_SUCCESS);
    WaveRtClientConfig config;
    config.streamId = 1;
    auto client = std::make_unique<WaveRtClient>(system.kernel(), *pin, config, &noise);
    EXPECT_EQ(client->start(), STATUS_SUCCESS);
    system.scheduler().runUntil(msToNs(50));
    client->stop();
    client->close();
    client.reset();
    pin->close();
    *digest = system.digest().hex();
    return ddi.records;
}

TEST(WaveRtTraceHandles, MdlsAndEventsAreTracedAsStableHandles) {
    std::string digest;
    const auto records = runAndLogDdiCalls(&digest);
    std::map<std::string, std::vector<std::uint64_t>> values;
    for (const TraceRecord& r : records) {
        for (const char* name : {"Mdl", "AudioBufferMdl", "NotificationEvent"}) {
            if (const TraceField* f = r.field(name)) {
                values[std::string(r.name) + " " + name].push_back(f->u);
            }
        }
    }
    // The miniport allocates the audio buffer, then the BDL (contiguous),
    // which it maps; both go back to the pin. Each keeps one handle
    // throughout, and the two differ.
    using Handles = std::vector<std::uint64_t>;
    const Handles buffer = values["IPortWaveRTStream::AllocatePagesForMdl Mdl"];
    const Handles bdl = values["IPortWaveRTStream::AllocateContiguousPagesForMdl Mdl"];
    ASSERT_EQ(buffer.size(), 1u);
    ASSERT_EQ(bdl.size(), 1u);
    EXPECT_NE(buffer.front(), bdl.front());
    EXPECT_NE(buffer.front(), 0u);
    EXPECT_EQ(values["IPortWaveRTStream::MapAllocatedPages Mdl"], bdl);
    EXPECT_EQ(values["IPortWaveRTStream::UnmapAllocatedPages Mdl"], bdl);
    auto freed = values["IPortWaveRTStream::FreePagesFromMdl Mdl"];
    std::sort(freed.begin(), freed.end());
    Handles both{buffer.front(), bdl.front()};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(freed, both);
    EXPECT_EQ(values["IMiniportWaveRTStreamNotification::FreeBufferWithNotification "
                     "AudioBufferMdl"],
              buffer);
    // The client's event keeps its handle from registration to unregistration.
    const auto& registered =
        values["IMiniportWaveRTStreamNotification::RegisterNotificationEvent NotificationEvent"];
    const auto& unregistered = values
        ["IMiniportWaveRTStreamNotification::UnregisterNotificationEvent "
         "NotificationEvent"];
    ASSERT_EQ(registered.size(), 1u);
    EXPECT_EQ(registered, unregistered);
    EXPECT_NE(registered.front(), 0u);
}

TEST(WaveRtTraceHandles, TwoRunsHaveTheSameTraceDigest) {
    std::string first;
    std::string second;
    runAndLogDdiCalls(&first);
    // Allocations in between move the heap: host addresses would differ.
    std::vector<std::unique_ptr<char[]>> filler;
    for (int i = 0; i < 100; ++i) {
        filler.push_back(std::make_unique<char[]>(1000 + i * 37));
    }
    runAndLogDdiCalls(&second);
    EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace ps
