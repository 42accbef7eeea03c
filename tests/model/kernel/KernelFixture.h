// A scheduler, tracer and kernel wired together, plus helpers to look at the
// trace, for the kernel tests.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace ps {

class KernelFixture : public ::testing::Test {
  protected:
    Scheduler scheduler;
    Tracer tracer{scheduler, 4096};
    Kernel kernel{scheduler, tracer};

    std::vector<const TraceRecord*> records(TraceCategory category, const char* name = nullptr) {
        std::vector<const TraceRecord*> out;
        tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
            if (r.category == category && (name == nullptr || std::strcmp(r.name, name) == 0)) {
                out.push_back(&r);
            }
        });
        return out;
    }
    std::size_t violations() { return records(TraceCategory::Verifier).size(); }
};

}  // namespace ps
