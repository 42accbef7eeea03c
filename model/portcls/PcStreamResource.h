// PcAddStreamResource / PcRemoveStreamResource: the free-function form of the
// stream resource manager for Windows-10-only drivers (DDI.md §13), PASSIVE.
// Like PcNewPortWaveRT they take the Kernel first (PortScope has no global
// state); the rest is the DDI's parameter list.
//
// Emulated OS version (KernelConfig::osVersion):
// - Windows 8.1: the functions do not exist there (a driver importing them
//   would not load). PortScope answers STATUS_NOT_IMPLEMENTED, changes
//   nothing and traces the call with Reason "absent before Windows 10".
// - Windows 10 RTM and later: the Pdo's stream resource registry
//   (DEVICE_OBJECT::streamResources) handles the call with the checks listed
//   in StreamResourceRegistry.h. A Pdo without one (or NULL) is
//   STATUS_INVALID_PARAMETER; so is a handle no registry issued.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/portcls/StreamResource.h"

namespace ps {

NTSTATUS PcAddStreamResource(Kernel& kernel, PDEVICE_OBJECT Pdo, PVOID ResourceSet,
                             PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                             PCSTREAMRESOURCE* ResourceHandle);
NTSTATUS PcRemoveStreamResource(Kernel& kernel, PCSTREAMRESOURCE ResourceHandle);

// True when the OS version offers the free functions and
// IPortClsStreamResourceManager (Windows 10 RTM on), and ...2 (1511 on).
bool osHasStreamResourceManager(OsVersion version);
bool osHasStreamResourceManager2(OsVersion version);

}  // namespace ps
