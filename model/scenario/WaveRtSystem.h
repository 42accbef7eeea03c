// WaveRtSystem: one emulated machine with an HD Audio-style WaveRT adapter
// (WaveRtAdapter: the HD Audio controller on the MMIO bus, a resource list
// with its memory window and interrupt, PcNewPort(WaveRT), the sample
// miniport, IPortWaveRT::Init). See SingleAdapterSystem for the contract.
#pragma once

#include "model/scenario/SingleAdapterSystem.h"
#include "model/scenario/WaveRtAdapter.h"

namespace ps {

using WaveRtSystemConfig = SingleAdapterSystemConfig<WaveRtAdapter>;
using WaveRtSystem = SingleAdapterSystem<WaveRtAdapter>;

}  // namespace ps
