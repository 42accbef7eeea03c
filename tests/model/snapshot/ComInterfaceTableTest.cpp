// The static interface table the stack tree shows must say exactly what each
// class's QueryInterface answers.
#include "model/kernel/ComBase.h"
#include "model/kernel/InterfaceIds.h"
#include "model/scenario/ScenarioRun.h"
#include "model/snapshot/ComInterfaceTable.h"
#include "tests/model/session/SessionSpecs.h"

#include <gtest/gtest.h>

#include <set>

namespace ps {
namespace {

// Asks the object every known identifier and lists the ones it grants (each
// granted reference released again).
std::vector<std::string> queriedInterfaces(IUnknown* object) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < knownInterfaceCount(); ++i) {
        const InterfaceIdEntry& entry = knownInterfaces()[i];
        void* granted = nullptr;
        if (NT_SUCCESS(object->QueryInterface(*entry.iid, &granted))) {
            out.emplace_back(entry.name);
            static_cast<IUnknown*>(granted)->Release();
        }
    }
    return out;
}

void expectTableMatches(IUnknown* object, const CUnknown& impl, const ComQueryContext& context) {
    SCOPED_TRACE(impl.className());
    const ULONG refsBefore = impl.refCount();
    const std::vector<std::string> asked = queriedInterfaces(object);
    const std::vector<std::string> table = comInterfacesOf(impl.className(), context);
    EXPECT_FALSE(table.empty());
    EXPECT_EQ(std::set<std::string>(asked.begin(), asked.end()),
              std::set<std::string>(table.begin(), table.end()));
    EXPECT_EQ(impl.refCount(), refsBefore);
}

const CUnknown& implOf(const IUnknown* iface) {
    return *dynamic_cast<const CUnknown*>(iface);
}

void checkEveryObject(OsVersion os) {
    ScenarioSpec spec = test::mixedSessionSpec();
    spec.osVersion = os;
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(20));
    std::set<std::string> seen;

    for (std::size_t i = 0; i < run.wavePciAdapterCount(); ++i) {
        CPortWavePci* port = run.wavePciAdapter(i).port();
        expectTableMatches(static_cast<IPortWavePci*>(port), *port, {os, true});
        expectTableMatches(port->miniport(), implOf(port->miniport()), {os, true});
        seen.insert(port->className());
        seen.insert(implOf(port->miniport()).className());
    }
    for (std::size_t i = 0; i < run.waveRtAdapterCount(); ++i) {
        CPortWaveRT* port = run.waveRtAdapter(i).port();
        const ComQueryContext context{os, port->streamResources() != nullptr};
        expectTableMatches(static_cast<IPortWaveRT*>(port), *port, context);
        expectTableMatches(port->miniport(), implOf(port->miniport()), context);
        seen.insert(port->className());
        seen.insert(implOf(port->miniport()).className());
    }
    for (std::size_t s = 0; s < run.streamCount(); ++s) {
        if (CPortPinWavePci* pin = run.wavePciPin(s)) {
            expectTableMatches(static_cast<IPortWavePciStream*>(pin), *pin, {os, true});
            expectTableMatches(pin->miniportStream(), implOf(pin->miniportStream()), {os, true});
            seen.insert(pin->className());
            seen.insert(implOf(pin->miniportStream()).className());
        }
        if (CPortPinWaveRT* pin = run.waveRtPin(s)) {
            expectTableMatches(static_cast<IPortWaveRTStream*>(pin), *pin, {os, true});
            expectTableMatches(pin->miniportStream(), implOf(pin->miniportStream()), {os, true});
            seen.insert(pin->className());
            seen.insert(implOf(pin->miniportStream()).className());
        }
    }
    // Every class the table knows was checked against a live object.
    const std::vector<std::string> classes = comInterfaceTableClasses();
    EXPECT_EQ(seen, std::set<std::string>(classes.begin(), classes.end()));
}

TEST(ComInterfaceTableTest, MatchesQueryInterfaceOnTheNewestOs) {
    checkEveryObject(OsVersion::Windows10V1511);
}

TEST(ComInterfaceTableTest, MatchesQueryInterfaceOnWindows81) {
    checkEveryObject(OsVersion::Windows81);
}

TEST(ComInterfaceTableTest, StreamResourceManagersDependOnTheOsAndTheDevice) {
    const auto has = [](const std::vector<std::string>& list, const char* name) {
        return std::find(list.begin(), list.end(), name) != list.end();
    };
    const auto newest = comInterfacesOf("CPortWaveRT", {OsVersion::Windows10V1511, true});
    EXPECT_TRUE(has(newest, "IPortClsStreamResourceManager"));
    EXPECT_TRUE(has(newest, "IPortClsStreamResourceManager2"));
    const auto old = comInterfacesOf("CPortWaveRT", {OsVersion::Windows81, true});
    EXPECT_FALSE(has(old, "IPortClsStreamResourceManager"));
    EXPECT_TRUE(has(old, "IPortWaveRT"));
    const auto noDevice = comInterfacesOf("CPortWaveRT", {OsVersion::Windows10V1511, false});
    EXPECT_FALSE(has(noDevice, "IPortClsStreamResourceManager2"));
    EXPECT_TRUE(comInterfacesOf("CNoSuchClass", {}).empty());
    EXPECT_TRUE(comInterfacesOf(nullptr, {}).empty());
}

}  // namespace
}  // namespace ps
