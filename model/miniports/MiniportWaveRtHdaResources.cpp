// The HD Audio WaveRT miniport's interrupt connection, worker thread, stream
// resource registration and adapter power handling.
#include "model/miniports/MiniportWaveRtHda.h"

#include "model/miniports/MiniportWaveRtHdaStream.h"

namespace ps {

// ------------------------------------------------------------ interrupt

NTSTATUS CMiniportWaveRtHda::connectInterrupt() {
    const NTSTATUS status = m_kernel.IoConnectInterrupt(
        &m_InterruptObject, &CMiniportWaveRtHda::InterruptServiceRoutine, this, nullptr,
        m_interruptVector, m_interruptLevel, m_interruptLevel, LevelSensitive, TRUE,
        m_interruptAffinity, FALSE, "HDA WaveRT miniport ISR");
    if (!NT_SUCCESS(status)) {
        m_InterruptObject = nullptr;
    }
    return status;
}

void CMiniportWaveRtHda::disconnectInterrupt() {
    if (m_InterruptObject == nullptr) {
        return;
    }
    m_kernel.mmioSpace().WRITE_REGISTER_ULONG(registerAddress(hda::INTCTL), 0);
    m_kernel.IoDisconnectInterrupt(m_InterruptObject);
    m_InterruptObject = nullptr;
}

// ------------------------------------------------------------ worker thread

void CMiniportWaveRtHda::startWorkerThread() {
    m_kernel.KeInitializeEvent(&m_WorkerEvent, SynchronizationEvent, FALSE,
                               "HDA RT worker wake event");
    if (!NT_SUCCESS(m_kernel.PsCreateSystemThread(&m_WorkerThread,
                                                  &CMiniportWaveRtHda::WorkerThreadStart, this,
                                                  "HDA RT worker thread"))) {
        m_WorkerThread = nullptr;  // the streams run without a watchdog
    }
}

void CMiniportWaveRtHda::stopWorkerThread() {
    if (m_WorkerThread != nullptr) {
        m_kernel.PsTerminateSystemThread(m_WorkerThread);
        m_WorkerThread = nullptr;
    }
}

void CMiniportWaveRtHda::kickWorker() {
    if (m_WorkerThread != nullptr) {
        m_kernel.KeSetEvent(&m_WorkerEvent, 0, FALSE);
    }
}

void CMiniportWaveRtHda::WorkerThreadStart(PVOID StartContext) {
    static_cast<CMiniportWaveRtHda*>(StartContext)->workerWait();
}

void CMiniportWaveRtHda::workerWait() {
    bool anyRunning = false;
    for (std::uint32_t slots = m_streamSlots; slots != 0 && !anyRunning; slots &= slots - 1) {
        anyRunning =
            m_streams[static_cast<unsigned>(__builtin_ctz(slots))]->ksState() == KSSTATE_RUN;
    }
    const TimeNs periodNs = m_options.workerPeriodNs > 0 ? m_options.workerPeriodNs : 2'000'000;
    // Idle (no stream running): sleep until a stream's RUN kicks the event.
    m_workerDueNs = anyRunning ? m_kernel.scheduler().now() + periodNs : -1;
    m_kernel.KeWaitForSingleObjectInThread(&m_WorkerEvent, anyRunning ? periodNs : -1,
                                           [this](std::int32_t status) { workerService(status); });
}

void CMiniportWaveRtHda::workerService(std::int32_t waitStatus) {
    const TimeNs nowNs = m_kernel.scheduler().now();
    const TimeNs periodNs = m_options.workerPeriodNs > 0 ? m_options.workerPeriodNs : 2'000'000;
    // Only a timed-out wait has a due time: a kick comes whenever a stream
    // starts.
    if (waitStatus == STATUS_TIMEOUT && m_workerDueNs >= 0 &&
        nowNs - m_workerDueNs > periodNs / 2) {
        ++m_workerLateWakeups;
        m_kernel.tracer().record(trace(TraceCategory::Dpc, "worker thread late")
                                     .addInt("LateNs", nowNs - m_workerDueNs));
    }
    ++m_workerServices;
    for (std::uint32_t slots = m_streamSlots; slots != 0; slots &= slots - 1) {
        CMiniportWaveRtHdaStream* s = m_streams[static_cast<unsigned>(__builtin_ctz(slots))];
        if (s->ksState() == KSSTATE_RUN) {
            s->serviceWatchdog(nowNs);
        }
    }
    workerWait();
}

// ------------------------------------------------------------ stream resources

void CMiniportWaveRtHda::queryResourceManager() {
    // The newer interface first (it takes the PDO explicitly), then the
    // Windows 10 RTM one; older systems have neither.
    IPortClsStreamResourceManager2* manager2 = nullptr;
    if (NT_SUCCESS(m_Port->QueryInterface(IID_IPortClsStreamResourceManager2,
                                          reinterpret_cast<void**>(&manager2))) &&
        manager2 != nullptr) {
        m_ResourceManager2.attach(manager2);
    } else {
        IPortClsStreamResourceManager* manager = nullptr;
        if (NT_SUCCESS(m_Port->QueryInterface(IID_IPortClsStreamResourceManager,
                                              reinterpret_cast<void**>(&manager))) &&
            manager != nullptr) {
            m_ResourceManager.attach(manager);
        }
    }
    m_kernel.tracer().record(trace(TraceCategory::Resource, "stream resource manager")
                                 .addBool("V1", static_cast<bool>(m_ResourceManager))
                                 .addBool("V2", static_cast<bool>(m_ResourceManager2)));
}

NTSTATUS CMiniportWaveRtHda::addStreamResource(PcStreamResourceType type, PVOID resource,
                                               PCSTREAMRESOURCE* handle) {
    PCSTREAMRESOURCE_DESCRIPTOR descriptor;
    PCSTREAMRESOURCE_DESCRIPTOR_INIT(&descriptor);
    descriptor.Pdo = m_options.physicalDeviceObject;
    descriptor.Type = type;
    if (type == ePcStreamResourceInterrupt) {
        descriptor.Resource.Interrupt.Generic = resource;
    } else {
        descriptor.Resource.Thread = static_cast<PETHREAD>(resource);
    }
    if (m_ResourceManager2) {
        return m_ResourceManager2->AddStreamResource2(m_options.physicalDeviceObject, nullptr,
                                                      &descriptor, handle);
    }
    return m_ResourceManager->AddStreamResource(nullptr, &descriptor, handle);
}

void CMiniportWaveRtHda::registerStreamResources() {
    if (!m_ResourceManager && !m_ResourceManager2) {
        return;  // PortCls predates the interface: run unregistered
    }
    if (m_options.skipStreamResourceRegistration || m_options.physicalDeviceObject == nullptr) {
        m_kernel.tracer().record(
            trace(TraceCategory::Resource, "stream resources not registered")
                .addBool("BugSwitch", m_options.skipStreamResourceRegistration));
        return;
    }
    if (m_InterruptObject != nullptr && m_InterruptResource == nullptr &&
        !NT_SUCCESS(addStreamResource(ePcStreamResourceInterrupt, m_InterruptObject,
                                      &m_InterruptResource))) {
        m_InterruptResource = nullptr;  // unshielded, but the device still works
    }
    PETHREAD thread =
        m_options.registerCurrentThread ? m_kernel.PsGetCurrentThread() : m_WorkerThread;
    if (thread != nullptr && m_ThreadResource == nullptr &&
        !NT_SUCCESS(addStreamResource(ePcStreamResourceThread, thread, &m_ThreadResource))) {
        m_ThreadResource = nullptr;
    }
}

void CMiniportWaveRtHda::removeStreamResource(PCSTREAMRESOURCE* handle) {
    if (*handle == nullptr) {
        return;
    }
    // Handles from AddStreamResource2 go to the inherited method too: there
    // is no RemoveStreamResource2.
    IPortClsStreamResourceManager* manager =
        m_ResourceManager2 ? static_cast<IPortClsStreamResourceManager*>(m_ResourceManager2.get())
                           : m_ResourceManager.get();
    manager->RemoveStreamResource(*handle);
    if (m_options.removeStreamResourceTwice) {
        manager->RemoveStreamResource(*handle);
    }
    *handle = nullptr;
}

void CMiniportWaveRtHda::unregisterStreamResources() {
    if (!m_ResourceManager && !m_ResourceManager2) {
        return;
    }
    removeStreamResource(&m_InterruptResource);
    removeStreamResource(&m_ThreadResource);
}

// ------------------------------------------------------------ adapter power

void CMiniportWaveRtHda::PowerChangeState3(DEVICE_POWER_STATE NewPowerState,
                                           POWER_ACTION /*PowerAction*/) {
    if (NewPowerState == m_PowerState || !m_initialized) {
        m_PowerState = NewPowerState;
        return;
    }
    if (NewPowerState == PowerDeviceD0) {
        // Reconnect first, register after: a registered interrupt must exist.
        if (NT_SUCCESS(connectInterrupt())) {
            m_kernel.mmioSpace().WRITE_REGISTER_ULONG(registerAddress(hda::INTCTL), m_savedIntctl);
        }
        m_PowerState = NewPowerState;
        registerStreamResources();
    } else {
        // Unregister before the interrupt goes (the Docs' D0 -> Dx rule).
        unregisterStreamResources();
        m_savedIntctl = m_kernel.mmioSpace().READ_REGISTER_ULONG(registerAddress(hda::INTCTL));
        disconnectInterrupt();
        m_PowerState = NewPowerState;
        if (m_options.registerResourcesInD3 && m_WorkerThread != nullptr &&
            (m_ResourceManager || m_ResourceManager2) &&
            m_options.physicalDeviceObject != nullptr &&
            !NT_SUCCESS(
                addStreamResource(ePcStreamResourceThread, m_WorkerThread, &m_ThreadResource))) {
            m_ThreadResource = nullptr;
        }
    }
    m_kernel.tracer().record(
        trace(TraceCategory::Resource, "adapter power state")
            .addText("PowerState", devicePowerStateName(m_PowerState))
            .addUInt("InterruptId", m_InterruptObject != nullptr ? m_InterruptObject->id : 0));
}

void CMiniportWaveRtHda::D3ExitLatencyChanged(PC_EXIT_LATENCY NewLatency) {
    m_ExitLatency = NewLatency;
}

}  // namespace ps
