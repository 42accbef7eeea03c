#include "app/BuiltinScenarios.h"

#include "model/scenario/KernelDemo.h"

namespace ps {
namespace {

class KernelDemoRun final : public BuiltinRun {
  public:
    explicit KernelDemoRun(std::uint64_t seed) : m_demo(makeConfig(seed)) {}

    void runUntil(TimeNs untilNs) override { m_demo.runUntil(untilNs); }
    TimeNs nowNs() const override { return m_demo.scheduler().now(); }
    std::uint64_t eventsExecuted() const override { return m_demo.scheduler().executedCount(); }
    const Tracer& tracer() const override { return m_demo.tracer(); }
    QString traceDigestHex() const override {
        return QString::fromStdString(m_demo.digest().hex());
    }
    QList<QPair<QString, qint64>> counters() const override {
        const auto& c = m_demo.counters();
        return {{QStringLiteral("interrupts"), static_cast<qint64>(c.interrupts)},
                {QStringLiteral("dpcs"), static_cast<qint64>(c.dpcs)},
                {QStringLiteral("client_wakeups"), static_cast<qint64>(c.clientWakeups)},
                {QStringLiteral("frames"), static_cast<qint64>(c.frames)},
                {QStringLiteral("max_wake_latency_ns"), static_cast<qint64>(c.maxWakeLatencyNs)}};
    }

  private:
    static KernelDemoConfig makeConfig(std::uint64_t seed) {
        KernelDemoConfig config;
        config.seed = seed;
        return config;
    }
    KernelDemo m_demo;
};

}  // namespace

QList<BuiltinScenarioInfo> builtinScenarios() {
    return {{QStringLiteral("kernel-demo"),
             QStringLiteral("Simulation kernel alone: a 10 ms device interrupt, its DPC, an event "
                            "and a waiting client, beside a 48 kHz frame clock")}};
}

QString defaultBuiltinScenario() {
    return QStringLiteral("kernel-demo");
}

std::unique_ptr<BuiltinRun> startBuiltin(const QString& name, std::uint64_t seed) {
    if (name == QLatin1String("kernel-demo")) {
        return std::make_unique<KernelDemoRun>(seed);
    }
    return nullptr;
}

}  // namespace ps
