// StreamResourcesSnapshot: PortCls's stream resources and power state at one
// moment, for the inspector's stream-resources view. Built by
// SnapshotBuilder (buildStreamResources) from each adapter's PortClsDevice
// (StreamResourceRegistry, AdapterPowerManager), the kernel's configuration
// and its interference counters. Plain values; reading them changes nothing.
//
// Times are simulated nanoseconds from the run's start. Bounded: each
// adapter keeps its newest kSnapshotRegistrations registrations (the
// totals count all of them).
#pragma once

#include "model/sim/SimTime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ps {

constexpr std::size_t kSnapshotRegistrations = 64;

struct StreamResourceRegistrationSnapshot {
    std::uint64_t handle = 0;      // the PCSTREAMRESOURCE value
    std::string type;              // "ePcStreamResourceInterrupt", "ePcStreamResourceThread"
    std::string owner;             // the interrupt's or thread's name
    std::uint64_t resourceId = 0;  // its kernel object id (trace "ResourceId")
    std::string method;            // the DDI that registered it
    std::string pdo;               // the device stack's PDO
    TimeNs registeredAtNs = 0;
    TimeNs removedAtNs = -1;  // -1: not removed by the driver
    bool removed = false;
    bool shielded = false;  // the kernel shields it now (registered)
};

struct AdapterResourcesSnapshot {
    std::string name;  // "AC'97 WavePci adapter 0", as in the stack tree
    std::string pdo;
    std::string powerState;  // "D0", "D3"
    bool poweringUp = false;
    TimeNs d0ReadyAtNs = 0;   // meaningful while poweringUp
    std::string exitLatency;  // "PcExitLatencyFast"
    TimeNs exitLatencyNs = 0;
    TimeNs idleTimeoutNs = 0;  // 0: never powers down when idle
    std::uint32_t activeStreams = 0;
    std::uint64_t powerTransitions = 0;
    std::uint64_t registeredNow = 0;
    std::uint64_t addCount = 0;
    std::uint64_t removeCount = 0;
    std::vector<StreamResourceRegistrationSnapshot> registrations;  // oldest first
};

struct StreamResourcesSnapshot {
    std::string osVersion;                       // "windows-10-1511"
    std::vector<std::string> offeredInterfaces;  // stream resource DDI PortCls offers on this OS
    bool interferenceEnabled = false;
    std::uint32_t lowLatencyStreamsRunning = 0;
    bool shieldingOn = false;  // interference on, a low-latency stream runs, a resource registered
    std::uint64_t dpcDelays = 0;
    std::uint64_t dpcShielded = 0;
    std::uint64_t threadDelays = 0;
    std::uint64_t threadShielded = 0;
    std::vector<AdapterResourcesSnapshot> adapters;  // WavePci adapters, then WaveRT
};

}  // namespace ps
