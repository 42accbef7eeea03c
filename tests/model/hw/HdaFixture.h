// A machine with an HD Audio-style controller, driven the way a driver drives
// one: only through the kernel's MMIO space (READ_REGISTER_* /
// WRITE_REGISTER_*), with cyclic buffers, BDLs and the DMA position buffer in
// simulated physical memory, and an ISR that reads INTSTS and SDnSTS and acks
// SDnSTS by writing it back. Reuses the AC'97 tests' recording PcmSink and
// counting PcmSource (Ac97Fixture.h).
#pragma once

#include "Ac97Fixture.h"

#include "model/hw/hda/HdaController.h"
#include "model/hw/hda/HdaRegisters.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace ps::hda::test {

using ps::ac97::test::CountingSource;
using ps::ac97::test::RecordingSink;
using ps::ac97::test::sourceByte;

class HdaFixture : public ::testing::Test {
  protected:
    struct IsrEntry {
        TimeNs timeNs;
        std::uint32_t intsts;
        std::vector<std::uint8_t> sts;  // per stream descriptor (0 when its SIS was clear)
    };
    struct Fragment {
        std::uint64_t address;
        std::uint32_t bytes;
        bool ioc;
    };

    Scheduler scheduler;
    Tracer tracer{scheduler, 1u << 17};
    Kernel kernel{scheduler, tracer};
    HdaConfig config;
    std::unique_ptr<HdaController> hda;
    PKINTERRUPT interrupt = nullptr;
    std::vector<IsrEntry> isrLog;
    bool isrAcks = true;

    void SetUp() override { create(HdaConfig{}); }
    void TearDown() override {
        if (interrupt != nullptr) {
            kernel.IoDisconnectInterrupt(interrupt);
        }
    }

    void create(const HdaConfig& c) {
        if (interrupt != nullptr) {
            kernel.IoDisconnectInterrupt(interrupt);
            interrupt = nullptr;
        }
        hda.reset();
        config = c;
        hda = std::make_unique<HdaController>(kernel, config);
        ASSERT_EQ(kernel.IoConnectInterrupt(&interrupt, &HdaFixture::isr, this, nullptr,
                                            config.interruptVector, 6, 6, LevelSensitive, TRUE, 1,
                                            FALSE, "HDA ISR"),
                  STATUS_SUCCESS);
    }

    // The ISR a driver would write: which streams want service, ack their STS.
    static BOOLEAN isr(KINTERRUPT*, PVOID context) {
        auto* f = static_cast<HdaFixture*>(context);
        IsrEntry entry{f->scheduler.now(), f->read32(INTSTS), {}};
        if ((entry.intsts & INTSTS_GIS) == 0) {
            return FALSE;
        }
        entry.sts.assign(f->hda->streamCount(), 0);
        for (unsigned i = 0; i < f->hda->streamCount(); ++i) {
            if ((entry.intsts & streamBit(i)) != 0) {
                entry.sts[i] = f->sts(i);
                if (f->isrAcks) {
                    f->writeSts(i, entry.sts[i] & kSdstsWriteOneToClear);
                }
            }
        }
        f->isrLog.push_back(entry);
        return TRUE;
    }

    // ---- MMIO access, as a driver does it
    IoSpace& mmio() { return kernel.mmioSpace(); }
    std::uint32_t addr(std::uint32_t offset) const { return config.mmioBase + offset; }
    std::uint32_t sdAddr(unsigned index, std::uint32_t reg) const {
        return config.mmioBase + streamOffset(index) + reg;
    }
    std::uint32_t read32(std::uint32_t offset) { return mmio().READ_REGISTER_ULONG(addr(offset)); }
    std::uint16_t read16(std::uint32_t offset) { return mmio().READ_REGISTER_USHORT(addr(offset)); }
    std::uint8_t read8(std::uint32_t offset) { return mmio().READ_REGISTER_UCHAR(addr(offset)); }
    void write32(std::uint32_t offset, std::uint32_t v) {
        mmio().WRITE_REGISTER_ULONG(addr(offset), v);
    }
    std::uint32_t ctl(unsigned i) {
        return mmio().READ_REGISTER_ULONG(sdAddr(i, SD_CTL)) & 0xFFFFFFu;
    }
    std::uint8_t sts(unsigned i) { return mmio().READ_REGISTER_UCHAR(sdAddr(i, SD_STS)); }
    std::uint32_t lpib(unsigned i) { return mmio().READ_REGISTER_ULONG(sdAddr(i, SD_LPIB)); }
    std::uint32_t lpibAlias(unsigned i) {
        return mmio().READ_REGISTER_ULONG(config.mmioBase + lpibAliasOffset(i));
    }
    std::uint32_t wallClock() { return read32(WALCLK); }
    // SDnCTL is 24 bits: a 32-bit write with bits 31:24 = 0 clears no status.
    void writeCtl(unsigned i, std::uint32_t v) {
        mmio().WRITE_REGISTER_ULONG(sdAddr(i, SD_CTL), v & 0xFFFFFFu);
    }
    void writeSts(unsigned i, std::uint8_t v) { mmio().WRITE_REGISTER_UCHAR(sdAddr(i, SD_STS), v); }
    void writeCbl(unsigned i, std::uint32_t v) {
        mmio().WRITE_REGISTER_ULONG(sdAddr(i, SD_CBL), v);
    }
    void writeLvi(unsigned i, std::uint16_t v) {
        mmio().WRITE_REGISTER_USHORT(sdAddr(i, SD_LVI), v);
    }
    void writeFmt(unsigned i, std::uint16_t v) {
        mmio().WRITE_REGISTER_USHORT(sdAddr(i, SD_FMT), v);
    }
    void writeBdl(unsigned i, std::uint64_t address) {
        mmio().WRITE_REGISTER_ULONG(sdAddr(i, SD_BDPL), static_cast<std::uint32_t>(address));
        mmio().WRITE_REGISTER_ULONG(sdAddr(i, SD_BDPU), static_cast<std::uint32_t>(address >> 32));
    }
    void leaveControllerReset() { write32(GCTL, GCTL_CRST); }

