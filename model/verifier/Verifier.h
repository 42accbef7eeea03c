// The verifier: a TraceSink that watches every DDI call record and flags what
// Driver Verifier (or the port's own checks) would flag, each finding a
// Verifier trace record (source "verifier", name = the rule's name, fields
// Rule = rule id and Message) plus an entry in violations().
//
// It only reads the DdiCall, State and Verifier records the port drivers and
// the kernel emit (DdiTrace.h describes their fields), so it works the same
// for any miniport and keeps no pointer into the stack. Stream resource
// rules read the Resource records of StreamResourceRegistry and the kernel's
// PsTerminateSystemThread / IoDisconnectInterrupt records. Kernel Verifier
// records are counted as KernelCheck violations.
#pragma once

#include "model/sim/Tracer.h"
#include "model/verifier/VerifierRules.h"

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ps {

struct Violation {
    VerifierRule rule;
    std::uint64_t recordIndex = 0;  // the Verifier record
    std::uint64_t causeIndex = 0;   // the record that showed the problem
    TimeNs timeNs = 0;
    std::uint16_t streamId = 0;
    std::string message;
};

class Verifier : public TraceSink {
  public:
    // Adds itself to the tracer's sinks; removes itself on destruction.
    explicit Verifier(Tracer& tracer);
    ~Verifier() override;
    Verifier(const Verifier&) = delete;
    Verifier& operator=(const Verifier&) = delete;

    void onTraceRecord(const TraceRecord& record) override;
    // End-of-run checks (buffers never freed, events never unregistered);
    // call once when a run ends. Each finding is recorded like the others.
    void finish();

    const std::vector<Violation>& violations() const { return m_violations; }
    std::size_t count(VerifierRule rule) const { return m_counts[static_cast<std::size_t>(rule)]; }
    std::size_t total() const { return m_violations.size(); }

    // Ended (released or revoked) WavePci tags remembered per stream.
    static constexpr std::size_t kEndedTagMemory = 4096;

  private:
    // What the verifier does with a DdiCall record of a given name.
    enum class Method : std::uint8_t {
        Other,
        GetMapping,
        ReleaseMapping,
        RevokeMappings,
        StreamSetState,
        StreamSetFormat,
        PciGetPosition,
        RtGetPosition,
        AllocateBuffer,
        FreeBuffer,
        RegisterEvent,
        UnregisterEvent,
    };
    // What the verifier does with a State, Register or Interrupt record of a
    // given name (their category decides whether it applies).
    enum class Notice : std::uint8_t {
        None,
        EventsLeftAtClose,       // State "events left registered at close"
        StopComplete,            // State "STOP complete"
        PositionRegisterSample,  // Register "position register sample"
        InterruptDisconnected,   // Interrupt "IoDisconnectInterrupt"
    };
    struct NameInfo {
        Method method = Method::Other;
        Notice notice = Notice::None;
        bool portMappingCall = false;
        int maxIrql = 0;
    };
    static NameInfo classify(const char* name);
    struct CachedName {
        const char* name = nullptr;
        const NameInfo* info = nullptr;
    };
    // Direct-mapped by name pointer in front of m_names; a miss only costs
    // the map lookup.
    const NameInfo& infoOf(const char* name) {
        CachedName& cached =
            m_nameCache[static_cast<std::size_t>(
                            (reinterpret_cast<std::uintptr_t>(name) * 0x9E3779B97F4A7C15ull) >>
                            40) %
                        kNameCacheSlots];
        return cached.name == name ? *cached.info : infoOfMiss(name, cached);
    }
    const NameInfo& infoOfMiss(const char* name, CachedName& cached);

    struct StreamState {
        std::deque<std::uint64_t> heldTags;   // in acquisition order
        std::deque<std::uint64_t> endedTags;  // the newest kEndedTagMemory, oldest first
        bool running = false;
        bool havePosition = false;
        std::uint64_t lastPosition = 0;
        bool haveState = false;
        std::string lastState;
        bool bufferAllocated = false;
        std::vector<std::uint64_t> events;  // registered notification events
        bool haveRegisterSample = false;
        std::uint64_t registerSample = 0;
    };

    // The records other than DdiCall ones (out of line: rare, and their
    // findings build messages).
    [[gnu::noinline]] void onOtherRecord(const TraceRecord& r);
    void onDdiCall(const TraceRecord& r);
    // The common DdiCall records that show no problem (a call at an allowed
    // IRQL without spin locks: any method the verifier does not follow, a
    // GetMapping, an in-order ReleaseMapping, a WavePci GetPosition that does
    // not go back): handled and true. Anything else: false, with nothing
    // changed, for onDdiCallChecked.
    bool onDdiCallQuick(const TraceRecord& r, const NameInfo& info, StreamState& s);
    // Every DdiCall check, in the order findings are reported.
    [[gnu::noinline]] void onDdiCallChecked(const TraceRecord& r, const NameInfo& info,
                                            StreamState& s);
    void checkIrql(const TraceRecord& r, int maxIrql);
    void onResource(const TraceRecord& r);
    // A resource (kernel object id) goes away: flagged if registered.
    void onResourceDeleted(const TraceRecord& r, std::uint64_t resource, const char* what);
    void onWaveRtCall(const TraceRecord& r, StreamState& s, bool ok, Method method);
    static void rememberEnded(StreamState& s, std::uint64_t tag);
    void reportAt(VerifierRule rule, std::uint16_t streamId, const std::string& message);
    void report(VerifierRule rule, const TraceRecord& cause, const std::string& message);

    // Stream ids below kIndexedStreams are indexed in front of m_streams;
    // a larger one is looked up there.
    StreamState& streamState(std::uint16_t streamId) {
        return streamId < m_streamIndex.size() && m_streamIndex[streamId] != nullptr
                   ? *m_streamIndex[streamId]
                   : streamStateMiss(streamId);
    }
    StreamState& streamStateMiss(std::uint16_t streamId);

    Tracer& m_tracer;
    std::unordered_map<const char*, NameInfo> m_names;  // by name pointer
    static constexpr std::size_t kNameCacheSlots = 256;
    std::array<CachedName, kNameCacheSlots> m_nameCache{};
    std::map<std::uint16_t, StreamState> m_streams;
    static constexpr std::size_t kIndexedStreams = 256;
    std::vector<StreamState*> m_streamIndex;  // by stream id: m_streams' nodes, or null
    // Stream resources: registered object id -> handle, and handles removed.
    std::map<std::uint64_t, std::uint64_t> m_registeredResources;
    std::map<std::uint64_t, bool> m_removedHandles;
    std::map<std::uint64_t, bool> m_reportedDeleted;
    std::vector<Violation> m_violations;
    std::array<std::size_t, kVerifierRuleCount> m_counts{};
};

}  // namespace ps
