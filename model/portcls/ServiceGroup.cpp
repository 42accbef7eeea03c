#include "model/portcls/ServiceGroup.h"

#include <algorithm>

namespace ps {
namespace {

class CServiceGroup final : public CUnknownImpl<IServiceGroup> {
  public:
    CServiceGroup(Kernel& kernel, const char* name)
        : CUnknownImpl(nullptr, "CServiceGroup"), m_kernel(kernel) {
        m_kernel.KeInitializeDpc(&m_dpc, &CServiceGroup::dpcRoutine, this, name);
        m_kernel.KeSetImportanceDpc(&m_dpc, HighImportance);
        m_kernel.KeInitializeTimer(&m_timer, name);
    }
    ~CServiceGroup() override {
        m_kernel.KeCancelTimer(&m_timer);
        m_kernel.KeRemoveQueueDpc(&m_dpc);
        for (PSERVICESINK member : m_members) {
            member->Release();
        }
    }

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown || iid == IID_IServiceSink) {
            return grantInterface<IServiceSink>(this, object);
        }
        if (iid == IID_IServiceGroup) {
            return grantInterface<IServiceGroup>(this, object);
        }
        return refuseInterface(object);
    }

    void RequestService() override {
        if (m_delayedService) {
            LARGE_INTEGER due;
            due.QuadPart = 0;
            m_kernel.KeSetTimer(&m_timer, due, &m_dpc);
            return;
        }
        // KeInsertQueueDpc is legal at any IRQL; ReactOS raises to DISPATCH
        // first when called below it, which changes nothing observable here.
        m_kernel.KeInsertQueueDpc(&m_dpc, nullptr, nullptr);
    }
    NTSTATUS AddMember(PSERVICESINK ServiceSink) override {
        if (ServiceSink == nullptr) {
            return STATUS_INVALID_PARAMETER;
        }
        if (std::find(m_members.begin(), m_members.end(), ServiceSink) != m_members.end()) {
            return STATUS_SUCCESS;
        }
        ServiceSink->AddRef();
        m_members.push_back(ServiceSink);
        return STATUS_SUCCESS;
    }
    void RemoveMember(PSERVICESINK ServiceSink) override {
        auto it = std::find(m_members.begin(), m_members.end(), ServiceSink);
        if (it != m_members.end()) {
            m_members.erase(it);
            ServiceSink->Release();
        }
    }
    void SupportDelayedService() override { m_delayedService = true; }
    void RequestDelayedService(ULONGLONG ullDelay) override {
        LARGE_INTEGER due;
        due.QuadPart = static_cast<LONGLONG>(ullDelay);
        m_kernel.KeSetTimer(&m_timer, due, &m_dpc);
    }
    void CancelDelayedService() override { m_kernel.KeCancelTimer(&m_timer); }

  private:
    static void dpcRoutine(KDPC*, PVOID context, PVOID, PVOID) {
        auto* self = static_cast<CServiceGroup*>(context);
        // A member may remove itself while being serviced: iterate a copy, and
        // keep each member alive across its call. The copy is on the stack for
        // the usual few members (a DPC per period allocated it before); the
        // group itself is not touched once the first member has been called,
        // since a member may drop the group's last reference.
        PSERVICESINK local[kLocalMembers];
        std::vector<PSERVICESINK> large;
        const std::size_t count = self->m_members.size();
        PSERVICESINK* members = local;
        if (count > kLocalMembers) {
            large = self->m_members;
            members = large.data();
        } else {
            std::copy(self->m_members.begin(), self->m_members.end(), local);
        }
        for (std::size_t i = 0; i < count; ++i) {
            members[i]->AddRef();
        }
        for (std::size_t i = 0; i < count; ++i) {
            members[i]->RequestService();
        }
        for (std::size_t i = 0; i < count; ++i) {
            members[i]->Release();
        }
    }

    static constexpr std::size_t kLocalMembers = 8;

    Kernel& m_kernel;
    KDPC m_dpc;
    KTIMER m_timer;
    bool m_delayedService = false;
    std::vector<PSERVICESINK> m_members;
};

}  // namespace

NTSTATUS PcNewServiceGroup(Kernel& kernel, PSERVICEGROUP* OutServiceGroup, PUNKNOWN OuterUnknown,
                           const char* name) {
    if (OutServiceGroup == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutServiceGroup = nullptr;
    if (OuterUnknown != nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    auto* group = new CServiceGroup(kernel, name);
    group->AddRef();
    *OutServiceGroup = group;
    return STATUS_SUCCESS;
}

}  // namespace ps
