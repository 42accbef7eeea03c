// Mapped device registers: MmMapIoSpace / MmUnmapIoSpace and reads through a
// mapped VA (Kernel.h). The MMIO space itself is a plain IoSpace.
#include "model/kernel/Kernel.h"

#include <cstdint>

namespace ps {

namespace {
constexpr std::uint32_t kPageFaultInNonpagedArea = 0x50;

std::uint64_t toVa(const void* p) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
}
}  // namespace

PVOID Kernel::MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes) {
    const auto va = m_mmioMappings.map(PhysicalAddress, NumberOfBytes);
    TraceRecord r(TraceCategory::DdiCall, "kernel", "MmMapIoSpace");
    r.addHex("PhysicalAddress", PhysicalAddress).addUInt("NumberOfBytes", NumberOfBytes);
    r.addHex("Result", va.value_or(0));
    m_tracer.record(r);
    return va ? reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(*va)) : nullptr;
}

void Kernel::MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes) {
    const std::uint64_t va = toVa(BaseAddress);
    const bool ok = m_mmioMappings.unmap(va);
    m_tracer.record(TraceRecord(TraceCategory::DdiCall, "kernel", "MmUnmapIoSpace")
                        .addHex("BaseAddress", va)
                        .addUInt("NumberOfBytes", NumberOfBytes)
                        .addBool("Mapped", ok));
    if (!ok) {
        reportViolation("MmUnmapIoSpace of an unmapped address",
                        "BaseAddress was not returned by MmMapIoSpace or is already unmapped",
                        kPageFaultInNonpagedArea);
    }
}

ULONG Kernel::readMappedRegisterULONG(ULONGLONG va) {
    if (const auto bus = m_mmioMappings.translate(va, 4)) {
        return m_mmioSpace.READ_REGISTER_ULONG(*bus);
    }
    ++m_mappedRegisterFaults;
    m_tracer.record(TraceRecord(TraceCategory::Verifier, "kernel", "mapped register read fault")
                        .addText("Message", "read of a register VA that is not mapped")
                        .addHex("Va", va)
                        .addHex("BugCheck", kPageFaultInNonpagedArea)
                        .addText("Irql", irqlName(m_cpu.irql)));
    return 0xFFFFFFFFu;
}

}  // namespace ps
