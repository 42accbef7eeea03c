// IMiniportWaveRT on the HD Audio controller: Init, GetDescription,
// GetDeviceDescription, NewStream and the stream's interfaces (DDI.md §7,
// §9, §10.4).
#include "WaveRtFixture.h"

namespace ps::test {
namespace {

class WaveRtInitTest : public WaveRtFixture {
  protected:
    ComPtr<IMiniportWaveRT> newMiniport(const WaveRtMiniportOptions& options = {}) {
        PUNKNOWN unknown = nullptr;
        EXPECT_EQ(createMiniportWaveRtHda(kernel, options, &unknown), STATUS_SUCCESS);
        ComPtr<IUnknown> holder;
        holder.attach(unknown);
        return holder.queryInterface<IMiniportWaveRT>(IID_IMiniportWaveRT);
    }
    CM_PARTIAL_RESOURCE_DESCRIPTOR memoryRange(ULONG length) const {
        CM_PARTIAL_RESOURCE_DESCRIPTOR m;
        m.Type = CmResourceTypeMemory;
        m.Port.Start = hdaConfig.mmioBase;
        m.Port.Length = length;
        return m;
    }
    CM_PARTIAL_RESOURCE_DESCRIPTOR interrupt() const {
        CM_PARTIAL_RESOURCE_DESCRIPTOR irq;
        irq.Type = CmResourceTypeInterrupt;
        irq.Interrupt.Vector = hdaConfig.interruptVector;
        return irq;
    }
};

TEST_F(WaveRtInitTest, AnswersTheMiniportInterfacesOnly) {
    ComPtr<IMiniportWaveRT> m = newMiniport();
    ASSERT_TRUE(m);
    EXPECT_TRUE(m.queryInterface<IMiniport>(IID_IMiniport));
    EXPECT_TRUE(m.queryInterface<IUnknown>(IID_IUnknown));
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_FALSE(m.queryInterface<IMiniportWavePci>(IID_IMiniportWavePci, &status));
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
}

TEST_F(WaveRtInitTest, RefusesResourcesWithoutInterruptOrRegisters) {
    const std::vector<std::vector<CM_PARTIAL_RESOURCE_DESCRIPTOR>> lists = {
        {memoryRange(hda::kMmioLength)},    // no interrupt
        {interrupt()},                      // no memory range
        {memoryRange(0x100), interrupt()},  // too short for the stream descriptors
    };
    for (const auto& entries : lists) {
        ComPtr<IMiniportWaveRT> m = newMiniport();
        ComPtr<IResourceList> list = newResourceList(nullptr, entries);
        EXPECT_EQ(m->Init(nullptr, list.get(), port.get()), STATUS_DEVICE_CONFIGURATION_ERROR);
    }
    EXPECT_EQ(port->refCount(), 1u);     // nobody kept the port
    EXPECT_TRUE(controller->inReset());  // nothing touched the controller
}

TEST_F(WaveRtInitTest, InitResetsTheControllerReadsGcapAndEnablesInterrupts) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    EXPECT_FALSE(controller->inReset());
    EXPECT_EQ(controller->interruptControl(), hda::INTCTL_GIE | hda::INTCTL_CIE);
    EXPECT_EQ(port->refCount(), 2u);  // the test's and the miniport's
    const auto gcap = miniportRecords(TraceCategory::Register, "GCAP read");
    ASSERT_EQ(gcap.size(), 1u);
    EXPECT_EQ(gcap[0].field("InputStreams")->u, hdaConfig.inputStreams);
    EXPECT_EQ(gcap[0].field("OutputStreams")->u, hdaConfig.outputStreams);
    bool connected = false;
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        connected = connected || std::strcmp(r.name, "IoConnectInterrupt") == 0;
    });
    EXPECT_TRUE(connected);
    EXPECT_EQ(miniport->Init(nullptr, resources.get(), port.get()), STATUS_UNSUCCESSFUL);
}

TEST_F(WaveRtInitTest, FilterHasARenderAndACapturePinWithPcmRanges) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    PCFILTER_DESCRIPTOR* description = nullptr;
    ASSERT_EQ(miniport->GetDescription(&description), STATUS_SUCCESS);
    ASSERT_EQ(description->Pins.size(), 2u);
    const PCPIN_DESCRIPTOR& render = description->Pins[kHdaRtPinRender];
    const PCPIN_DESCRIPTOR& capture = description->Pins[kHdaRtPinCapture];
    EXPECT_EQ(render.DataFlow, KSPIN_DATAFLOW_IN);
    EXPECT_EQ(capture.DataFlow, KSPIN_DATAFLOW_OUT);
    EXPECT_EQ(render.MaxInstanceCount, hdaConfig.outputStreams);
    EXPECT_EQ(capture.MaxInstanceCount, hdaConfig.inputStreams);
    for (const PCPIN_DESCRIPTOR* pin : {&render, &capture}) {
        ASSERT_EQ(pin->DataRanges.size(), 1u);
        EXPECT_EQ(pin->DataRanges[0].MaximumChannels, 8u);
        EXPECT_EQ(pin->DataRanges[0].MinimumBitsPerSample, 8u);
        EXPECT_EQ(pin->DataRanges[0].MaximumBitsPerSample, 32u);
        EXPECT_EQ(pin->DataRanges[0].MinimumSampleFrequency, 8000u);
        EXPECT_EQ(pin->DataRanges[0].MaximumSampleFrequency, 192000u);
        EXPECT_FALSE(pin->DataRanges[0].allowFloat);
    }
}

