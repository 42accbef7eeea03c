#include "model/miniports/MiniportWaveAc97Stream.h"
#include "model/snapshot/SnapshotBuilder.h"

#include <cstdio>

namespace ps {
namespace {

void add(DeviceRegistersSnapshot& out, const char* device, const char* name, std::string label,
         std::uint32_t offset, std::uint64_t value) {
    const RegisterLayout* layout = findRegisterLayout(device, name);
    if (layout == nullptr || out.registers.size() == kSnapshotRegistersPerDevice) {
        return;
    }
    out.registers.push_back(RegisterSnapshot{layout, std::move(label), offset, value});
}

void ac97Registers(const ac97::Ac97Controller& controller, ac97::Engine engine,
                   DeviceRegistersSnapshot& out) {
    using namespace ac97;
    const Ac97EngineState s = controller.state(engine);
    const std::uint32_t base = engineBase(engine);
    const std::string prefix = std::string(engineName(engine)) + " ";
    out.deviceName = std::string("AC'97 bus master, ") + engineName(engine) + " engine";
    add(out, "ac97", "BDBAR", prefix + "BDBAR", base + BDBAR, s.bdbar);
    add(out, "ac97", "CIV", prefix + "CIV", base + CIV, s.civ);
    add(out, "ac97", "LVI", prefix + "LVI", base + LVI, s.lvi);
    add(out, "ac97", "SR", prefix + "SR", base + SR, s.sr);
    add(out, "ac97", "PICB", prefix + "PICB", base + PICB, s.picb);
    add(out, "ac97", "PIV", prefix + "PIV", base + PIV, s.piv);
    add(out, "ac97", "CR", prefix + "CR", base + CR, s.cr);
    add(out, "ac97", "PS_FMT", prefix + "PS_FMT", psFmtOffset(engine), s.psFmt);
    add(out, "ac97", "PS_RATE", prefix + "PS_RATE", psRateOffset(engine), s.psRate);
    add(out, "ac97", "PS_PCNT", prefix + "PS_PCNT", psPcntOffset(engine), s.psPcnt);
    add(out, "ac97", "GLOB_CNT", "GLOB_CNT", GLOB_CNT, controller.globalControl());
    add(out, "ac97", "GLOB_STA", "GLOB_STA", GLOB_STA, controller.globalStatus());
    add(out, "ac97", "CAS", "CAS", CAS, 0);  // always reads 0 (Ac97Controller.h)
}

void hdaRegisters(const hda::HdaController& controller, unsigned index,
                  DeviceRegistersSnapshot& out) {
    using namespace hda;
    const HdaStreamState s = controller.state(index);
    const std::uint32_t base = streamOffset(index);
    const std::string prefix = "SD" + std::to_string(index) + " ";
    out.deviceName = "HD Audio, stream descriptor " + std::to_string(index) +
                     (s.output ? " (output)" : " (input)");
    add(out, "hda", "SDCTL", prefix + "CTL", base + SD_CTL, s.ctl);
    add(out, "hda", "SDSTS", prefix + "STS", base + SD_STS, s.sts);
    add(out, "hda", "SDLPIB", prefix + "LPIB", base + SD_LPIB, s.lpib);
    add(out, "hda", "SDCBL", prefix + "CBL", base + SD_CBL, s.cbl);
    add(out, "hda", "SDLVI", prefix + "LVI", base + SD_LVI, s.lvi);
    add(out, "hda", "SDFIFOW", prefix + "FIFOW", base + SD_FIFOW, s.fifow);
    add(out, "hda", "SDFIFOS", prefix + "FIFOS", base + SD_FIFOS, s.fifos);
    add(out, "hda", "SDFMT", prefix + "FMT", base + SD_FMT, s.fmt);
    add(out, "hda", "SDBDPL", prefix + "BDPL", base + SD_BDPL, s.bdpl);
    add(out, "hda", "SDBDPU", prefix + "BDPU", base + SD_BDPU, s.bdpu);
    // Globals as readGlobal() returns them, without its INTSTS sync.
    const HdaConfig& config = controller.config();
    const HdaLinkState& link = controller.linkState();
    add(out, "hda", "GCAP", "GCAP", GCAP, encodeGcap(config.inputStreams, config.outputStreams));
    add(out, "hda", "VMIN", "VMIN", VMIN, kVmin);
    add(out, "hda", "VMAJ", "VMAJ", VMAJ, kVmaj);
    add(out, "hda", "OUTPAY", "OUTPAY", OUTPAY, kOutpay);
    add(out, "hda", "INPAY", "INPAY", INPAY, kInpay);
    add(out, "hda", "GCTL", "GCTL", GCTL, controller.globalControl());
    add(out, "hda", "WAKEEN", "WAKEEN", WAKEEN, 0);
    add(out, "hda", "STATESTS", "STATESTS", STATESTS, 0);
    add(out, "hda", "INTCTL", "INTCTL", INTCTL, controller.interruptControl());
    add(out, "hda", "INTSTS", "INTSTS", INTSTS, controller.interruptStatus());
    add(out, "hda", "WALCLK", "WALCLK", WALCLK, controller.wallClock());
    add(out, "hda", "SSYNC", "SSYNC", SSYNC, link.ssync);
    add(out, "hda", "DPLBASE", "DPLBASE", DPLBASE, link.dplbase);
    add(out, "hda", "DPUBASE", "DPUBASE", DPUBASE, link.dpubase);
}

// The register a client VA reads, found by translating it to a bus address
// within the controller's MMIO window; its value from the state, not by a
// read (a read through the MMIO space would sync the stream).
void resolveClientRegister(const Kernel& kernel, const hda::HdaController& controller,
                           ClientRegisterSnapshot& r) {
    using namespace hda;
    const auto bus = kernel.mmioMappings().translate(r.va, r.widthBits / 8);
    const std::uint32_t base = controller.config().mmioBase;
    if (!bus || *bus < base || *bus - base >= kMmioLength) {
        r.target = "not a register of this controller";
        return;
    }
    const std::uint32_t offset = *bus - base;
    if (offset == WALCLK) {
        r.target = "WALCLK";
        r.value = controller.wallClock();
        return;
    }
    for (unsigned i = 0; i < controller.streamCount(); ++i) {
        if (offset == lpibAliasOffset(i) || offset == streamOffset(i) + SD_LPIB) {
            r.target =
                "SD" + std::to_string(i) + " LPIB" + (offset >= kAliasOffset ? " (alias)" : "");
            r.value = controller.state(i).lpib;
            return;
        }
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "offset 0x%X", offset);
    r.target = buf;
}

ClientRegisterSnapshot clientRegister(const KSRTAUDIO_HWREGISTER& reg, bool clock, bool available) {
    ClientRegisterSnapshot r;
    r.clock = clock;
    r.available = available;
    r.va = reg.Register;
    r.widthBits = reg.Width;
    r.numerator = reg.Numerator;
    r.denominator = reg.Denominator;
    r.accuracy = reg.Accuracy;
    r.frequencyHz = reg.frequencyHz();
    return r;
}

}  // namespace

std::optional<DeviceRegistersSnapshot> buildDeviceRegisters(ScenarioRun& run, std::size_t stream) {
    const int adapter = run.adapterIndexOf(stream);
    if (adapter < 0) {
        return std::nullopt;
    }
    const auto a = static_cast<std::size_t>(adapter);
    DeviceRegistersSnapshot out;
    out.streamId = static_cast<std::uint16_t>(stream);
    if (const CPortPinWavePci* pin = run.wavePciPin(stream)) {
        const auto* ms = dynamic_cast<const CMiniportWaveAc97Stream*>(pin->miniportStream());
        if (ms == nullptr || a >= run.wavePciAdapterCount()) {
            return std::nullopt;
        }
        out.registers.reserve(kSnapshotRegistersPerDevice);
        ac97Registers(run.wavePciAdapter(a).controller(), ms->engine(), out);
        return out;
    }
    const CPortPinWaveRT* pin = run.waveRtPin(stream);
    if (pin == nullptr || a >= run.waveRtAdapterCount()) {
        return std::nullopt;
    }
    const int descriptor = WaveRtAdapter::descriptorOf(*pin);
    if (descriptor < 0) {
        return std::nullopt;
    }
    out.hda = true;
    const hda::HdaController& controller = run.waveRtAdapter(a).controller();
    out.registers.reserve(kSnapshotRegistersPerDevice);
    hdaRegisters(controller, static_cast<unsigned>(descriptor), out);
    if (const WaveRtClient* client = run.waveRtClient(stream)) {
        const Kernel& kernel = run.machine().kernel();
        out.clientRegisters.push_back(
            clientRegister(client->positionRegister(), false, client->usesPositionRegister()));
        out.clientRegisters.push_back(
            clientRegister(client->clockRegister(), true, client->hasClockRegister()));
        for (ClientRegisterSnapshot& r : out.clientRegisters) {
            if (r.available) {
                resolveClientRegister(kernel, controller, r);
            }
        }
    }
    return out;
}

}  // namespace ps
