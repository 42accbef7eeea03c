// Scheduler throughput: events per second for schedule + run while N events
// stay pending (the heap depth a real simulation keeps: timers, DMA engines,
// sample clocks). Each iteration runs the earliest event, which schedules one
// replacement at a pseudo-random later time, so the pending count stays N.
#include "model/sim/Scheduler.h"

#include <benchmark/benchmark.h>

#include <cstdint>

namespace {

void BM_ScheduleAndRun(benchmark::State& state) {
    const auto pending = static_cast<std::int64_t>(state.range(0));
    ps::Scheduler s;
    std::uint64_t lcg = 12345;
    auto nextDelay = [&lcg] {
        lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<ps::TimeNs>((lcg >> 33) % 10'000) + 1;
    };
    std::uint64_t fired = 0;
    struct Refire {
        ps::Scheduler* s;
        std::uint64_t* fired;
        decltype(nextDelay)* delay;
        void operator()() const {
            ++*fired;
            s->scheduleIn((*delay)(), *this);
        }
    };
    for (std::int64_t i = 0; i < pending; ++i) {
        s.scheduleIn(nextDelay(), Refire{&s, &fired, &nextDelay});
    }
    for (auto _ : state) {
        s.step();
    }
    benchmark::DoNotOptimize(fired);
    state.SetItemsProcessed(state.iterations());
    state.counters["events_per_second"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScheduleAndRun)->Arg(1)->Arg(100)->Arg(10'000);

void BM_ScheduleThenCancel(benchmark::State& state) {
    ps::Scheduler s;
    ps::TimeNs t = 0;
    for (auto _ : state) {
        const ps::EventId id = s.schedule(++t, [] {});
        s.cancel(id);
        if ((t & 1023) == 0) {
            s.runUntil(t);  // drain the lazily removed entries
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScheduleThenCancel);

}  // namespace

BENCHMARK_MAIN();
