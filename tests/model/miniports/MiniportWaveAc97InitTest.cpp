// IMiniportWavePci: Init, GetDescription, NewStream, and the stream's
// set-up-time answers (framing, format changes). DDI.md §1, §2.
#include "MiniportFixture.h"

namespace ps::test {
namespace {

class MiniportInitTest : public MiniportFixture {};

CM_PARTIAL_RESOURCE_DESCRIPTOR ioRange(ULONG length) {
    CM_PARTIAL_RESOURCE_DESCRIPTOR io;
    io.Type = CmResourceTypePort;
    io.Port.Start = 0xE000;
    io.Port.Length = length;
    return io;
}

CM_PARTIAL_RESOURCE_DESCRIPTOR interrupt() {
    CM_PARTIAL_RESOURCE_DESCRIPTOR irq;
    irq.Type = CmResourceTypeInterrupt;
    irq.Interrupt.Vector = 10;
    return irq;
}

ComPtr<IMiniportWavePci> newMiniport(Kernel& kernel) {
    PUNKNOWN unknown = nullptr;
    EXPECT_EQ(createMiniportWaveAc97(kernel, {}, &unknown), STATUS_SUCCESS);
    ComPtr<IUnknown> holder;
    holder.attach(unknown);
    return holder.queryInterface<IMiniportWavePci>(IID_IMiniportWavePci);
}

TEST_F(MiniportInitTest, AnswersTheMiniportInterfacesOnly) {
    ComPtr<IMiniportWavePci> m = newMiniport(kernel);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m.queryInterface<IMiniport>(IID_IMiniport));
    EXPECT_TRUE(m.queryInterface<IUnknown>(IID_IUnknown));
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_FALSE(m.queryInterface<IMiniportWavePciStream>(IID_IMiniportWavePciStream, &status));
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
}

TEST_F(MiniportInitTest, RefusesResourcesWithoutInterruptOrRegisters) {
    const std::vector<std::vector<CM_PARTIAL_RESOURCE_DESCRIPTOR>> lists = {
        {ioRange(ac97::kNabmLength)},  // no interrupt
        {interrupt()},                 // no I/O range
        {ioRange(0x40), interrupt()},  // too short for the NABM registers
    };
    for (const auto& entries : lists) {
        ComPtr<IMiniportWavePci> m = newMiniport(kernel);
        ComPtr<IResourceList> list = newResourceList(nullptr, entries);
        PSERVICEGROUP group = nullptr;
        EXPECT_EQ(m->Init(nullptr, list.get(), port.get(), &group),
                  STATUS_DEVICE_CONFIGURATION_ERROR);
        EXPECT_EQ(group, nullptr);
    }
    EXPECT_TRUE(port->dmaChannelCalls.empty());
    EXPECT_EQ(port->refCount(), 1u);  // nobody kept the port
}

TEST_F(MiniportInitTest, InitConnectsTheIsrAndAsksForABusMasterChannelLikeAc97) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    ASSERT_EQ(port->dmaChannelCalls.size(), 1u);
    const NewMasterDmaChannelCall& call = port->dmaChannelCalls[0];
    EXPECT_TRUE(call.ScatterGather);
    EXPECT_TRUE(call.Dma32BitAddresses);
    EXPECT_FALSE(call.Dma64BitAddresses);
    EXPECT_FALSE(call.IgnoreCount);
    EXPECT_EQ(call.DmaWidth, Width32Bits);
    EXPECT_EQ(call.MaximumLength, 0x1FFFEu);
    EXPECT_EQ(port->refCount(), 2u);  // the test's and the miniport's
    bool connected = false;
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        connected = connected || std::strcmp(r.name, "IoConnectInterrupt") == 0;
    });
    EXPECT_TRUE(connected);

    PSERVICEGROUP group = nullptr;
    EXPECT_EQ(miniport->Init(nullptr, resources.get(), port.get(), &group), STATUS_UNSUCCESSFUL);
    PCFILTER_DESCRIPTOR* description = nullptr;
    ASSERT_EQ(miniport->GetDescription(&description), STATUS_SUCCESS);
    EXPECT_EQ(miniport->DataRangeIntersection(0, nullptr, nullptr, 0, nullptr, nullptr),
              STATUS_NOT_IMPLEMENTED);
}

