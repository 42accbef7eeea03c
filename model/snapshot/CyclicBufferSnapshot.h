// CyclicBufferSnapshot: one WaveRT stream's cyclic buffer at one moment, for
// the inspector's cyclic-buffer view. Plain values copied by SnapshotBuilder
// (buildCyclicBufferSnapshot) from the WaveRT pin, the HD Audio miniport's
// stream (its BDL as programmed), the controller's stream descriptor and the
// client; nothing points into the model.
//
// Offsets are bytes from the buffer's start, in [0, bufferBytes). Stream
// positions are bytes since the current run started (KS resets them at STOP)
// and are what the offsets are taken modulo bufferBytes from.
// - fetch (LPIB): where the DMA is: render, bytes fetched into the FIFO;
//   capture, bytes stored to memory.
// - play: where the converter is: render, the byte the DAC takes next (fetch
//   minus the FIFO level); capture, the byte the ADC stores next.
// - client: the client's write position W (render) or read position D
//   (capture).
// - padding: render, W minus the play position (bytes written and not yet
//   played; negative while the device plays what was never written);
//   capture, the fetch position minus D (bytes recorded and not yet read).
//   The view shades the region between the two.
// Device values are as of the controller's last sync (a snapshot never syncs:
// it must not change the run). Sizes are bounded.
#pragma once

#include "model/sim/SimTime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ps {

constexpr std::size_t kSnapshotBdlEntries = 256;    // the BDL's own limit
constexpr std::size_t kSnapshotBufferPages = 1024;  // 4 MiB of buffer
constexpr std::size_t kSnapshotUnderruns = 8;

struct CyclicBdlEntrySnapshot {
    std::uint32_t offsetBytes = 0;  // where in the buffer the entry starts
    std::uint64_t address = 0;      // physical
    std::uint32_t lengthBytes = 0;
    bool ioc = false;
};

struct CyclicPageSnapshot {
    std::uint32_t offsetBytes = 0;  // page start in the buffer (first page: 0)
    std::uint64_t physicalAddress = 0;
};

// A client-detected glitch: render underrun or capture overflow.
struct CyclicUnderrunSnapshot {
    TimeNs atNs = 0;
    std::uint32_t runIndex = 0;
    std::uint32_t offsetBytes = 0;          // device position modulo the buffer
    std::uint64_t devicePositionBytes = 0;  // stream position the client observed
    std::uint64_t bytesAffected = 0;        // missed (render) or lost (capture)
};

// A run of frames the converter glitched on in the hardware: the DAC found no
// whole frame in the FIFO (underrun, it played zeros) or the ADC no room
// (overrun, frames lost). offsetBytes is LPIB when it began: where in the
// buffer the DMA stood.
struct CyclicHardwareGlitchSnapshot {
    TimeNs atNs = 0;
    bool underrun = true;
    std::uint32_t offsetBytes = 0;
    std::int64_t frames = 0;  // glitching frames in the run (so far)
};

struct CyclicBufferSnapshot {
    std::uint16_t streamId = 0;
    bool capture = false;
    bool eventMode = false;  // notifications (else the client polls)
    std::uint32_t bufferBytes = 0;
    std::uint32_t bytesPerFrame = 0;
    std::uint32_t rateHz = 0;  // frames per second of the stream's format
    std::uint32_t notificationCount = 0;
    bool contiguous = false;   // one physically contiguous allocation
    int descriptorIndex = -1;  // the controller's stream descriptor

    std::vector<CyclicBdlEntrySnapshot> bdl;
    std::vector<CyclicPageSnapshot> pages;
    std::vector<std::uint32_t> notificationOffsets;  // ends of IOC entries

    // Device.
    bool running = false;  // SDnCTL.RUN
    std::uint32_t lpibBytes = 0;
    std::uint32_t playOffsetBytes = 0;
    std::uint32_t fifoLevelBytes = 0;
    std::uint32_t fifoCapacityBytes = 0;
    unsigned currentEntry = 0;             // BDL entry the DMA is in
    std::uint64_t fetchPositionBytes = 0;  // stream position of LPIB
    std::uint64_t playPositionBytes = 0;   // stream position of play
    std::int64_t underrunFrames = 0;       // DAC ticks without data (hardware)

    // Client.
    std::uint64_t clientPositionBytes = 0;
    std::uint32_t clientOffsetBytes = 0;
    std::uint64_t observedPositionBytes = 0;  // the device position it last read
    std::int64_t paddingBytes = 0;
    std::uint64_t clientGlitches = 0;               // all of them, not only the kept ones
    std::vector<CyclicUnderrunSnapshot> underruns;  // newest last
    // The newest hardware glitch runs (at most kSnapshotUnderruns), newest last.
    std::vector<CyclicHardwareGlitchSnapshot> hardwareGlitches;
};

}  // namespace ps
