// A started WaveRT machine for the stream resource tests: its port answers
// the resource manager interfaces, its PDO is the registry's stack. Helpers
// build descriptors, create driver threads and find trace records.
#pragma once

#include "model/portcls/PcStreamResource.h"
#include "model/portcls/StreamResourceRegistry.h"
#include "model/scenario/WaveRtSystem.h"

#include <gtest/gtest.h>

#include <cstring>

namespace ps {

inline WaveRtSystemConfig resourceSystemConfig(OsVersion os) {
    WaveRtSystemConfig c;
    c.kernel.osVersion = os;
    return c;
}

class ResourceMachine {
  public:
    explicit ResourceMachine(OsVersion os = OsVersion::Windows10V1511)
        : system(resourceSystemConfig(os)) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
    }

    Kernel& kernel() { return system.kernel(); }
    StreamResourceRegistry& registry() { return system.portClsDevice().streamResources(); }

    template <class I>
    ComPtr<I> query(REFIID iid, NTSTATUS* status = nullptr) {
        I* raw = nullptr;
        const NTSTATUS s = system.port()->QueryInterface(iid, reinterpret_cast<void**>(&raw));
        if (status != nullptr) {
            *status = s;
        }
        ComPtr<I> out;
        if (NT_SUCCESS(s) && raw != nullptr) {
            out.attach(raw);
        }
        return out;
    }

    PETHREAD newDriverThread() {
        PETHREAD thread = nullptr;
        EXPECT_EQ(kernel().PsCreateSystemThread(
                      &thread, [](PVOID) {}, nullptr, "test driver thread"),
                  STATUS_SUCCESS);
        return thread;
    }

    PCSTREAMRESOURCE_DESCRIPTOR threadDescriptor(PETHREAD thread) {
        PCSTREAMRESOURCE_DESCRIPTOR d;
        PCSTREAMRESOURCE_DESCRIPTOR_INIT(&d);
        d.Pdo = &system.pdo();
        d.Type = ePcStreamResourceThread;
        d.Resource.Thread = thread;
        return d;
    }

    // The newest Resource record named `name`, or null.
    const TraceRecord* lastResource(const char* name) {
        const TraceRecord* found = nullptr;
        system.tracer().ring().forEachFrom(0, [&](const TraceRecord& r) {
            if (r.category == TraceCategory::Resource && std::strcmp(r.name, name) == 0) {
                found = &r;
            }
        });
        return found;
    }
    std::string lastReason(const char* name) {
        const TraceRecord* r = lastResource(name);
        const TraceField* f = r != nullptr ? r->field("Reason") : nullptr;
        return f != nullptr ? f->text : "";
    }
    std::size_t count(VerifierRule rule) { return system.verifier().count(rule); }

    WaveRtSystem system;
};

}  // namespace ps