    // The SRST handshake Linux does (HARDWARE.md §6.3): set, read 1, clear, read 0.
    void resetStream(unsigned i) {
        writeCtl(i, ctl(i) & ~SDCTL_RUN);
        writeCtl(i, SDCTL_SRST);
        ASSERT_NE(ctl(i) & SDCTL_SRST, 0u);
        writeCtl(i, 0);
        ASSERT_EQ(ctl(i) & SDCTL_SRST, 0u);
    }

    // ---- memory
    std::uint64_t allocContiguous(std::uint64_t pages = 1) {
        auto pfn = kernel.memory().allocateContiguous(pages, 1, kMax32BitAddress);
        EXPECT_TRUE(pfn.has_value());
        return pfnToAddress(pfn.value_or(0));
    }
    // One page at a time: the allocator hands out non-contiguous frames.
    std::uint64_t allocScatteredPage() {
        auto pfns = kernel.memory().allocatePages(1, kMax32BitAddress);
        EXPECT_TRUE(pfns.has_value());
        return pfnToAddress(pfns ? pfns->front() : 0);
    }
    void writeBdlEntries(std::uint64_t bdl, const std::vector<Fragment>& fragments) {
        for (std::size_t k = 0; k < fragments.size(); ++k) {
            const auto raw =
                encodeBdlEntry({fragments[k].address, fragments[k].bytes, fragments[k].ioc});
            ASSERT_TRUE(
                kernel.memory().write(bdl + kBdlEntryBytes * k, raw.data(), raw.size()).ok());
        }
    }
    std::vector<std::uint8_t> fillPattern(std::uint64_t address, std::size_t bytes, int tag) {
        std::vector<std::uint8_t> data(bytes);
        for (std::size_t k = 0; k < bytes; ++k) {
            data[k] = static_cast<std::uint8_t>(tag * 59 + static_cast<int>(k * 13 + k / 256) + 1);
        }
        EXPECT_TRUE(kernel.memory().write(address, data.data(), data.size()).ok());
        return data;
    }
    std::vector<std::uint8_t> readMemory(std::uint64_t address, std::size_t bytes) {
        std::vector<std::uint8_t> data(bytes);
        EXPECT_TRUE(kernel.memory().read(address, data.data(), data.size()).ok());
        return data;
    }

    // Programs stream i the way snd_hdac_stream_setup does (§6.3): tag, CBL,
    // FMT, LVI, BDL address; the caller sets RUN.
    void setupStream(unsigned i, unsigned tag, std::uint16_t fmt, std::uint64_t bdl,
                     const std::vector<Fragment>& fragments) {
        writeBdlEntries(bdl, fragments);
        std::uint32_t cbl = 0;
        for (const auto& f : fragments) {
            cbl += f.bytes;
        }
        writeCtl(i, withStreamTag(0, tag));
        writeCbl(i, cbl);
        writeFmt(i, fmt);
        writeLvi(i, static_cast<std::uint16_t>(fragments.size() - 1));
        writeBdl(i, bdl);
    }
    void enableInterrupts(unsigned i) {
        write32(INTCTL, read32(INTCTL) | INTCTL_GIE | streamBit(i));
    }
    void startStream(unsigned i, std::uint32_t enables = kSdctlInterruptEnables) {
        writeCtl(i, ctl(i) | enables | SDCTL_RUN);
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

    static std::uint16_t fmt48kStereo16() {
        return encodeFormat(StreamFormat{false, false, 1, 1, 16, 2, false});
    }
    static TimeNs frameTime(TimeNs originNs, std::int64_t rateHz, std::int64_t n) {
        return PeriodicClock::fromRateHz(originNs, rateHz).dueTimeNs(n);
    }
};

}  // namespace ps::hda::test
