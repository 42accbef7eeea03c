// The I/O port space of the emulated machine. Device models register the port
// ranges they decode; drivers reach them with READ_PORT_* / WRITE_PORT_* as a
// WDM driver does (the AC'97 bus master is an I/O-space device). Accesses to a
// port nobody decodes read as all ones and are recorded as faults, as on a PC
// where nothing drives the bus.
//
// The same class serves as the memory-mapped register space
// (Kernel::mmioSpace()): devices register their MMIO windows there and drivers
// use the READ_REGISTER_* / WRITE_REGISTER_* spellings, which decode exactly
// like the port accessors (a 32-bit bus address; unclaimed reads return all
// ones and count as unclaimed). A driver that wants a kernel VA for a register
// maps it with Kernel::MmMapIoSpace.
#pragma once

#include "model/kernel/KernelTypes.h"

#include <cstdint>
#include <vector>

namespace ps {

// Implemented by device models. offset is relative to the registered base;
// widthBytes is 1, 2 or 4. Called on the simulation thread only.
class IoDevice {
  public:
    virtual ~IoDevice() = default;
    virtual std::uint32_t ioRead(std::uint32_t offset, unsigned widthBytes) = 0;
    virtual void ioWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value) = 0;
};

class IoSpace {
  public:
    // Claims [base, base + length). False if the range is empty, wraps, or
    // overlaps a registered one.
    bool registerDevice(std::uint32_t base, std::uint32_t length, IoDevice* device);
    void unregisterDevice(IoDevice* device);

    UCHAR READ_PORT_UCHAR(std::uint32_t port) { return static_cast<UCHAR>(read(port, 1)); }
    USHORT READ_PORT_USHORT(std::uint32_t port) { return static_cast<USHORT>(read(port, 2)); }
    ULONG READ_PORT_ULONG(std::uint32_t port) { return read(port, 4); }
    void WRITE_PORT_UCHAR(std::uint32_t port, UCHAR value) { write(port, 1, value); }
    void WRITE_PORT_USHORT(std::uint32_t port, USHORT value) { write(port, 2, value); }
    void WRITE_PORT_ULONG(std::uint32_t port, ULONG value) { write(port, 4, value); }

    // The MMIO spellings (same decoding; `address` is the bus address).
    UCHAR READ_REGISTER_UCHAR(std::uint32_t address) { return READ_PORT_UCHAR(address); }
    USHORT READ_REGISTER_USHORT(std::uint32_t address) { return READ_PORT_USHORT(address); }
    ULONG READ_REGISTER_ULONG(std::uint32_t address) { return READ_PORT_ULONG(address); }
    void WRITE_REGISTER_UCHAR(std::uint32_t address, UCHAR value) {
        WRITE_PORT_UCHAR(address, value);
    }
    void WRITE_REGISTER_USHORT(std::uint32_t address, USHORT value) {
        WRITE_PORT_USHORT(address, value);
    }
    void WRITE_REGISTER_ULONG(std::uint32_t address, ULONG value) {
        WRITE_PORT_ULONG(address, value);
    }

    // Accesses that no device decoded (or that straddled a range's end).
    std::uint64_t unclaimedAccesses() const { return m_unclaimed; }

  private:
    std::uint32_t read(std::uint32_t port, unsigned widthBytes);
    void write(std::uint32_t port, unsigned widthBytes, std::uint32_t value);
    struct Range {
        std::uint32_t base;
        std::uint32_t length;
        IoDevice* device;
    };
    // The range that decodes [port, port + widthBytes), or null.
    const Range* decode(std::uint32_t port, unsigned widthBytes) const;
    // Sorted by base, not overlapping. A machine registers a handful of
    // ranges, so a search in a flat array beats a tree's node walk.
    std::vector<Range> m_ranges;
    std::uint64_t m_unclaimed = 0;
};

}  // namespace ps
