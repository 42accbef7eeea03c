#include "model/kernel/ComBase.h"

#include <gtest/gtest.h>

#include <utility>

namespace ps {
namespace {

// Two test interfaces with made-up identifiers.
constexpr GUID IID_ITestWidget{0x5A0C0001, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 1}};
constexpr GUID IID_ITestGadget{0x5A0C0002, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 2}};
constexpr GUID IID_INotImplemented{0x5A0C0003, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 3}};

struct ITestWidget : IUnknown {
    virtual int widgetValue() = 0;
};
struct ITestGadget : IUnknown {
    virtual int gadgetValue() = 0;
};

class CTestObject : public CUnknownImpl<ITestWidget, ITestGadget> {
  public:
    CTestObject(ComObjectRegistry* registry, bool* destroyed)
        : CUnknownImpl(registry, "CTestObject"), m_destroyed(destroyed) {}
    ~CTestObject() override {
        if (m_destroyed != nullptr) {
            *m_destroyed = true;
        }
    }

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown) {
            return grantInterface<IUnknown>(static_cast<ITestWidget*>(this), object);
        }
        if (iid == IID_ITestWidget) {
            return grantInterface<ITestWidget>(this, object);
        }
        if (iid == IID_ITestGadget) {
            return grantInterface<ITestGadget>(this, object);
        }
        return refuseInterface(object);
    }

    int widgetValue() override { return 42; }
    int gadgetValue() override { return 7; }

  private:
    bool* m_destroyed;
};

TEST(ComBase, FactoryTakesTheFirstReference) {
    ComObjectRegistry registry;
    bool destroyed = false;
    ComPtr<CTestObject> object = newComObject<CTestObject>(&registry, &destroyed);
    ASSERT_TRUE(object);
    EXPECT_EQ(object->refCount(), 1u);
    EXPECT_EQ(object->objectId(), 1u);
    EXPECT_EQ(registry.liveCount(), 1u);
    EXPECT_EQ(registry.refCountOf(1), 1u);
}

TEST(ComBase, QueryInterfaceGrantsAnAddRefdPointerOfTheRequestedType) {
    ComObjectRegistry registry;
    ComPtr<CTestObject> object = newComObject<CTestObject>(&registry, nullptr);
    void* raw = nullptr;
    EXPECT_EQ(object->QueryInterface(IID_ITestGadget, &raw), STATUS_SUCCESS);
    ASSERT_NE(raw, nullptr);
    auto* gadget = static_cast<ITestGadget*>(raw);
    EXPECT_EQ(gadget, static_cast<ITestGadget*>(object.get()));
    EXPECT_EQ(gadget->gadgetValue(), 7);
    EXPECT_EQ(object->refCount(), 2u);
    EXPECT_EQ(gadget->Release(), 1u);
    EXPECT_EQ(object->refCount(), 1u);
}

TEST(ComBase, QueryInterfaceForIUnknownGivesOneIdentityFromEveryInterface) {
    ComPtr<CTestObject> object = newComObject<CTestObject>(nullptr, nullptr);
    ComPtr<ITestWidget> widget(object.get());
    ComPtr<ITestGadget> gadget(object.get());
    ComPtr<IUnknown> viaWidget = widget.queryInterface<IUnknown>(IID_IUnknown);
    ComPtr<IUnknown> viaGadget = gadget.queryInterface<IUnknown>(IID_IUnknown);
    ASSERT_TRUE(viaWidget);
    EXPECT_EQ(viaWidget.get(), viaGadget.get());
    EXPECT_EQ(object->refCount(), 5u);
}