TEST_F(MiniportInitTest, DescribesRenderAndCapturePinsPlusBridges) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    PCFILTER_DESCRIPTOR* d = nullptr;
    ASSERT_EQ(miniport->GetDescription(&d), STATUS_SUCCESS);
    ASSERT_EQ(d->Pins.size(), 4u);
    EXPECT_EQ(d->Pins[kAc97PinWaveOut].DataFlow, KSPIN_DATAFLOW_IN);
    EXPECT_TRUE(d->Pins[kAc97PinWaveOut].streaming);
    EXPECT_EQ(d->Pins[kAc97PinWaveIn].DataFlow, KSPIN_DATAFLOW_OUT);
    EXPECT_TRUE(d->Pins[kAc97PinWaveIn].streaming);
    EXPECT_FALSE(d->Pins[kAc97PinSpeakerBridge].streaming);
    EXPECT_FALSE(d->Pins[kAc97PinLineInBridge].streaming);
    const KSDATARANGE_AUDIO& range = d->Pins[kAc97PinWaveOut].DataRanges.at(0);
    EXPECT_EQ(range.MaximumChannels, 8u);
    EXPECT_EQ(range.MinimumBitsPerSample, 8u);
    EXPECT_EQ(range.MaximumBitsPerSample, 32u);
    EXPECT_EQ(range.MinimumSampleFrequency, 8000u);
    EXPECT_EQ(range.MaximumSampleFrequency, 192000u);
    EXPECT_TRUE(range.allowFloat);
}

TEST_F(MiniportInitTest, NewStreamProgramsTheEngineAndFollowsTheReferenceRules) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    OpenedStream s;
    ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(44100, 6, 24), &s),
              STATUS_SUCCESS);
    ASSERT_NE(s.impl, nullptr);
    EXPECT_EQ(s.impl->engine(), ac97::Engine::PcmOut);
    EXPECT_EQ(s.impl->ksState(), KSSTATE_STOP);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::Reset);
    EXPECT_EQ(position(s), 0u);

    // *DmaChannel is the miniport's channel, not AddRef'd (only the miniport
    // holds it); *ServiceGroup is AddRef'd (the stream's and ours).
    ASSERT_NE(s.dmaChannel, nullptr);
    EXPECT_EQ(s.dmaChannel->AddRef(), 2u);
    s.dmaChannel->Release();
    EXPECT_EQ(s.group->AddRef(), 3u);
    s.group->Release();

    const ac97::Ac97EngineState engine = controller->state(ac97::Engine::PcmOut);
    EXPECT_EQ(engine.bdbar, s.impl->bdlPhysicalAddress());
    EXPECT_EQ(engine.psRate, 44100u);
    EXPECT_EQ(engine.format.channels, 6u);
    EXPECT_EQ(engine.format.bytesPerSample, 3u);
    EXPECT_EQ(engine.format.lengthUnitBytes, 1u);
    EXPECT_EQ(engine.cr, ac97::CR_IOCE | ac97::CR_LVBIE);
    EXPECT_EQ(s.port->preFetchOffset, 32u * 18u);  // 32 frames (AC97)
}

