// A scripted WavePci miniport for port tests: records every call the port
// makes, returns configurable statuses, optionally gives the stream a service
// group, and takes mappings only when the test tells it to.
#pragma once

#include "model/portcls/PortWavePci.h"

#include <string>
#include <vector>

namespace ps {

struct FakeMiniportLog {
    std::vector<std::string> calls;
    std::vector<KSSTATE> states;
    int services = 0;
    int mappingAvailable = 0;
    int revokes = 0;
};

class FakeWavePciStream final : public CUnknownImpl<IMiniportWavePciStream> {
  public:
    FakeWavePciStream(FakeMiniportLog& log, PPORTWAVEPCISTREAM port)
        : CUnknownImpl(nullptr, "FakeWavePciStream"), m_log(log), m_port(port) {}
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown || iid == IID_IMiniportWavePciStream) {
            return grantInterface<IMiniportWavePciStream>(this, object);
        }
        return refuseInterface(object);
    }
    NTSTATUS SetFormat(PKSDATAFORMAT) override {
        m_log.calls.push_back("SetFormat");
        return STATUS_SUCCESS;
    }
    NTSTATUS SetState(KSSTATE State) override {
        m_log.calls.push_back("SetState");
        m_log.states.push_back(State);
        return failState == State ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
    }
    NTSTATUS GetPosition(PULONGLONG Position) override {
        *Position = position;
        return STATUS_SUCCESS;
    }
    NTSTATUS NormalizePhysicalPosition(PLONGLONG) override { return STATUS_SUCCESS; }
    NTSTATUS GetAllocatorFraming(PKSALLOCATOR_FRAMING f) override {
        f->Frames = 8;
        f->FrameSize = 1920;
        return STATUS_SUCCESS;
    }
    NTSTATUS RevokeMappings(PVOID, PVOID, PULONG revoked) override {
        ++m_log.revokes;
        *revoked = static_cast<ULONG>(held.size());
        held.clear();
        return STATUS_SUCCESS;
    }
    void MappingAvailable() override { ++m_log.mappingAvailable; }
    void Service() override { ++m_log.services; }

    // Takes one mapping; returns the port's status.
    NTSTATUS take(ULONG tag, ULONG* bytes = nullptr, ULONG* flags = nullptr) {
        PHYSICAL_ADDRESS pa = 0;
        PVOID va = nullptr;
        ULONG n = 0, f = 0;
        const NTSTATUS s = m_port->GetMapping(tagToPointer(tag), &pa, &va, &n, &f);
        if (NT_SUCCESS(s)) {
            held.push_back(tag);
        }
        if (bytes != nullptr)
            *bytes = n;
        if (flags != nullptr)
            *flags = f;
        return s;
    }
    NTSTATUS release(ULONG tag) {
        held.erase(std::remove(held.begin(), held.end(), tag), held.end());
        return m_port->ReleaseMapping(tagToPointer(tag));
    }

    ULONGLONG position = 0;
    KSSTATE failState = static_cast<KSSTATE>(-1);
    std::vector<ULONG> held;

  private:
    FakeMiniportLog& m_log;
    PPORTWAVEPCISTREAM m_port;  // not AddRef'd: the test controls lifetimes
};

class FakeWavePciMiniport final : public CUnknownImpl<IMiniportWavePci> {
  public:
    FakeWavePciMiniport(Kernel& kernel, FakeMiniportLog& log, bool streamGroup)
        : CUnknownImpl(nullptr, "FakeWavePciMiniport"),
          m_kernel(kernel),
          m_log(log),
          m_streamGroup(streamGroup) {
        PCPIN_DESCRIPTOR render;
        render.DataFlow = KSPIN_DATAFLOW_IN;
        render.DataRanges.push_back(KSDATARANGE_AUDIO{2, 16, 16, 8000, 48000, false});
        PCPIN_DESCRIPTOR bridge;
        bridge.streaming = false;
        m_filter.Pins = {render, bridge};
    }
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown || iid == IID_IMiniportWavePci) {
            return grantInterface<IMiniportWavePci>(this, object);
        }
        return refuseInterface(object);
    }
    NTSTATUS GetDescription(PPCFILTER_DESCRIPTOR* d) override {
        *d = &m_filter;
        return STATUS_SUCCESS;
    }
    NTSTATUS DataRangeIntersection(ULONG, const KSDATARANGE_AUDIO*, const KSDATARANGE_AUDIO*, ULONG,
                                   PVOID, PULONG) override {
        return STATUS_NOT_IMPLEMENTED;
    }
    NTSTATUS Init(PUNKNOWN, PRESOURCELIST, PPORTWAVEPCI Port, PSERVICEGROUP* group) override {
        m_log.calls.push_back("Init");
        port = Port;
        *group = nullptr;
        return STATUS_SUCCESS;
    }
    NTSTATUS NewStream(PMINIPORTWAVEPCISTREAM* Stream, PUNKNOWN, POOL_TYPE,
                       PPORTWAVEPCISTREAM PortStream, ULONG, BOOLEAN, PKSDATAFORMAT,
                       PDMACHANNEL* DmaChannel, PSERVICEGROUP* ServiceGroup) override {
        m_log.calls.push_back("NewStream");
        auto* s = new FakeWavePciStream(m_log, PortStream);
        s->AddRef();
        stream = s;
        *Stream = s;
        *DmaChannel = nullptr;
        *ServiceGroup = nullptr;
        if (m_streamGroup) {
            PcNewServiceGroup(m_kernel, ServiceGroup, nullptr, "fake stream group");
            group = *ServiceGroup;
        }
        return STATUS_SUCCESS;
    }
    void Service() override {}

    PPORTWAVEPCI port = nullptr;
    FakeWavePciStream* stream = nullptr;  // owned by the port's pin
    PSERVICEGROUP group = nullptr;        // owned by the port's pin

  private:
    Kernel& m_kernel;
    FakeMiniportLog& m_log;
    bool m_streamGroup;
    PCFILTER_DESCRIPTOR m_filter;
};

}  // namespace ps
