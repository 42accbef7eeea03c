// Results and fault records of simulated memory accesses, shared by
// PhysicalMemory (physical addresses) and SystemAddressSpace (kernel virtual
// addresses).
//
// An access never has undefined behaviour: bytes that fall outside valid
// memory are not transferred (a read stores 0 in the caller's buffer for them,
// a write leaves memory untouched), the access returns STATUS_ACCESS_VIOLATION
// with the address of the first bad byte, and a MemoryFault is recorded in the
// owner's FaultLog. Valid parts of a partly bad access are still transferred,
// as a DMA engine or CPU would move them before and after the bad page.
#pragma once

#include "model/kernel/NtStatus.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <utility>

namespace ps {

enum class MemorySpace : std::uint8_t { Physical, SystemVirtual };
enum class AccessKind : std::uint8_t { Read, Write };

struct MemoryAccess {
    // STATUS_SUCCESS; STATUS_ACCESS_VIOLATION when any byte was outside valid
    // memory; STATUS_INVALID_PARAMETER for a null host buffer with bytes > 0
    // (nothing transferred, nothing recorded: a host bug, not a simulated fault).
    NTSTATUS status = STATUS_SUCCESS;
    std::uint64_t bytesTransferred = 0;
    // First bad byte and the number of bad bytes; 0 unless ACCESS_VIOLATION.
    std::uint64_t faultAddress = 0;
    std::uint64_t faultBytes = 0;

    bool ok() const { return status == STATUS_SUCCESS; }
};

struct MemoryFault {
    MemorySpace space = MemorySpace::Physical;
    AccessKind kind = AccessKind::Read;
    std::uint64_t address = 0;      // first bad byte
    std::uint64_t accessStart = 0;  // the whole access, for the explanation pane
    std::uint64_t accessBytes = 0;
    std::uint64_t faultBytes = 0;
};

// Counts every fault, keeps the newest `capacity` records and calls an
// optional observer (e.g. the kernel's tracer) for each one.
class FaultLog {
  public:
    using Observer = std::function<void(const MemoryFault&)>;

    explicit FaultLog(std::size_t capacity = 64) : m_capacity(capacity) {}

    void record(const MemoryFault& fault);
    void setObserver(Observer observer) { m_observer = std::move(observer); }
    void clear() {
        m_recent.clear();
        m_count = 0;
    }

    std::uint64_t count() const { return m_count; }
    const std::deque<MemoryFault>& recent() const { return m_recent; }

  private:
    std::size_t m_capacity;
    std::uint64_t m_count = 0;
    std::deque<MemoryFault> m_recent;
    Observer m_observer;
};

// Little-endian scalar load/store through any space with read/write(address,
// buffer, bytes) -> MemoryAccess (PhysicalMemory, SystemAddressSpace).
template <class T, class Space>
std::optional<T> loadLittleEndian(Space& space, std::uint64_t address) {
    std::uint8_t bytes[sizeof(T)] = {};
    if (!space.read(address, bytes, sizeof bytes).ok()) {
        return std::nullopt;
    }
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        value = static_cast<T>(value | (static_cast<T>(bytes[i]) << (8 * i)));
    }
    return value;
}

template <class T, class Space>
MemoryAccess storeLittleEndian(Space& space, std::uint64_t address, T value) {
    std::uint8_t bytes[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
    }
    return space.write(address, bytes, sizeof bytes);
}

}  // namespace ps
