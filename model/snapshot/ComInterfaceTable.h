// The interfaces each COM class of the emulated stack answers to
// QueryInterface, as a static table, so the inspector can list them without
// calling QueryInterface (which would AddRef, change reference counts the
// views show and could trace). A test checks the table against the real
// QueryInterface of every class for every known interface identifier.
//
// Some answers depend on the machine: CPortWaveRT answers
// IPortClsStreamResourceManager(2) only on an OS version that has it and
// once the port sits on a device with PortCls device state. The context
// carries those facts. Pure function; any thread.
#pragma once

#include "model/kernel/OsVersion.h"

#include <string>
#include <vector>

namespace ps {

struct ComQueryContext {
    OsVersion osVersion = OsVersion::Windows10V1511;
    bool portHasDeviceState = true;  // CPortWaveRT::streamResources() != nullptr
};

// DDI names without the IID_ prefix ("IUnknown", "IPortWaveRT"), in the
// order the class's QueryInterface tests them. Empty for a class the table
// does not know (className as given to CUnknown, "CPortWaveRT").
std::vector<std::string> comInterfacesOf(const char* className, const ComQueryContext& context);

// Every class name the table knows.
std::vector<std::string> comInterfaceTableClasses();

}  // namespace ps