TEST_F(MiniportInitTest, NewStreamRefusesBadPinsBusyEnginesAndBadFormats) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    const AudioFormat cd = AudioFormat::pcm(44100, 2, 16);
    OpenedStream s;
    EXPECT_EQ(openStream(kAc97PinWaveOut, true, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(kAc97PinWaveIn, false, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(kAc97PinSpeakerBridge, false, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(kAc97PinLineInBridge, true, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(7, false, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(384000, 2, 16), &s),
              STATUS_INVALID_PARAMETER);

    ASSERT_EQ(openStream(kAc97PinWaveOut, false, cd, &s), STATUS_SUCCESS);
    OpenedStream second;
    EXPECT_EQ(openStream(kAc97PinWaveOut, false, cd, &second), STATUS_UNSUCCESSFUL);
    OpenedStream capture;
    EXPECT_EQ(openStream(kAc97PinWaveIn, true, cd, &capture), STATUS_SUCCESS);
    closeStream(s);
    EXPECT_EQ(openStream(kAc97PinWaveOut, false, cd, &second), STATUS_SUCCESS);
}

TEST_F(MiniportInitTest, WorksWithAPortWithoutPrefetchOffset) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    OpenedStream s;
    ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(48000, 2, 16), &s, false),
              STATUS_SUCCESS);
    EXPECT_EQ(s.port->preFetchOffset, 0u);
}

TEST_F(MiniportInitTest, AllocatorFramingIsTenMillisecondsOfWholeFrames) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    struct Case {
        AudioFormat format;
        ULONG frameSize;
    };
    const Case cases[] = {
        {AudioFormat::pcm(44100, 2, 16), 441 * 4},
        {AudioFormat::pcm(48000, 2, 16), 480 * 4},
        {AudioFormat::extensiblePcm(48000, 6, 24, 24), 480 * 18},
        {AudioFormat::pcm(22050, 1, 8), 220},
    };
    for (const Case& c : cases) {
        OpenedStream s;
        ASSERT_EQ(openStream(kAc97PinWaveOut, false, c.format, &s), STATUS_SUCCESS);
        KSALLOCATOR_FRAMING framing{};
        ASSERT_EQ(s.stream->GetAllocatorFraming(&framing), STATUS_SUCCESS);
        EXPECT_EQ(framing.RequirementsFlags, KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY |
                                                 KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY);
        EXPECT_EQ(framing.PoolType, static_cast<ULONG>(NonPagedPool));
        EXPECT_EQ(framing.Frames, 8u);
        EXPECT_EQ(framing.FrameSize, c.frameSize) << c.format.describe();
        EXPECT_EQ(framing.FileAlignment, FILE_LONG_ALIGNMENT);
        closeStream(s);
    }
}

TEST_F(MiniportInitTest, SetFormatOnlyWhileIdle) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    OpenedStream s;
    ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(48000, 2, 16), &s),
              STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX hiFi =
        makeKsDataFormat(AudioFormat::pcm(96000, 2, 16).toWaveFormatEx());
    KSDATAFORMAT_WAVEFORMATEX bad =
        makeKsDataFormat(AudioFormat::pcm(384000, 2, 16).toWaveFormatEx());

    EXPECT_EQ(s.stream->SetFormat(&bad.DataFormat), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(s.stream->SetFormat(&hiFi.DataFormat), STATUS_SUCCESS);
    EXPECT_EQ(controller->state(ac97::Engine::PcmOut).psRate, 96000u);
    EXPECT_EQ(s.impl->format().rateHz, 96000u);

    s.port->addPacket(patternPacket(0, 4096));
    setState(s, KSSTATE_PAUSE);
    s.stream->MappingAvailable();  // a mapping is queued: its length is in the current units
    ASSERT_EQ(s.impl->mappingRing().count(), 1u);
    EXPECT_EQ(s.stream->SetFormat(&hiFi.DataFormat), STATUS_INVALID_DEVICE_STATE);
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(s.stream->SetFormat(&hiFi.DataFormat), STATUS_INVALID_DEVICE_STATE);
    runFor(30 * kMs);
    EXPECT_EQ(s.stream->SetFormat(&hiFi.DataFormat), STATUS_INVALID_DEVICE_STATE);
    setState(s, KSSTATE_STOP);
    EXPECT_EQ(s.stream->SetFormat(&hiFi.DataFormat), STATUS_SUCCESS);
}

}  // namespace
}  // namespace ps::test