TEST(ComBase, UnknownInterfaceIsRefusedWithInvalidParameterAndNull) {
    ComObjectRegistry registry;
    ComPtr<CTestObject> object = newComObject<CTestObject>(&registry, nullptr);
    int sentinel = 0;
    void* raw = &sentinel;
    EXPECT_EQ(object->QueryInterface(IID_INotImplemented, &raw), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(raw, nullptr);
    EXPECT_EQ(object->refCount(), 1u);
    EXPECT_EQ(object->QueryInterface(IID_IPortWavePci, &raw), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(object->refCount(), 1u);
    // A null out-pointer is refused without touching anything.
    EXPECT_EQ(object->QueryInterface(IID_ITestWidget, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(object->refCount(), 1u);
}

TEST(ComBase, ReleaseToZeroDestroysAndUnregisters) {
    ComObjectRegistry registry;
    bool destroyed = false;
    ITestWidget* widget = newComObject<CTestObject>(&registry, &destroyed).detach();
    EXPECT_EQ(widget->AddRef(), 2u);
    EXPECT_EQ(widget->Release(), 1u);
    EXPECT_FALSE(destroyed);
    EXPECT_EQ(registry.liveCount(), 1u);
    EXPECT_EQ(widget->Release(), 0u);
    EXPECT_TRUE(destroyed);
    EXPECT_EQ(registry.liveCount(), 0u);
    EXPECT_EQ(registry.createdCount(), 1u);
    EXPECT_EQ(registry.destroyedCount(), 1u);
    EXPECT_FALSE(registry.refCountOf(1).has_value());
}

TEST(ComBase, RegistryListsLiveObjectsInCreationOrder) {
    ComObjectRegistry registry;
    ComPtr<CTestObject> first = newComObject<CTestObject>(&registry, nullptr);
    ComPtr<CTestObject> second = newComObject<CTestObject>(&registry, nullptr);
    ComPtr<CTestObject> extra = second;
    const auto live = registry.liveObjects();
    ASSERT_EQ(live.size(), 2u);
    EXPECT_EQ(live[0].id, 1u);
    EXPECT_EQ(live[0].refCount, 1u);
    EXPECT_STREQ(live[0].className, "CTestObject");
    EXPECT_EQ(live[1].id, 2u);
    EXPECT_EQ(live[1].refCount, 2u);
    first.reset();
    EXPECT_EQ(registry.liveCount(), 1u);
    EXPECT_TRUE(registry.isLive(2));
    EXPECT_FALSE(registry.isLive(1));
}

TEST(ComBase, ObjectsOutliveTheirRegistrySafely) {
    bool destroyed = false;
    ComPtr<CTestObject> object;
    {
        ComObjectRegistry registry;
        object = newComObject<CTestObject>(&registry, &destroyed);
        EXPECT_EQ(object->registry(), &registry);
    }
    EXPECT_EQ(object->registry(), nullptr);
    EXPECT_EQ(object->objectId(), 0u);
    object.reset();  // unregisters from nothing; ASan would flag a dangling registry
    EXPECT_TRUE(destroyed);
}

TEST(ComBase, OverReleaseIsRefusedAndCounted) {
    ComObjectRegistry registry;
    bool destroyed = false;
    auto* object = new CTestObject(&registry, &destroyed);  // count 0: nobody owns it yet
    EXPECT_EQ(object->Release(), 0u);
    EXPECT_FALSE(destroyed);
    EXPECT_EQ(registry.overReleaseCount(), 1u);
    EXPECT_EQ(object->AddRef(), 1u);
    EXPECT_EQ(object->Release(), 0u);
    EXPECT_TRUE(destroyed);
}

TEST(ComPtr, CopyAddRefsMoveTransfersResetReleases) {
    ComObjectRegistry registry;
    bool destroyed = false;
    ComPtr<CTestObject> a = newComObject<CTestObject>(&registry, &destroyed);
    ComPtr<CTestObject> b = a;
    EXPECT_EQ(a->refCount(), 2u);
    ComPtr<CTestObject> c = std::move(b);
    EXPECT_FALSE(b);
    EXPECT_EQ(a->refCount(), 2u);
    ComPtr<ITestWidget> widget = c;  // converting copy
    EXPECT_EQ(a->refCount(), 3u);
    widget = nullptr;
    c.reset();
    EXPECT_EQ(a->refCount(), 1u);
    ComPtr<CTestObject>& alias = a;
    a = alias;  // self-assignment keeps the reference
    EXPECT_EQ(a->refCount(), 1u);
    a.reset();
    EXPECT_TRUE(destroyed);
    EXPECT_EQ(registry.liveCount(), 0u);
}

// A DDI-style creator: *out receives an AddRef'd interface pointer.
NTSTATUS newGadget(CTestObject& object, ITestGadget** out) {
    void* raw = nullptr;
    const NTSTATUS status = object.QueryInterface(IID_ITestGadget, &raw);
    *out = static_cast<ITestGadget*>(raw);
    return status;
}

TEST(ComPtr, AttachDetachAndPut) {
    bool destroyed = false;
    CTestObject* raw = newComObject<CTestObject>(nullptr, &destroyed).detach();
    EXPECT_EQ(raw->refCount(), 1u);  // detach did not release
    ComPtr<CTestObject> owner;
    owner.attach(raw);  // adopts without AddRef
    EXPECT_EQ(raw->refCount(), 1u);

    // put(): an [out] parameter receiving an AddRef'd pointer.
    ComPtr<ITestGadget> gadget;
    EXPECT_EQ(newGadget(*owner, gadget.put()), STATUS_SUCCESS);
    EXPECT_EQ(gadget->gadgetValue(), 7);
    EXPECT_EQ(raw->refCount(), 2u);
    gadget.put();  // releases before exposing the slot again
    EXPECT_EQ(raw->refCount(), 1u);
    owner.reset();
    EXPECT_TRUE(destroyed);
}

TEST(ComPtr, QueryInterfaceHelper) {
    ComPtr<CTestObject> object = newComObject<CTestObject>(nullptr, nullptr);
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    ComPtr<ITestGadget> gadget = object.queryInterface<ITestGadget>(IID_ITestGadget, &status);
    EXPECT_EQ(status, STATUS_SUCCESS);
    ASSERT_TRUE(gadget);
    EXPECT_EQ(object->refCount(), 2u);

    ComPtr<ITestWidget> missing = object.queryInterface<ITestWidget>(IID_INotImplemented, &status);
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
    EXPECT_FALSE(missing);
    EXPECT_EQ(object->refCount(), 2u);

    ComPtr<ITestWidget> empty;
    EXPECT_FALSE(empty.queryInterface<ITestGadget>(IID_ITestGadget, &status));
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace ps
