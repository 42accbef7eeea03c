// A machine with an AC'97 bus master, driven the way a miniport drives one:
// only through READ_PORT_* / WRITE_PORT_*, with buffers and a BDL in
// simulated physical memory and an ISR that reads GLOB_STA/SR and acks SR by
// writing it back. Plus a recording PcmSink and a counting PcmSource.
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/hw/ac97/Ac97Controller.h"
#include "model/hw/ac97/Ac97Registers.h"
#include "model/kernel/Kernel.h"
#include "model/sim/PeriodicClock.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace ps::ac97::test {

// Records every frame a DAC plays, with the block boundaries.
class RecordingSink : public PcmSink {
  public:
    struct Block {
        std::int64_t firstFrame;
        TimeNs firstFrameTimeNs;
        std::size_t frameCount;
        bool underrun;
    };
    void onFrames(const PcmBlock& block) override {
        EXPECT_EQ(block.firstFrame, nextFrame) << "frames must arrive in order, each once";
        nextFrame = block.firstFrame + static_cast<std::int64_t>(block.frameCount);
        bytesPerFrame = block.bytesPerFrame;
        blocks.push_back(
            {block.firstFrame, block.firstFrameTimeNs, block.frameCount, block.underrun});
        bytes.insert(bytes.end(), block.bytes,
                     block.bytes + block.frameCount * block.bytesPerFrame);
        underrun.insert(underrun.end(), block.frameCount, block.underrun);
    }
    std::size_t frames() const { return underrun.size(); }
    std::size_t dataFrames() const {
        std::size_t n = 0;
        for (bool u : underrun) {
            n += u ? 0 : 1;
        }
        return n;
    }
    // Bytes of frame n.
    std::vector<std::uint8_t> frame(std::size_t n) const {
        return {bytes.begin() + static_cast<std::ptrdiff_t>(n * bytesPerFrame),
                bytes.begin() + static_cast<std::ptrdiff_t>((n + 1) * bytesPerFrame)};
    }

    std::vector<Block> blocks;
    std::vector<std::uint8_t> bytes;
    std::vector<bool> underrun;  // per frame
    std::uint32_t bytesPerFrame = 0;
    std::int64_t nextFrame = 0;
};

// Frame n, byte k is sourceByte(n, k): every frame distinct enough to catch a
// lost, repeated or reordered frame.
inline std::uint8_t sourceByte(std::int64_t frame, std::size_t k) {
    return static_cast<std::uint8_t>(frame * 7 + static_cast<std::int64_t>(k) * 31 + 3);
}

class CountingSource : public PcmSource {
  public:
    void produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                 std::uint32_t bytesPerFrame) override {
        // Frames an overrun drops are never sampled, so there may be gaps; a
        // frame is never asked for twice.
        EXPECT_GE(firstFrame, nextFrame);
        for (std::size_t f = 0; f < frameCount; ++f) {
            for (std::size_t k = 0; k < bytesPerFrame; ++k) {
                out[f * bytesPerFrame + k] =
                    sourceByte(firstFrame + static_cast<std::int64_t>(f), k);
            }
        }
        nextFrame = firstFrame + static_cast<std::int64_t>(frameCount);
    }
    std::int64_t nextFrame = 0;
};

class Ac97Fixture : public ::testing::Test {
  protected:
    struct IsrEntry {
        TimeNs timeNs;
        std::uint32_t globSta;
        std::uint16_t sr[kEngineCount];
    };

    Scheduler scheduler;
    Tracer tracer{scheduler, 1u << 16};
    Kernel kernel{scheduler, tracer};
    Ac97Config config;
    std::unique_ptr<Ac97Controller> ac97;
    PKINTERRUPT interrupt = nullptr;
    std::vector<IsrEntry> isrLog;
    bool isrAcks = true;

    void SetUp() override { create(Ac97Config{}); }
    void TearDown() override {
        if (interrupt != nullptr) {
            kernel.IoDisconnectInterrupt(interrupt);
        }
    }

    void create(const Ac97Config& c) {
        if (interrupt != nullptr) {
            kernel.IoDisconnectInterrupt(interrupt);
            interrupt = nullptr;
        }
        ac97.reset();
        config = c;
        ac97 = std::make_unique<Ac97Controller>(kernel, config);
        ASSERT_EQ(kernel.IoConnectInterrupt(&interrupt, &Ac97Fixture::isr, this, nullptr,
                                            config.interruptVector, 6, 6, LevelSensitive, TRUE, 1,
                                            FALSE, "AC97 ISR"),
                  STATUS_SUCCESS);
    }

    // The ISR a miniport would write: which engines want service, ack their SR.
    static BOOLEAN isr(KINTERRUPT*, PVOID context) {
        auto* f = static_cast<Ac97Fixture*>(context);
        IsrEntry entry{f->scheduler.now(), f->globSta(), {0, 0, 0}};
        const std::uint32_t mine = GLOB_STA_PIINT | GLOB_STA_POINT | GLOB_STA_MINT;
        if ((entry.globSta & mine) == 0) {
            return FALSE;
        }
        for (int i = 0; i < kEngineCount; ++i) {
            const auto e = static_cast<Engine>(i);
            if ((entry.globSta & globStaBit(e)) != 0) {
                entry.sr[i] = f->sr(e);
                if (f->isrAcks) {
                    f->io().WRITE_PORT_USHORT(f->port(e, SR), entry.sr[i] & kSrWriteOneToClear);
                }
            }
        }
        f->isrLog.push_back(entry);
        return TRUE;
    }

