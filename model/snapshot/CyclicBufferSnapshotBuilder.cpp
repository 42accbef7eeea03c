#include "model/miniports/MiniportWaveRtHdaStream.h"
#include "model/snapshot/SnapshotBuilder.h"

namespace ps {
namespace {

void copyLayout(const CMiniportWaveRtHdaStream& stream, CyclicBufferSnapshot& out) {
    out.contiguous = stream.bufferIsContiguous();
    std::uint32_t offset = 0;
    for (const hda::BdlEntry& e : stream.bdlEntries()) {
        if (out.bdl.size() == kSnapshotBdlEntries) {
            break;
        }
        out.bdl.push_back(CyclicBdlEntrySnapshot{offset, e.address, e.lengthBytes, e.ioc});
        offset += e.lengthBytes;
        // The controller interrupts when an IOC entry completes: its end is
        // where the client's event is set.
        if (e.ioc) {
            out.notificationOffsets.push_back(offset);
        }
    }
}

void copyPages(const MDL& mdl, CyclicBufferSnapshot& out) {
    for (std::size_t i = 0; i < mdl.pages.size() && i < kSnapshotBufferPages; ++i) {
        const std::uint64_t start = i * PAGE_SIZE;
        const std::uint32_t offset =
            i == 0 ? 0u : static_cast<std::uint32_t>(start - mdl.ByteOffset);
        if (offset >= out.bufferBytes && i > 0) {
            break;
        }
        out.pages.push_back(
            CyclicPageSnapshot{offset, (static_cast<std::uint64_t>(mdl.pages[i]) << PAGE_SHIFT) +
                                           (i == 0 ? mdl.ByteOffset : 0u)});
    }
}

void copyDevice(const hda::HdaStreamState& s, CyclicBufferSnapshot& out) {
    out.running = s.running;
    out.lpibBytes = s.lpib;
    out.playOffsetBytes = s.linkPositionBytes;
    out.fifoLevelBytes = s.fifoLevelBytes;
    out.fifoCapacityBytes = s.fifoCapacityBytes;
    out.currentEntry = s.currentEntry;
    out.underrunFrames = s.underrunFrames;
    if (s.output) {
        out.fetchPositionBytes = s.bytesFetched;
        out.playPositionBytes =
            s.bytesFetched > s.fifoLevelBytes ? s.bytesFetched - s.fifoLevelBytes : 0;
    } else {
        out.fetchPositionBytes = s.bytesStored;
        out.playPositionBytes = s.bytesStored + s.fifoLevelBytes;
    }
}

void copyHardwareGlitches(const std::deque<hda::HdaGlitchMark>& marks, CyclicBufferSnapshot& out) {
    const std::size_t first =
        marks.size() > kSnapshotUnderruns ? marks.size() - kSnapshotUnderruns : 0;
    for (std::size_t i = first; i < marks.size(); ++i) {
        const hda::HdaGlitchMark& m = marks[i];
        out.hardwareGlitches.push_back(
            CyclicHardwareGlitchSnapshot{m.atNs, m.underrun, m.lpib, m.frames});
    }
}

void copyClient(const WaveRtClient& client, CyclicBufferSnapshot& out) {
    out.eventMode = client.streamingMode() == WaveRtStreamingMode::Event;
    out.clientPositionBytes = client.clientPositionBytes();
    out.observedPositionBytes = client.devicePositionBytes();
    if (out.bufferBytes != 0) {
        out.clientOffsetBytes =
            static_cast<std::uint32_t>(out.clientPositionBytes % out.bufferBytes);
    }
    const auto signedBytes = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
    out.paddingBytes =
        out.capture ? signedBytes(out.fetchPositionBytes) - signedBytes(out.clientPositionBytes)
                    : signedBytes(out.clientPositionBytes) - signedBytes(out.playPositionBytes);
    const auto& glitches = client.glitches();
    out.clientGlitches = client.counters().underruns + client.counters().overflows;
    const std::size_t first =
        glitches.size() > kSnapshotUnderruns ? glitches.size() - kSnapshotUnderruns : 0;
    for (std::size_t i = first; i < glitches.size(); ++i) {
        const WaveRtGlitch& g = glitches[i];
        CyclicUnderrunSnapshot u;
        u.atNs = g.atNs;
        u.runIndex = g.runIndex;
        u.devicePositionBytes = g.devicePositionBytes;
        u.offsetBytes = out.bufferBytes != 0
                            ? static_cast<std::uint32_t>(g.devicePositionBytes % out.bufferBytes)
                            : 0;
        u.bytesAffected = g.bytesAffected;
        out.underruns.push_back(u);
    }
}

}  // namespace

std::optional<CyclicBufferSnapshot> buildCyclicBufferSnapshot(ScenarioRun& run,
                                                              std::size_t stream) {
    const CPortPinWaveRT* pin = run.waveRtPin(stream);
    if (pin == nullptr) {
        return std::nullopt;
    }
    CyclicBufferSnapshot out;
    out.streamId = static_cast<std::uint16_t>(stream);
    out.capture = pin->isCapture();
    out.bufferBytes = pin->bufferBytes();
    out.bytesPerFrame = pin->dataFormat().bytesPerFrame();
    out.rateHz = pin->dataFormat().rateHz;
    out.notificationCount = pin->notificationCount();
    if (const auto* ms = dynamic_cast<const CMiniportWaveRtHdaStream*>(pin->miniportStream())) {
        copyLayout(*ms, out);
    }
    if (const MDL* mdl = pin->bufferMdl()) {
        copyPages(*mdl, out);
    }
    const int adapter = run.adapterIndexOf(stream);
    out.descriptorIndex = WaveRtAdapter::descriptorOf(*pin);
    if (adapter >= 0 && static_cast<std::size_t>(adapter) < run.waveRtAdapterCount() &&
        out.descriptorIndex >= 0) {
        const hda::HdaController& controller =
            run.waveRtAdapter(static_cast<std::size_t>(adapter)).controller();
        copyDevice(controller.state(static_cast<unsigned>(out.descriptorIndex)), out);
        copyHardwareGlitches(controller.glitchMarks(static_cast<unsigned>(out.descriptorIndex)),
                             out);
    }
    if (const WaveRtClient* client = run.waveRtClient(stream)) {
        copyClient(*client, out);
    }
    return out;
}

}  // namespace ps
