// MappingQueueSnapshot: what one WavePci stream's mappings look like at one
// moment, for the inspector's mapping-queue view. Plain values copied by
// SnapshotBuilder (buildMappingQueueSnapshot) from the port's
// WavePciMappingQueue, the AC'97 miniport's mapping ring and the bus master
// engine's registers and buffer descriptor list; nothing points into the
// model.
//
// Phases of a mapping (the lanes of the view), from the port's and the
// miniport's bookkeeping together:
// - Available: bytes of a client packet the port has not handed out yet (no
//   tag exists for them: one entry per packet, tag 0, the physical address
//   of its next unmapped byte and the bytes left).
// - Held: the miniport got it from GetMapping but it is in no descriptor slot
//   (a buggy or non-AC'97 miniport, or between GetMapping and its queueing).
// - Loaded: in descriptor slot `slot`, not yet finished by the engine.
// - Played: in descriptor slot `slot`, finished by the engine (fetched for
//   render, stored for capture) but not yet released by the miniport.
// - Released / Revoked: ended (the newest kSnapshotEndedMappings are kept).
//
// Register values are as of the engine's last sync (a snapshot never syncs:
// it must not change the run). Sizes are bounded, so building one costs the
// same whatever the run's length.
#pragma once

#include "model/sim/SimTime.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ps {

enum class MappingPhase : std::uint8_t { Available, Held, Loaded, Played, Released, Revoked };
constexpr int kMappingPhaseCount = 6;
const char* mappingPhaseName(MappingPhase phase);  // "available", "held", "loaded", ...

// Entries a snapshot keeps of each bounded kind.
constexpr std::size_t kSnapshotEndedMappings = 12;  // released or revoked, newest
constexpr std::size_t kSnapshotAvailablePackets = 16;
constexpr std::size_t kSnapshotLiveMappings = 64;  // held, loaded and played

struct MappingEntrySnapshot {
    MappingPhase phase = MappingPhase::Available;
    std::uint64_t tag = 0;  // the miniport's tag; 0 for Available
    std::uint64_t packetId = 0;
    std::uint64_t sequence = 0;         // acquisition order; 0 for Available
    std::uint64_t physicalAddress = 0;  // of its first byte
    std::uint32_t byteCount = 0;
    std::uint64_t streamOffsetBytes = 0;  // stream-relative offset of its first byte
    bool lastOfPacket = false;            // GetMapping's Flags: ends its packet
    int slot = -1;                        // Loaded / Played: the descriptor slot
    TimeNs acquiredAtNs = -1;             // -1 for Available
    TimeNs endedAtNs = -1;                // Released / Revoked only
};

// One of the 32 buffer descriptor list slots as it is in memory at BDBAR.
struct DescriptorSlotSnapshot {
    bool readable = false;      // false: BDBAR points outside allocated memory
    std::uint32_t address = 0;  // dword 0: buffer pointer
    std::uint16_t samples = 0;  // length in PS_FMT length units
    std::uint32_t bytes = 0;    // samples x length unit
    bool ioc = false;           // interrupt on completion
    bool bup = false;           // buffer underrun policy
    bool queued = false;        // the miniport's ring has a mapping here
    std::uint64_t tag = 0;      // that mapping's tag (queued only)
};

struct MappingQueueSnapshot {
    std::uint16_t streamId = 0;
    bool capture = false;
    std::string engineName;  // "PO", "PI", "MC"
    std::string dmaState;    // the miniport's "ON", "OFF", "RESET", "NEED_START"

    // Phases in order: available (packet order), held / loaded / played
    // (acquisition order), then the ended ones (oldest first).
    std::vector<MappingEntrySnapshot> mappings;

    // The engine's registers (HARDWARE.md §1.1) and its list.
    std::array<DescriptorSlotSnapshot, 32> descriptorSlots{};
    std::uint32_t bdbar = 0;
    std::uint8_t civ = 0;
    std::uint8_t lvi = 0;
    std::uint8_t piv = 0;
    std::uint16_t picbSamples = 0;  // PS_FMT length units left in the current buffer
    std::uint32_t picbBytes = 0;
    std::uint16_t sr = 0;
    std::uint8_t cr = 0;
    std::uint32_t lengthUnitBytes = 2;
    std::uint32_t fifoLevelBytes = 0;
    bool dmaRunning = false;  // CR.RPBM
    bool halted = true;       // SR.DCH

    // The miniport's ring: head slot and entries queued.
    std::uint32_t ringHead = 0;
    std::uint32_t ringCount = 0;

    // Totals (stream-relative bytes since the last STOP).
    std::uint64_t bytesQueued = 0;
    std::uint64_t bytesMapped = 0;
    std::uint64_t bytesReleased = 0;
    std::uint64_t mappingsHeld = 0;  // by the port's count (the ring may lag)

    // Index into `mappings` of the first entry of `phase`, or -1.
    int firstOf(MappingPhase phase) const;
    // Entries of `phase`.
    std::size_t countOf(MappingPhase phase) const;
    // The entry with `tag` (not Available), or nullptr.
    const MappingEntrySnapshot* findTag(std::uint64_t tag) const;
};

}  // namespace ps