    // ---- port access, as a driver does it
    IoSpace& io() { return kernel.ioSpace(); }
    std::uint32_t port(Engine e, std::uint32_t reg) { return config.ioBase + engineBase(e) + reg; }
    std::uint32_t globalPort(std::uint32_t reg) { return config.ioBase + reg; }
    std::uint32_t globSta() { return io().READ_PORT_ULONG(globalPort(GLOB_STA)); }
    std::uint16_t sr(Engine e) { return io().READ_PORT_USHORT(port(e, SR)); }
    std::uint8_t civ(Engine e) { return io().READ_PORT_UCHAR(port(e, CIV)); }
    std::uint8_t lvi(Engine e) { return io().READ_PORT_UCHAR(port(e, LVI)); }
    std::uint8_t piv(Engine e) { return io().READ_PORT_UCHAR(port(e, PIV)); }
    std::uint16_t picb(Engine e) { return io().READ_PORT_USHORT(port(e, PICB)); }
    std::uint8_t cr(Engine e) { return io().READ_PORT_UCHAR(port(e, CR)); }
    std::uint32_t bdbar(Engine e) { return io().READ_PORT_ULONG(port(e, BDBAR)); }
    std::uint32_t pcnt(Engine e) { return io().READ_PORT_ULONG(globalPort(psPcntOffset(e))); }
    void writeCr(Engine e, std::uint8_t v) { io().WRITE_PORT_UCHAR(port(e, CR), v); }
    void writeLvi(Engine e, std::uint8_t v) { io().WRITE_PORT_UCHAR(port(e, LVI), v); }
    void writeBdbar(Engine e, std::uint32_t v) { io().WRITE_PORT_ULONG(port(e, BDBAR), v); }
    void writeFormat(Engine e, const PcmFormatRegister& f, std::uint32_t rateHz) {
        io().WRITE_PORT_ULONG(globalPort(psFmtOffset(e)), encodePsFmt(f));
        io().WRITE_PORT_ULONG(globalPort(psRateOffset(e)), rateHz);
    }

    // ---- memory
    std::uint32_t allocPages(std::uint64_t count = 1) {
        auto pfn = kernel.memory().allocateContiguous(count, 1, kMax32BitAddress);
        EXPECT_TRUE(pfn.has_value());
        return static_cast<std::uint32_t>(pfnToAddress(pfn.value_or(0)));
    }
    // One page per buffer, allocated one at a time: the allocator hands out
    // non-contiguous frames, so consecutive buffers are scattered.
    std::uint32_t allocScatteredPage() {
        auto pfns = kernel.memory().allocatePages(1, kMax32BitAddress);
        EXPECT_TRUE(pfns.has_value());
        return static_cast<std::uint32_t>(pfnToAddress(pfns ? pfns->front() : 0));
    }
    void setDescriptor(std::uint32_t bdl, int index, std::uint32_t address, std::uint16_t samples,
                       bool ioc = false, bool bup = false) {
        const BufferDescriptor d{address, samples, ioc, bup};
        const std::uint64_t entry = bdl + kBdlEntryBytes * static_cast<std::uint32_t>(index);
        ASSERT_TRUE(kernel.memory().writeU32(entry, address).ok());
        ASSERT_TRUE(kernel.memory().writeU32(entry + 4, encodeControl(d)).ok());
    }
    // Fills a buffer with bytes that encode (tag, offset) so any misplaced byte shows.
    std::vector<std::uint8_t> fillPattern(std::uint32_t address, std::size_t bytes, int tag) {
        std::vector<std::uint8_t> data(bytes);
        for (std::size_t k = 0; k < bytes; ++k) {
            data[k] = static_cast<std::uint8_t>(tag * 59 + static_cast<int>(k * 13 + k / 256) + 1);
        }
        EXPECT_TRUE(kernel.memory().write(address, data.data(), data.size()).ok());
        return data;
    }
    std::vector<std::uint8_t> readMemory(std::uint32_t address, std::size_t bytes) {
        std::vector<std::uint8_t> data(bytes);
        EXPECT_TRUE(kernel.memory().read(address, data.data(), data.size()).ok());
        return data;
    }

    // ---- trace
    std::vector<TraceRecord> records(TraceCategory category, const char* name = nullptr) {
        std::vector<TraceRecord> out;
        tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
            if (r.category == category && (name == nullptr || std::strcmp(r.name, name) == 0)) {
                out.push_back(r);
            }
        });
        return out;
    }
    static std::int64_t intField(const TraceRecord& r, const char* name) {
        const TraceField* f = r.field(name);
        EXPECT_NE(f, nullptr) << "no field " << name << " in " << r.name;
        if (f == nullptr) {
            return -1;
        }
        return f->kind == TraceValueKind::Int ? f->i : static_cast<std::int64_t>(f->u);
    }
    static std::string textField(const TraceRecord& r, const char* name) {
        const TraceField* f = r.field(name);
        return f != nullptr && f->kind == TraceValueKind::Text ? f->text : "";
    }
    static bool boolField(const TraceRecord& r, const char* name) {
        const TraceField* f = r.field(name);
        return f != nullptr && f->kind == TraceValueKind::Bool && f->u != 0;
    }

    // Due time of frame n of a converter started at originNs at rateHz.
    static TimeNs frameTime(TimeNs originNs, std::int64_t rateHz, std::int64_t n) {
        return PeriodicClock::fromRateHz(originNs, rateHz).dueTimeNs(n);
    }
};

}  // namespace ps::ac97::test