TEST_F(WaveRtInitTest, DeviceDescriptionIsAScatterGatherBusMasterLikeSysvad) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    DEVICE_DESCRIPTION d;
    d.DmaChannel = 7;  // zeroed by the miniport
    ASSERT_EQ(miniport->GetDeviceDescription(&d), STATUS_SUCCESS);
    EXPECT_TRUE(d.Master);
    EXPECT_TRUE(d.ScatterGather);
    EXPECT_TRUE(d.Dma32BitAddresses);
    EXPECT_TRUE(d.Dma64BitAddresses);  // the model's GCAP sets 64OK
    EXPECT_EQ(d.InterfaceType, PCIBus);
    EXPECT_EQ(d.MaximumLength, 0xFFFFFFFFu);
    EXPECT_EQ(d.DmaChannel, 0u);
    EXPECT_EQ(miniport->GetDeviceDescription(nullptr), STATUS_INVALID_PARAMETER);
}

TEST_F(WaveRtInitTest, NewStreamChecksPinDirectionAndFormat) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    const AudioFormat cd = AudioFormat::pcm(44100, 2, 16);
    WaveRtOpenedStream s;
    EXPECT_EQ(openStream(kHdaRtPinRender, true, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(kHdaRtPinCapture, false, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(2, false, cd, &s), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(openStream(kHdaRtPinRender, false, AudioFormat::ieeeFloat(48000, 2), &s),
              STATUS_NO_MATCH);
    EXPECT_EQ(openStream(kHdaRtPinRender, false, AudioFormat::pcm(12345, 2, 16), &s),
              STATUS_NO_MATCH);
    PMINIPORTWAVERTSTREAM stream = nullptr;
    EXPECT_EQ(miniport->NewStream(&stream, nullptr, 0, FALSE, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(miniport->NewStream(nullptr, nullptr, 0, FALSE, nullptr), STATUS_INVALID_PARAMETER);
}

TEST_F(WaveRtInitTest, NewStreamBeforeInitIsNotReady) {
    miniport = newMiniport();
    WaveRtOpenedStream s;
    EXPECT_EQ(openStream(kHdaRtPinRender, false, AudioFormat::pcm(48000, 2, 16), &s),
              STATUS_DEVICE_NOT_READY);
}

TEST_F(WaveRtInitTest, StreamAnswersBothStreamInterfacesAndProgramsItsDescriptor) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    WaveRtOpenedStream s;
    ASSERT_EQ(openStream(kHdaRtPinRender, false, AudioFormat::pcm(44100, 2, 16), &s),
              STATUS_SUCCESS);
    EXPECT_TRUE(s.notification);
    EXPECT_TRUE(s.stream.queryInterface<IUnknown>(IID_IUnknown));
    EXPECT_FALSE(s.stream.queryInterface<IMiniportWavePciStream>(IID_IMiniportWavePciStream));
    // The first output descriptor (inputs come first), tag 1, SDnFMT set.
    EXPECT_EQ(s.impl->descriptorIndex(), controller->streamIndexOfOutput(0));
    EXPECT_EQ(s.impl->streamTag(), 1u);
    const hda::HdaStreamState hw = hwState(s);
    EXPECT_EQ(hw.streamTag, 1u);
    EXPECT_TRUE(hw.formatValid);
    EXPECT_EQ(hw.rateHz, 44100u);
    EXPECT_EQ(hw.bytesPerFrame, 4u);
    EXPECT_FALSE(hw.running);
    EXPECT_EQ(hw.lpib, 0u);
    EXPECT_NE(controller->interruptControl() & hda::streamBit(s.impl->descriptorIndex()), 0u);
    EXPECT_EQ(s.impl->ksState(), KSSTATE_STOP);
    EXPECT_EQ(s.impl->bufferBytes(), 0u);
    closeStream(s);
    // Closing gives the SIE bit back.
    EXPECT_EQ(controller->interruptControl(), hda::INTCTL_GIE | hda::INTCTL_CIE);
}

TEST_F(WaveRtInitTest, EachStreamGetsItsOwnDescriptorAndTagUntilTheyRunOut) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    const AudioFormat f = AudioFormat::pcm(48000, 2, 16);
    std::vector<WaveRtOpenedStream> render(hdaConfig.outputStreams);
    for (unsigned k = 0; k < hdaConfig.outputStreams; ++k) {
        ASSERT_EQ(openStream(kHdaRtPinRender, false, f, &render[k]), STATUS_SUCCESS);
        EXPECT_EQ(render[k].impl->descriptorIndex(), controller->streamIndexOfOutput(k));
        EXPECT_EQ(render[k].impl->streamTag(), k + 1);
    }
    WaveRtOpenedStream extra;
    EXPECT_EQ(openStream(kHdaRtPinRender, false, f, &extra), STATUS_INSUFFICIENT_RESOURCES);
    // Capture tags are a separate namespace: the first capture stream is tag 1 too.
    WaveRtOpenedStream capture;
    ASSERT_EQ(openStream(kHdaRtPinCapture, true, f, &capture), STATUS_SUCCESS);
    EXPECT_EQ(capture.impl->descriptorIndex(), controller->streamIndexOfInput(0));
    EXPECT_EQ(capture.impl->streamTag(), 1u);
    // A closed stream's descriptor and tag are reused.
    closeStream(render[1]);
    ASSERT_EQ(openStream(kHdaRtPinRender, false, f, &extra), STATUS_SUCCESS);
    EXPECT_EQ(extra.impl->descriptorIndex(), controller->streamIndexOfOutput(1));
    EXPECT_EQ(extra.impl->streamTag(), 2u);
}

}  // namespace
}  // namespace ps::test
