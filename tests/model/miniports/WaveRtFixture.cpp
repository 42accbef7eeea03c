#include "WaveRtFixture.h"

#include "model/ks/KsState.h"

namespace ps::test {

std::uint8_t waveRtPatternByte(std::size_t seed, std::size_t index) {
    std::uint32_t x = static_cast<std::uint32_t>(seed * 0x9E3779B9u + index * 0x85EBCA6Bu);
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return static_cast<std::uint8_t>(x);
}

void WaveRtPcmRecorder::onFrames(const PcmBlock& block) {
    if (block.underrun) {
        underrunFrames += block.frameCount;
        return;
    }
    if (bytes.empty()) {
        firstFrameTimeNs = block.firstFrameTimeNs;
    }
    bytes.insert(bytes.end(), block.bytes, block.bytes + block.frameCount * block.bytesPerFrame);
}

void WaveRtPatternSource::produce(std::int64_t firstFrame, std::uint8_t* out,
                                  std::size_t frameCount, std::uint32_t bytesPerFrame) {
    const std::size_t first = static_cast<std::size_t>(firstFrame) * bytesPerFrame;
    for (std::size_t i = 0; i < frameCount * bytesPerFrame; ++i) {
        out[i] = waveRtPatternByte(7, first + i);
    }
}

WaveRtDataFormat::WaveRtDataFormat(const AudioFormat& format) : extensible(format.extensible) {
    if (extensible) {
        ext = makeKsDataFormat(format.toWaveFormatExtensible());
    } else {
        plain = makeKsDataFormat(format.toWaveFormatEx());
    }
}

KernelConfig WaveRtFixture::kernelConfig() {
    KernelConfig config;
    config.memory.frameCount = 8192;  // 32 MiB: room for a 12 MB contiguous buffer
    return config;
}

WaveRtFixture::WaveRtFixture() {
    controller = std::make_unique<hda::HdaController>(kernel, hdaConfig);
    for (unsigned n = 0; n < controller->streamCount(); ++n) {
        dacs.push_back(std::make_unique<WaveRtPcmRecorder>());
        if (controller->isOutputStream(n)) {
            controller->setSink(n, dacs.back().get());
        } else {
            controller->setSource(n, &adc);
        }
    }
    port = newComObject<FakePortWaveRT>();

    CM_PARTIAL_RESOURCE_DESCRIPTOR memory;
    memory.Type = CmResourceTypeMemory;
    memory.Port.Start = hdaConfig.mmioBase;
    memory.Port.Length = hda::kMmioLength;
    CM_PARTIAL_RESOURCE_DESCRIPTOR irq;
    irq.Type = CmResourceTypeInterrupt;
    irq.Interrupt.Vector = hdaConfig.interruptVector;
    irq.Interrupt.Level = 6;
    resources = newResourceList(nullptr, {memory, irq});
}

WaveRtFixture::~WaveRtFixture() {
    // Streams (test locals) are gone by now; they held the miniport alive.
    miniport = nullptr;
    for (unsigned n = 0; n < controller->streamCount(); ++n) {
        if (controller->isOutputStream(n)) {
            controller->setSink(n, nullptr);
        } else {
            controller->setSource(n, nullptr);
        }
    }
}

NTSTATUS WaveRtFixture::createAndInit(const WaveRtMiniportOptions& options) {
    PUNKNOWN unknown = nullptr;
    NTSTATUS status = createMiniportWaveRtHda(kernel, options, &unknown);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ComPtr<IUnknown> holder;
    holder.attach(unknown);
    miniport = holder.queryInterface<IMiniportWaveRT>(IID_IMiniportWaveRT, &status);
    if (!miniport) {
        return status;
    }
    return miniport->Init(nullptr, resources.get(), port.get());
}

NTSTATUS WaveRtFixture::openStream(ULONG pin, bool capture, const AudioFormat& format,
                                   WaveRtOpenedStream* out) {
    out->port = newComObject<FakePortWaveRTStream>(kernel);
    WaveRtDataFormat dataFormat(format);
    PMINIPORTWAVERTSTREAM stream = nullptr;
    const NTSTATUS status =
        miniport->NewStream(&stream, out->port.get(), pin, capture, dataFormat.get());
    if (!NT_SUCCESS(status)) {
        EXPECT_EQ(stream, nullptr);
        out->port = nullptr;
        return status;
    }
    out->stream.attach(stream);
    out->notification = out->stream.queryInterface<IMiniportWaveRTStreamNotification>(
        IID_IMiniportWaveRTStreamNotification);
    out->impl = dynamic_cast<CMiniportWaveRtHdaStream*>(stream);
    return status;
}

NTSTATUS WaveRtFixture::allocate(WaveRtOpenedStream& s, ULONG requestedBytes,
                                 ULONG notificationCount) {
    PMDL mdl = nullptr;
    ULONG actual = 0;
    ULONG offset = 0;
    MEMORY_CACHING_TYPE cache = MmCached;
    const NTSTATUS status =
        notificationCount > 0
            ? s.notification->AllocateBufferWithNotification(notificationCount, requestedBytes,
                                                             &mdl, &actual, &offset, &cache)
            : s.stream->AllocateAudioBuffer(requestedBytes, &mdl, &actual, &offset, &cache);
    if (!NT_SUCCESS(status)) {
        EXPECT_EQ(mdl, nullptr);
        return status;
    }
    EXPECT_EQ(offset, 0u);
    EXPECT_EQ(cache, MmWriteCombined);
    EXPECT_TRUE(s.port->owns(mdl));
    s.mdl = mdl;
    s.actualSize = actual;
    s.withNotification = notificationCount > 0;
    // The port maps the buffer for the client (its own view of the pages).
    s.clientVa = kernel.systemSpace().map(mdl->pages).value_or(0);
    EXPECT_NE(s.clientVa, 0u);
    return status;
}

void WaveRtFixture::freeBuffer(WaveRtOpenedStream& s) {
    if (s.mdl == nullptr) {
        return;
    }
    kernel.systemSpace().unmap(s.clientVa);
    if (s.withNotification) {
        s.notification->FreeBufferWithNotification(s.mdl, s.actualSize);
    } else {
        s.stream->FreeAudioBuffer(s.mdl, s.actualSize);
    }
    s.mdl = nullptr;
    s.actualSize = 0;
    s.clientVa = 0;
}

void WaveRtFixture::setState(WaveRtOpenedStream& s, KSSTATE state) {
    for (KSSTATE step : ksStatePath(s.impl->ksState(), state)) {
        ASSERT_EQ(s.stream->SetState(step), STATUS_SUCCESS) << ksStateName(step);
    }
}

void WaveRtFixture::closeStream(WaveRtOpenedStream& s) {
    if (!s.stream) {
        return;
    }
    setState(s, KSSTATE_STOP);
    freeBuffer(s);
    s.notification = nullptr;
    s.stream = nullptr;
    s.impl = nullptr;
    EXPECT_EQ(s.port->outstandingMdls(), 0u);
    s.port = nullptr;
}

KSAUDIO_POSITION WaveRtFixture::position(WaveRtOpenedStream& s) {
    KSAUDIO_POSITION p{~0ull, ~0ull};
    EXPECT_EQ(s.stream->GetPosition(&p), STATUS_SUCCESS);
    return p;
}

std::uint32_t WaveRtFixture::readStreamRegister32(const WaveRtOpenedStream& s,
                                                  std::uint32_t offset) {
    return kernel.mmioSpace().READ_REGISTER_ULONG(
        controller->streamRegisterAddress(s.impl->descriptorIndex(), offset));
}

std::vector<hda::BdlEntry> WaveRtFixture::bdlInMemory(WaveRtOpenedStream& s) {
    const unsigned n = s.impl->descriptorIndex();
    IoSpace& mmio = kernel.mmioSpace();
    const std::uint64_t base =
        mmio.READ_REGISTER_ULONG(controller->streamRegisterAddress(n, hda::SD_BDPL)) |
        (std::uint64_t{mmio.READ_REGISTER_ULONG(controller->streamRegisterAddress(n, hda::SD_BDPU))}
         << 32);
    const unsigned entries =
        (mmio.READ_REGISTER_USHORT(controller->streamRegisterAddress(n, hda::SD_LVI)) &
         hda::kLviMask) +
        1u;
    std::vector<hda::BdlEntry> out;
    for (unsigned i = 0; i < entries; ++i) {
        std::uint8_t bytes[hda::kBdlEntryBytes] = {};
        EXPECT_TRUE(kernel.memory().read(base + i * hda::kBdlEntryBytes, bytes, sizeof bytes).ok());
        out.push_back(hda::decodeBdlEntry(bytes));
    }
    return out;
}

hda::HdaStreamState WaveRtFixture::hwState(const WaveRtOpenedStream& s) {
    controller->syncAll();
    return controller->state(s.impl->descriptorIndex());
}

void WaveRtFixture::fillBuffer(WaveRtOpenedStream& s, std::size_t seed) {
    std::vector<std::uint8_t> bytes(s.actualSize);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        bytes[i] = waveRtPatternByte(seed, i);
    }
    ASSERT_TRUE(kernel.systemSpace().write(s.clientVa, bytes.data(), bytes.size()).ok());
}

std::vector<std::uint8_t> WaveRtFixture::readBuffer(WaveRtOpenedStream& s) {
    std::vector<std::uint8_t> bytes(s.actualSize);
    EXPECT_TRUE(kernel.systemSpace().read(s.clientVa, bytes.data(), bytes.size()).ok());
    return bytes;
}

WaveRtPcmRecorder& WaveRtFixture::dacOf(const WaveRtOpenedStream& s) {
    return *dacs.at(s.impl->descriptorIndex());
}

std::vector<TraceRecord> WaveRtFixture::miniportRecords(TraceCategory category,
                                                        const char* name) const {
    std::vector<TraceRecord> out;
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        if (r.category == category && std::strcmp(r.source, "miniport") == 0 &&
            (name == nullptr || std::strcmp(r.name, name) == 0)) {
            out.push_back(r);
        }
    });
    return out;
}

}  // namespace ps::test
