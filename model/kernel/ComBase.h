// Kernel-mode COM as PortCls uses it (portcls.h / punknown.h, stdunk.h).
//
// IUnknown: QueryInterface returns NTSTATUS, not HRESULT. Contract of every
// QueryInterface in PortScope:
// - success: *object receives a pointer of exactly the requested interface
//   type, already AddRef'd, and the result is STATUS_SUCCESS;
// - unknown iid: *object = nullptr, the reference count is unchanged, and the
//   result is STATUS_INVALID_PARAMETER. That is what the sample miniports and
//   the ReactOS port drivers return (reference/DDI.md §16, "port QI"); the
//   user-mode E_NOINTERFACE analogue STATUS_NOINTERFACE is not used;
// - object == nullptr: STATUS_INVALID_PARAMETER, nothing else happens.
//
// CUnknown is the reusable implementation base (portcls's CUnknown plus
// DECLARE_STD_UNKNOWN): it holds the reference count and deletes the object
// when Release brings it to 0. A concrete class derives from
// CUnknownImpl<Interface...>, which routes every interface's IUnknown methods
// to CUnknown, and implements NonDelegatingQueryInterface:
//
//   class CMiniportWaveICHStream : public CUnknownImpl<IMiniportWavePciStream> {
//       NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
//           if (iid == IID_IUnknown)
//               return grantInterface<IUnknown>(static_cast<IMiniportWavePciStream*>(this),
//               object);
//           if (iid == IID_IMiniportWavePciStream)
//               return grantInterface<IMiniportWavePciStream>(this, object);
//           return refuseInterface(object);
//       }
//   };
//
// Reference count: a constructed object starts at 0, as portcls's CUnknown
// does; whoever creates it takes the first reference (STD_CREATE_BODY does it
// with a QueryInterface). newComObject<T>(...) creates and takes that
// reference, so the object it returns has a count of 1. Objects must be
// allocated with `new`, because the last Release deletes them. A Release on an
// object whose count is already 0 is refused (nothing is deleted, 0 is
// returned) and counted in the registry as an over-release.
//
// Aggregation (OuterUnknown) is not modeled: every object is its own outer
// unknown. Simulation thread only.
#pragma once

#include "model/kernel/ComObjectRegistry.h"
#include "model/kernel/ComPtr.h"
#include "model/kernel/Guid.h"
#include "model/kernel/InterfaceIds.h"
#include "model/kernel/KernelTypes.h"
#include "model/kernel/NtStatus.h"

#include <cstdint>
#include <utility>

namespace ps {

struct IUnknown {
    virtual NTSTATUS QueryInterface(REFIID iid, void** object) = 0;
    virtual ULONG AddRef() = 0;
    virtual ULONG Release() = 0;

  protected:
    virtual ~IUnknown() = default;
};
using PUNKNOWN = IUnknown*;

class CUnknown {
  public:
    CUnknown(const CUnknown&) = delete;
    CUnknown& operator=(const CUnknown&) = delete;

    // Answers one interface: grantInterface or refuseInterface (see above).
    // Called with object != nullptr and *object == nullptr.
    virtual NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) = 0;
    // Returns the new count.
    ULONG NonDelegatingAddRef();
    // Returns the new count; the object is deleted when it reaches 0 and must
    // not be touched afterwards.
    ULONG NonDelegatingRelease();

    ULONG refCount() const { return m_refCount; }
    const char* className() const { return m_className; }
    // Registry id (1, 2, ...), or 0 when the object reports to no registry.
    std::uint64_t objectId() const { return m_objectId; }
    ComObjectRegistry* registry() const { return m_registry; }

  protected:
    // registry may be null; className must be a string with static storage.
    CUnknown(ComObjectRegistry* registry, const char* className);
    virtual ~CUnknown();

    // *object = iface (as an I*), iface->AddRef(), STATUS_SUCCESS.
    template <class I>
    static NTSTATUS grantInterface(I* iface, void** object) {
        if (object == nullptr) {
            return STATUS_INVALID_PARAMETER;
        }
        *object = static_cast<void*>(iface);
        iface->AddRef();
        return STATUS_SUCCESS;
    }
    // *object = nullptr, STATUS_INVALID_PARAMETER (the samples' "no such interface").
    static NTSTATUS refuseInterface(void** object);

  private:
    friend class ComObjectRegistry;
    void detachRegistry() {
        m_registry = nullptr;
        m_objectId = 0;
    }

    ULONG m_refCount = 0;
    ComObjectRegistry* m_registry;
    const char* m_className;
    std::uint64_t m_objectId = 0;
};

// Implements IUnknown for every listed interface on top of CUnknown.
template <class... Interfaces>
class CUnknownImpl : public CUnknown, public Interfaces... {
  public:
    NTSTATUS QueryInterface(REFIID iid, void** object) override {
        if (object == nullptr) {
            return STATUS_INVALID_PARAMETER;
        }
        *object = nullptr;
        return NonDelegatingQueryInterface(iid, object);
    }
    ULONG AddRef() override { return NonDelegatingAddRef(); }
    ULONG Release() override { return NonDelegatingRelease(); }

  protected:
    CUnknownImpl(ComObjectRegistry* registry, const char* className)
        : CUnknown(registry, className) {}
    ~CUnknownImpl() override = default;
};

// new T(args...) with its first reference taken: the result holds count 1.
template <class T, class... Args>
ComPtr<T> newComObject(Args&&... args) {
    return ComPtr<T>(new T(std::forward<Args>(args)...));
}

}  // namespace ps
