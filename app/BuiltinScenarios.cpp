#include "app/BuiltinScenarios.h"

#include "app/scenario/AudioFileSource.h"
#include "app/scenario/BuiltinScenarioFiles.h"
#include "app/scenario/ScenarioLoader.h"
#include "model/scenario/ScenarioRun.h"

namespace ps {
namespace {

class ScenarioFileRun final : public BuiltinRun {
  public:
    explicit ScenarioFileRun(const ScenarioSpec& spec) : m_run(spec, hooks()) {}

    std::string start() { return m_run.start(); }
    void runUntil(TimeNs untilNs) override { m_run.advanceTo(untilNs); }
    TimeNs nowNs() const override { return m_run.now(); }
    std::uint64_t eventsExecuted() const override {
        return m_run.machine().scheduler().executedCount();
    }
    const Tracer& tracer() const override { return m_run.machine().tracer(); }
    QString traceDigestHex() const override {
        return QString::fromStdString(m_run.machine().digest().hex());
    }
    QList<QPair<QString, qint64>> counters() const override {
        QList<QPair<QString, qint64>> out;
        for (const StreamReport& r : m_run.reports()) {
            const QString name = QString::fromStdString(r.name);
            const bool render = r.direction == StreamDirection::Render;
            out.append({name + (render ? QStringLiteral(" frames played")
                                       : QStringLiteral(" frames captured")),
                        static_cast<qint64>(render ? r.framesPlayed : r.framesCaptured)});
            out.append({name + QStringLiteral(" glitches"), static_cast<qint64>(r.glitches)});
        }
        out.append({QStringLiteral("verifier findings"),
                    static_cast<qint64>(m_run.machine().verifier().total())});
        return out;
    }

  private:
    static ScenarioRunHooks hooks() {
        ScenarioRunHooks h;
        h.openFileSource = openAudioFileSource;
        return h;
    }
    ScenarioRun m_run;
};

}  // namespace

QList<BuiltinScenarioInfo> builtinScenarios() {
    QList<BuiltinScenarioInfo> list;
    for (const BuiltinScenarioFile& f : builtinScenarioFiles()) {
        list.append({f.name, f.description});
    }
    return list;
}

QString defaultBuiltinScenario() {
    return QStringLiteral("wavert-event-render");
}

std::unique_ptr<BuiltinRun> startBuiltin(const QString& name, std::optional<std::uint64_t> seed) {
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltin(name);
    if (!loaded.ok()) {
        return nullptr;
    }
    ScenarioSpec spec = *loaded.spec;
    if (seed) {
        spec.seed = *seed;
    }
    auto run = std::make_unique<ScenarioFileRun>(spec);
    if (!run->start().empty()) {
        return nullptr;
    }
    return run;
}

}  // namespace ps
