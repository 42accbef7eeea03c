// The service group's DPC: every member serviced once per request, in the
// order they joined, however many members there are and whatever a member
// does to the group from inside its own RequestService.
#include "model/portcls/ServiceGroup.h"

#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace ps {
namespace {

// A sink that logs its index and then runs an optional action.
class RecordingSink : public CUnknownImpl<IServiceSink> {
  public:
    RecordingSink(int index, std::vector<int>& log)
        : CUnknownImpl(nullptr, "RecordingSink"), m_index(index), m_log(log) {}
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown || iid == IID_IServiceSink) {
            return grantInterface<IServiceSink>(this, object);
        }
        return refuseInterface(object);
    }
    void RequestService() override {
        m_log.push_back(m_index);
        if (onService) {
            onService();
        }
    }
    std::function<void()> onService;

  private:
    int m_index;
    std::vector<int>& m_log;
};

class ServiceGroupTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(PcNewServiceGroup(kernel, &group, nullptr, "test group"), STATUS_SUCCESS);
    }
    void TearDown() override {
        if (group != nullptr) {
            group->Release();
        }
    }
    ComPtr<RecordingSink> addSink(int index) {
        auto sink = newComObject<RecordingSink>(index, log);
        EXPECT_EQ(group->AddMember(sink.get()), STATUS_SUCCESS);
        return sink;
    }
    void serviceOnce() {
        group->RequestService();
        scheduler.runUntil(scheduler.now() + 1'000'000);
    }

    Scheduler scheduler;
    Tracer tracer{scheduler, 1 << 12};
    Kernel kernel{scheduler, tracer};
    PSERVICEGROUP group = nullptr;
    std::vector<int> log;
};

TEST_F(ServiceGroupTest, ServicesEveryMemberInJoiningOrderBeyondTheStackCopy) {
    std::vector<ComPtr<RecordingSink>> sinks;
    for (int i = 0; i < 11; ++i) {
        sinks.push_back(addSink(i));
    }
    serviceOnce();
    EXPECT_EQ(log, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    log.clear();
    serviceOnce();
    EXPECT_EQ(log.size(), 11u) << "a second request services every member again";
}

TEST_F(ServiceGroupTest, MemberRemovedDuringServiceIsCalledThisPassOnly) {
    auto first = addSink(0);
    auto second = addSink(1);
    auto third = addSink(2);
    // The first member removes the second and itself; this pass still calls
    // everyone who was a member when the DPC started.
    first->onService = [&] {
        group->RemoveMember(second.get());
        group->RemoveMember(first.get());
    };
    serviceOnce();
    EXPECT_EQ(log, (std::vector<int>{0, 1, 2}));
    log.clear();
    serviceOnce();
    EXPECT_EQ(log, (std::vector<int>{2}));
}

}  // namespace
}  // namespace ps
