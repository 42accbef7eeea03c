// The AC'97 WavePci miniport's interrupt connection, its stream resource
// registration (PcAddStreamResource: the WavePci port has no resource
// manager interface) and adapter power handling.
#include "model/miniports/MiniportWaveAc97.h"

#include "model/portcls/PcStreamResource.h"

namespace ps {

NTSTATUS CMiniportWaveAc97::connectInterrupt() {
    const NTSTATUS status = m_kernel.IoConnectInterrupt(
        &m_InterruptObject, &CMiniportWaveAc97::InterruptServiceRoutine, this, nullptr,
        m_interruptVector, m_interruptLevel, m_interruptLevel, LevelSensitive, TRUE,
        m_interruptAffinity, FALSE, "AC97 miniport ISR");
    if (!NT_SUCCESS(status)) {
        m_InterruptObject = nullptr;
    }
    return status;
}

void CMiniportWaveAc97::disconnectInterrupt() {
    if (m_InterruptObject != nullptr) {
        m_kernel.IoDisconnectInterrupt(m_InterruptObject);
        m_InterruptObject = nullptr;
    }
}

void CMiniportWaveAc97::registerInterruptResource() {
    // PcAddStreamResource is a Windows 10 export: a driver that also loads on
    // older systems asks first, and runs unregistered there.
    if (!m_kernel.RtlIsNtDdiVersionAvailable(NTDDI_WIN10) || m_InterruptObject == nullptr ||
        m_InterruptResource != nullptr) {
        return;
    }
    if (m_options.skipStreamResourceRegistration || m_options.physicalDeviceObject == nullptr) {
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::Resource, "miniport", "stream resources not registered")
                .addBool("BugSwitch", m_options.skipStreamResourceRegistration));
        return;
    }
    PCSTREAMRESOURCE_DESCRIPTOR descriptor;
    PCSTREAMRESOURCE_DESCRIPTOR_INIT(&descriptor);
    descriptor.Pdo = m_options.physicalDeviceObject;
    descriptor.Type = ePcStreamResourceInterrupt;
    descriptor.Resource.Interrupt.Generic = m_InterruptObject;
    if (!NT_SUCCESS(PcAddStreamResource(m_kernel, m_options.physicalDeviceObject, nullptr,
                                        &descriptor, &m_InterruptResource))) {
        m_InterruptResource = nullptr;  // unshielded, but the device still works
    }
}

void CMiniportWaveAc97::unregisterInterruptResource() {
    if (m_InterruptResource == nullptr) {
        return;
    }
    PcRemoveStreamResource(m_kernel, m_InterruptResource);
    m_InterruptResource = nullptr;
}

void CMiniportWaveAc97::PowerChangeState3(DEVICE_POWER_STATE NewPowerState,
                                          POWER_ACTION /*PowerAction*/) {
    if (NewPowerState == m_PowerState || !m_initialized) {
        m_PowerState = NewPowerState;
        return;
    }
    if (NewPowerState == PowerDeviceD0) {
        // Reconnect first, register after: a registered interrupt must exist.
        connectInterrupt();
        m_PowerState = NewPowerState;
        registerInterruptResource();
    } else {
        // Unregister before the interrupt goes (the Docs' D0 -> Dx rule).
        unregisterInterruptResource();
        disconnectInterrupt();
        m_PowerState = NewPowerState;
    }
    m_kernel.tracer().record(
        TraceRecord(TraceCategory::Resource, "miniport", "adapter power state")
            .addText("PowerState", devicePowerStateName(m_PowerState))
            .addUInt("InterruptId", m_InterruptObject != nullptr ? m_InterruptObject->id : 0));
}

void CMiniportWaveAc97::D3ExitLatencyChanged(PC_EXIT_LATENCY NewLatency) {
    m_ExitLatency = NewLatency;
}

}  // namespace ps
