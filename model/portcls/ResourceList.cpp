#include "model/portcls/ResourceList.h"

namespace ps {
namespace {

class CResourceList final : public CUnknownImpl<IResourceList> {
  public:
    CResourceList(ComObjectRegistry* registry, std::vector<CM_PARTIAL_RESOURCE_DESCRIPTOR> entries)
        : CUnknownImpl(registry, "CResourceList"), m_entries(std::move(entries)) {}

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown || iid == IID_IResourceList) {
            return grantInterface<IResourceList>(this, object);
        }
        return refuseInterface(object);
    }
    ULONG NumberOfEntries() override { return static_cast<ULONG>(m_entries.size()); }
    ULONG NumberOfEntriesOfType(CM_RESOURCE_TYPE Type) override {
        ULONG n = 0;
        for (const auto& e : m_entries) {
            n += e.Type == Type ? 1 : 0;
        }
        return n;
    }
    PCM_PARTIAL_RESOURCE_DESCRIPTOR FindTranslatedEntry(CM_RESOURCE_TYPE Type,
                                                        ULONG Index) override {
        for (auto& e : m_entries) {
            if (e.Type == Type && Index-- == 0) {
                return &e;
            }
        }
        return nullptr;
    }

  private:
    std::vector<CM_PARTIAL_RESOURCE_DESCRIPTOR> m_entries;
};

}  // namespace

ComPtr<IResourceList> newResourceList(ComObjectRegistry* registry,
                                      std::vector<CM_PARTIAL_RESOURCE_DESCRIPTOR> entries) {
    return ComPtr<IResourceList>(newComObject<CResourceList>(registry, std::move(entries)));
}

}  // namespace ps
