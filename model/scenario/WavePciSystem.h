// WavePciSystem: one emulated machine with an AC'97-style WavePci adapter
// (WavePciAdapter: the AC'97 controller on the I/O bus, a resource list with
// its ports and interrupt, PcNewPort(WavePci), the sample miniport,
// IPortWavePci::Init). See SingleAdapterSystem for the contract.
#pragma once

#include "model/scenario/SingleAdapterSystem.h"
#include "model/scenario/WavePciAdapter.h"

namespace ps {

using WavePciSystemConfig = SingleAdapterSystemConfig<WavePciAdapter>;
using WavePciSystem = SingleAdapterSystem<WavePciAdapter>;

}  // namespace ps
