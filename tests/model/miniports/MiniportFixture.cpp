#include "MiniportFixture.h"

#include "model/ks/KsState.h"
#include "model/miniports/Ac97StreamFormat.h"

#include <algorithm>
#include <map>
#include <set>

namespace ps::test {

std::uint8_t patternByte(std::size_t packet, std::size_t index) {
    std::uint32_t x = static_cast<std::uint32_t>(packet * 0x9E3779B9u + index * 0x85EBCA6Bu);
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return static_cast<std::uint8_t>(x);
}

std::vector<std::uint8_t> patternPacket(std::size_t packet, std::size_t bytes) {
    std::vector<std::uint8_t> out(bytes);
    for (std::size_t i = 0; i < bytes; ++i) {
        out[i] = patternByte(packet, i);
    }
    return out;
}

void PatternSource::produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                            std::uint32_t bytesPerFrame) {
    const std::size_t first = static_cast<std::size_t>(firstFrame) * bytesPerFrame;
    for (std::size_t i = 0; i < frameCount * bytesPerFrame; ++i) {
        out[i] = patternByte(1000, first + i);
    }
}

MiniportFixture::MiniportFixture() {
    controller = std::make_unique<ac97::Ac97Controller>(kernel, ac97::Ac97Config{});
    controller->setSink(ac97::Engine::PcmOut, &dac);
    controller->setSource(ac97::Engine::PcmIn, &adc);
    port = newComObject<FakePortWavePci>(kernel);

    CM_PARTIAL_RESOURCE_DESCRIPTOR io;
    io.Type = CmResourceTypePort;
    io.Port.Start = 0xE000;
    io.Port.Length = ac97::kNabmLength;
    CM_PARTIAL_RESOURCE_DESCRIPTOR irq;
    irq.Type = CmResourceTypeInterrupt;
    irq.Interrupt.Vector = 10;
    irq.Interrupt.Level = 6;
    resources = newResourceList(nullptr, {io, irq});
}

MiniportFixture::~MiniportFixture() {
    // Streams (test locals) are gone by now; they held the miniport alive.
    miniport = nullptr;
    controller->setSink(ac97::Engine::PcmOut, nullptr);
    controller->setSource(ac97::Engine::PcmIn, nullptr);
}

NTSTATUS MiniportFixture::createAndInit(const WavePciMiniportOptions& options) {
    PUNKNOWN unknown = nullptr;
    NTSTATUS status = createMiniportWaveAc97(kernel, options, &unknown);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ComPtr<IUnknown> holder;
    holder.attach(unknown);
    miniport = holder.queryInterface<IMiniportWavePci>(IID_IMiniportWavePci, &status);
    if (!miniport) {
        return status;
    }
    PSERVICEGROUP group = nullptr;
    status = miniport->Init(nullptr, resources.get(), port.get(), &group);
    EXPECT_EQ(group, nullptr);
    return status;
}

NTSTATUS MiniportFixture::openStream(ULONG pin, bool capture, const AudioFormat& format,
                                     OpenedStream* out, bool answerPreFetchOffset) {
    out->port = newComObject<FakePortWavePciStream>(kernel, answerPreFetchOffset);
    // The port hands the miniport the KSDATAFORMAT structure itself.
    KSDATAFORMAT_WAVEFORMATEX plain =
        format.extensible ? KSDATAFORMAT_WAVEFORMATEX{} : makeKsDataFormat(format.toWaveFormatEx());
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE ext = format.extensible
                                                ? makeKsDataFormat(format.toWaveFormatExtensible())
                                                : KSDATAFORMAT_WAVEFORMATEXTENSIBLE{};
    PKSDATAFORMAT dataFormat = format.extensible ? &ext.DataFormat : &plain.DataFormat;

    PMINIPORTWAVEPCISTREAM stream = nullptr;
    PSERVICEGROUP group = nullptr;
    const NTSTATUS status = miniport->NewStream(&stream, nullptr, NonPagedPool, out->port.get(),
                                                pin, capture, dataFormat, &out->dmaChannel, &group);
    if (!NT_SUCCESS(status)) {
        EXPECT_EQ(stream, nullptr);
        EXPECT_EQ(group, nullptr);
        EXPECT_EQ(out->dmaChannel, nullptr);
        out->port = nullptr;
        return status;
    }
    out->stream.attach(stream);
    out->group.attach(group);
    out->impl = dynamic_cast<CMiniportWaveAc97Stream*>(stream);
    out->port->setStream(stream);
    group->AddMember(out->port.get());
    return status;
}

void MiniportFixture::setState(OpenedStream& s, KSSTATE state) {
    for (KSSTATE step : ksStatePath(s.impl->ksState(), state)) {
        // The pin sink services the stream only in RUN.
        s.port->setRunning(step == KSSTATE_RUN);
        ASSERT_EQ(s.stream->SetState(step), STATUS_SUCCESS);
    }
}

void MiniportFixture::closeStream(OpenedStream& s) {
    if (!s.stream) {
        return;
    }
    s.port->setRunning(false);
    s.group->RemoveMember(s.port.get());
    s.port->setStream(nullptr);
    s.stream = nullptr;
    s.group = nullptr;
    s.impl = nullptr;
    s.port = nullptr;
}

std::vector<TraceRecord> MiniportFixture::miniportRecords(TraceCategory category,
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

ac97::BufferDescriptor MiniportFixture::bdlEntry(const OpenedStream& s, ULONG index) {
    const PHYSICAL_ADDRESS entry = s.impl->bdlPhysicalAddress() + index * ac97::kBdlEntryBytes;
    return ac97::decodeDescriptor(*kernel.memory().readU32(entry),
                                  *kernel.memory().readU32(entry + 4),
                                  ac97LengthUnitBytes(s.impl->format()));
}

ULONGLONG MiniportFixture::position(OpenedStream& s) {
    ULONGLONG p = ~0ull;
    EXPECT_EQ(s.stream->GetPosition(&p), STATUS_SUCCESS);
    return p;
}

std::size_t MiniportFixture::verifierRecords() const {
    std::size_t n = 0;
    tracer.ring().forEachFrom(
        0, [&](const TraceRecord& r) { n += r.category == TraceCategory::Verifier ? 1 : 0; });
    return n;
}

std::size_t MiniportFixture::expectReleasesAfterCompletion(const OpenedStream& s) const {
    const char* engine = ac97::engineName(s.impl->engine());
    std::map<std::uint64_t, std::uint64_t> slotTag;
    std::set<std::uint64_t> completed;
    std::size_t checked = 0;
    EXPECT_EQ(tracer.ring().firstIndex(), 0u) << "the trace ring overflowed: run shorter";
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        const TraceField* e = r.field("Engine");
        const bool ours = e != nullptr && std::strcmp(e->text, engine) == 0;
        if (ours && std::strcmp(r.source, "miniport") == 0 &&
            std::strcmp(r.name, "BDL entry filled") == 0) {
            slotTag[r.field("Index")->u] = r.field("Tag")->u;
        } else if (ours && std::strcmp(r.name, "descriptor complete") == 0) {
            completed.insert(slotTag[r.field("Index")->u]);
        } else if (std::strcmp(r.source, "fake port") == 0 &&
                   std::strcmp(r.name, "ReleaseMapping") == 0) {
            EXPECT_TRUE(completed.count(r.field("Tag")->u) != 0)
                << "tag " << r.field("Tag")->u << " released before its descriptor completed";
            ++checked;
        }
    });
    return checked;
}

}  // namespace ps::test
