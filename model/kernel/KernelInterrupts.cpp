// Interrupt lines, ISR dispatch at DIRQL and KeSynchronizeExecution.
#include "model/kernel/Kernel.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ps {

void InterruptLine::setAsserted(bool asserted) {
    if (asserted == m_asserted) {
        return;
    }
    m_asserted = asserted;
    if (!asserted) {
        m_lostUntilDeassert = false;
        m_consecutive = 0;
    }
    m_kernel.onLineChanged(*this);
}

InterruptLine& Kernel::interruptLine(ULONG vector) {
    auto& slot = m_lines[vector];
    if (!slot) {
        slot.reset(new InterruptLine(*this, vector));
    }
    return *slot;
}

NTSTATUS Kernel::IoConnectInterrupt(PKINTERRUPT* InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
                                    PVOID ServiceContext, PKSPIN_LOCK /*SpinLock*/, ULONG Vector,
                                    KIRQL Irql, KIRQL SynchronizeIrql,
                                    KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
                                    ULONG_PTR /*ProcessorEnableMask*/, BOOLEAN /*FloatingSave*/,
                                    const char* name) {
    if (InterruptObject == nullptr || ServiceRoutine == nullptr || Irql <= DISPATCH_LEVEL ||
        Irql > CLOCK_LEVEL - 1 || SynchronizeIrql < Irql) {
        return STATUS_INVALID_PARAMETER;
    }
    for (const auto& existing : m_interrupts) {
        if (existing->connected && existing->Vector == Vector &&
            (!existing->ShareVector || !ShareVector)) {
            return STATUS_INVALID_PARAMETER;  // the vector is taken and not shareable
        }
    }
    auto interrupt = std::make_unique<KINTERRUPT>();
    interrupt->ServiceRoutine = ServiceRoutine;
    interrupt->ServiceContext = ServiceContext;
    interrupt->Vector = Vector;
    interrupt->Irql = Irql;
    interrupt->SynchronizeIrql = SynchronizeIrql;
    interrupt->InterruptMode = InterruptMode;
    interrupt->ShareVector = ShareVector;
    interrupt->name = name;
    interrupt->id = m_nextObjectId++;
    interrupt->connected = true;
    KeInitializeSpinLock(&interrupt->lock, name);
    *InterruptObject = interrupt.get();
    m_interrupts.push_back(std::move(interrupt));
    m_tracer.record(TraceRecord(TraceCategory::Interrupt, "kernel", "IoConnectInterrupt")
                        .addText("Name", name)
                        .addUInt("InterruptId", (*InterruptObject)->id)
                        .addUInt("Vector", Vector)
                        .addText("Irql", irqlName(Irql))
                        .setStatus(STATUS_SUCCESS));
    InterruptLine& line = interruptLine(Vector);
    if (line.asserted()) {
        scheduleDispatch(line);
    }
    return STATUS_SUCCESS;
}

void Kernel::IoDisconnectInterrupt(PKINTERRUPT InterruptObject) {
    auto it = std::find_if(m_interrupts.begin(), m_interrupts.end(),
                           [&](const auto& p) { return p.get() == InterruptObject; });
    if (it == m_interrupts.end()) {
        reportViolation("IoDisconnectInterrupt of an unknown interrupt",
                        "the interrupt object was not connected");
        return;
    }
    m_tracer.record(TraceRecord(TraceCategory::Interrupt, "kernel", "IoDisconnectInterrupt")
                        .addText("Name", (*it)->name)
                        .addUInt("InterruptId", (*it)->id)
                        .addUInt("Vector", (*it)->Vector));
    m_interrupts.erase(it);
}

BOOLEAN Kernel::KeSynchronizeExecution(PKINTERRUPT Interrupt,
                                       PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
                                       PVOID SynchronizeContext) {
    if (Interrupt == nullptr || SynchronizeRoutine == nullptr) {
        reportViolation("KeSynchronizeExecution with a null argument", "KeSynchronizeExecution");
        return FALSE;
    }
    BOOLEAN result = FALSE;
    const KIRQL level = std::max(Interrupt->SynchronizeIrql, m_cpu.irql);
    runAt(level, Interrupt->name, [&] {
        KeAcquireSpinLockAtDpcLevel(&Interrupt->lock);
        result = SynchronizeRoutine(SynchronizeContext);
        KeReleaseSpinLockFromDpcLevel(&Interrupt->lock);
    });
    return result;
}

