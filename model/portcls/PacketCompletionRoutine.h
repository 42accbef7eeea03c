// How a packet submitted to a WavePci pin (one IRP with one KSSTREAM_HEADER)
// comes back, and the routine the pin calls with it.
//
// A PacketCompletionRoutine is a PacketCompletionSink shared by any number of
// packets plus a 64-bit context the sink chose for this packet: making one
// for a client's sink copies a shared_ptr and allocates nothing, so a client
// submitting a packet every few milliseconds costs no heap allocation per
// packet. A routine made from any other callable wraps it in a sink of its
// own (one allocation; for tests and one-off callers). The pin calls the
// routine at most once, on the simulation thread, after the DDI call that
// finished the packet has returned; calling an empty routine does nothing.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/kernel/NtStatus.h"
#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>

namespace ps {

struct PacketCompletion {
    std::uint64_t packetId = 0;
    NTSTATUS status = STATUS_SUCCESS;  // STATUS_SUCCESS or STATUS_CANCELLED
    ULONG bytes = 0;                   // Irp->IoStatus.Information: bytes played / captured
    TimeNs completedAtNs = 0;
};

// Hears the completions of many packets, told apart by the context each
// routine carries.
class PacketCompletionSink {
  public:
    virtual ~PacketCompletionSink() = default;
    virtual void onPacketCompletion(std::uint64_t context, const PacketCompletion& completion) = 0;
};

class PacketCompletionRoutine {
  public:
    PacketCompletionRoutine() = default;
    PacketCompletionRoutine(std::nullptr_t) {}  // an empty routine, as for std::function
    PacketCompletionRoutine(std::shared_ptr<PacketCompletionSink> sink, std::uint64_t context)
        : m_sink(std::move(sink)), m_context(context) {}
    // Any callable taking const PacketCompletion& (lambdas, std::function).
    template <typename F, typename = std::enable_if_t<
                              !std::is_same_v<std::decay_t<F>, PacketCompletionRoutine> &&
                              !std::is_same_v<std::decay_t<F>, std::nullptr_t> &&
                              std::is_invocable_v<std::decay_t<F>&, const PacketCompletion&>>>
    PacketCompletionRoutine(F&& function)  // converts implicitly, like std::function
        : m_sink(std::make_shared<FunctionSink<std::decay_t<F>>>(std::forward<F>(function))) {}

    explicit operator bool() const { return m_sink != nullptr; }
    void operator()(const PacketCompletion& completion) const {
        if (m_sink) {
            m_sink->onPacketCompletion(m_context, completion);
        }
    }

  private:
    template <typename F>
    class FunctionSink final : public PacketCompletionSink {
      public:
        explicit FunctionSink(F function) : m_function(std::move(function)) {}
        void onPacketCompletion(std::uint64_t, const PacketCompletion& completion) override {
            m_function(completion);
        }

      private:
        F m_function;
    };

    std::shared_ptr<PacketCompletionSink> m_sink;
    std::uint64_t m_context = 0;
};

}  // namespace ps