void Kernel::onLineChanged(InterruptLine& line) {
    m_tracer.record(TraceRecord(TraceCategory::Interrupt, "kernel",
                                line.asserted() ? "line asserted" : "line deasserted")
                        .addUInt("Vector", line.vector()));
    if (line.asserted()) {
        scheduleDispatch(line);
    }
}

void Kernel::scheduleDispatch(InterruptLine& line) {
    if (line.m_masked || line.m_lostUntilDeassert ||
        m_scheduler.isPending(line.m_pendingDispatch)) {
        return;
    }
    line.m_pendingDispatch = m_scheduler.scheduleIn(
        m_config.interruptLatencyNs, [this, &line] { dispatchInterrupt(line); }, "interrupt");
}

void Kernel::dispatchInterrupt(InterruptLine& line) {
    if (!line.m_asserted || line.m_masked) {
        return;  // deasserted before the CPU took it
    }
    // The ISRs connected now, in connection order (an ISR that connects
    // another does not run it in this dispatch). A shared vector rarely has
    // more than a few: those need no heap allocation per interrupt.
    constexpr std::size_t kInlineIsrs = 4;
    KINTERRUPT* inlineConnected[kInlineIsrs];
    std::vector<KINTERRUPT*> moreConnected;
    std::size_t count = 0;
    for (const auto& i : m_interrupts) {
        if (i->connected && i->Vector == line.vector()) {
            if (count < kInlineIsrs) {
                inlineConnected[count] = i.get();
            } else {
                if (count == kInlineIsrs) {
                    moreConnected.assign(inlineConnected, inlineConnected + kInlineIsrs);
                }
                moreConnected.push_back(i.get());
            }
            ++count;
        }
    }
    if (count == 0) {
        return;  // nobody listens; the line stays asserted until someone connects
    }
    KINTERRUPT* const* connected = count <= kInlineIsrs ? inlineConnected : moreConnected.data();
    if (m_faults.loseInterrupt && m_faults.loseInterrupt(line.vector())) {
        line.m_lostUntilDeassert = true;
        ++line.m_lost;
        m_tracer.record(TraceRecord(TraceCategory::Interrupt, "kernel", "interrupt lost")
                            .addUInt("Vector", line.vector()));
        return;
    }
    ++line.m_dispatches;
    bool claimed = false;
    for (std::size_t k = 0; k < count; ++k) {
        KINTERRUPT* interrupt = connected[k];
        ++interrupt->isrCalls;
        runAt(interrupt->Irql, interrupt->name, [&] {
            KeAcquireSpinLockAtDpcLevel(&interrupt->lock);
            m_cpu.isrRunning = interrupt;
            claimed = interrupt->ServiceRoutine(interrupt, interrupt->ServiceContext);
            m_cpu.isrRunning = nullptr;
            KeReleaseSpinLockFromDpcLevel(&interrupt->lock);
        });
        m_tracer.record(TraceRecord(TraceCategory::Interrupt, "kernel", "ISR")
                            .addText("Name", interrupt->name)
                            .addUInt("Vector", line.vector())
                            .addText("Irql", irqlName(interrupt->Irql))
                            .addBool("Claimed", claimed));
        if (claimed) {
            ++interrupt->claimed;
            break;
        }
    }
    if (!line.m_asserted) {
        line.m_consecutive = 0;
        return;
    }
    // Level-sensitive: still asserted means the ISR did not quiet the device.
    if (++line.m_consecutive >= m_config.interruptStormLimit) {
        line.m_masked = true;
        reportViolation("interrupt storm",
                        claimed ? "the ISR claims the interrupt but leaves the line asserted"
                                : "no ISR claims an asserted interrupt line");
        return;
    }
    scheduleDispatch(line);
}

}  // namespace ps
