#include "widgets/SessionStatusView.h"

#include "widgets/FixedSizeLabel.h"
#include "widgets/LiveLabel.h"
#include "widgets/SimTimeFormat.h"
#include "widgets/TextLine.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>

namespace ps {

QString shortKsState(const std::string& state) {
    QString s = QString::fromStdString(state);
    if (s.startsWith(QLatin1String("KSSTATE_"))) {
        s = s.mid(8);
    }
    return s;
}

namespace {
void setIfChanged(QLabel* label, const QString& text) {
    if (label->text() != text) {
        label->setText(text);
        label->setAccessibleName(text);
    }
}
}  // namespace

SessionStatusView::SessionStatusView(QWidget* parent)
    : QWidget(parent),
      m_scenario(new QLabel(this)),
      m_simTime(new LiveLabel(this)),
      m_streams(new LiveLabel(this)),
      m_glitches(new LiveLabel(this)),
      m_verifier(new LiveLabel(this)),
      m_audio(new TextLine(1, this)),
      m_input(new TextLine(1, this)) {
    m_simTime->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_simTime->setToolTip(tr("Simulated time (h:mm:ss.mmm µs)"));
    m_streams->setToolTip(tr("KSSTATE of each stream's pin"));
    m_glitches->setToolTip(tr("Glitches the clients and drivers saw, all streams"));
    // Text that changes while a run goes on must not change the labels'
    // size hints: a size change relayouts the status bar and, through it,
    // the main window, which then repaints every dock.
    fixLabelSize(m_simTime, QStringLiteral("00:00:00.000 000"));
    m_streams->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    fixLabelSize(m_glitches, QStringLiteral("0000000 glitches"));
    m_glitches->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    fixLabelSize(m_verifier, QStringLiteral("verifier: 000000 warnings"));
    m_verifier->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Its text changes with the device and the latency; a TextLine never
    // asks for a relayout, and a long reason is cut at its end (the tooltip
    // has it all) rather than at its start.
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(16);
    layout->addWidget(m_scenario);
    layout->addWidget(m_simTime);
    layout->addWidget(m_streams, 2);
    layout->addWidget(m_audio, 1);
    layout->addWidget(m_input, 1);
    layout->addWidget(m_glitches);
    layout->addWidget(m_verifier);
    showSnapshot(SessionSnapshot{});
}

void SessionStatusView::showSnapshot(const SessionSnapshot& snapshot) {
    QString scenario = snapshot.scenarioName.empty()
                           ? tr("no scenario")
                           : QString::fromStdString(snapshot.scenarioName);
    if (!snapshot.error.empty()) {
        scenario += tr(" (failed to start)");
    }
    setIfChanged(m_scenario, scenario);
    setIfChanged(m_simTime, formatSimTime(snapshot.simTimeNs));
    QStringList streams;
    for (const StreamSnapshot& s : snapshot.streams) {
        streams << QStringLiteral("%1: %2").arg(QString::fromStdString(s.name),
                                                shortKsState(s.state));
    }
    setIfChanged(m_streams, streams.join(QStringLiteral(" · ")));
    const std::uint64_t glitches = snapshot.totalGlitches();
    setIfChanged(m_glitches, glitches == 1 ? tr("1 glitch") : tr("%1 glitches").arg(glitches));
    m_glitches->setStyleSheet(glitches > 0 ? QStringLiteral("color: #b35c00;") : QString());
    const std::uint64_t findings = snapshot.verifier.violations;
    setIfChanged(m_verifier, findings == 1 ? tr("verifier: 1 warning")
                                           : tr("verifier: %1 warnings").arg(findings));
    m_verifier->setStyleSheet(findings > 0 ? QStringLiteral("color: #c00000; font-weight: bold;")
                                           : QString());
    QStringList newest;
    for (const std::string& m : snapshot.verifier.newestMessages) {
        newest << QString::fromStdString(m);
    }
    m_verifier->setToolTip(newest.isEmpty() ? tr("No verifier findings")
                                            : newest.join(QLatin1Char('\n')));
}

void SessionStatusView::showAudio(const QString& pacing, TimeNs latencyNs, const QString& toolTip) {
    QString text = pacing;
    if (latencyNs >= 0) {
        text += tr(" · latency DAC→speaker: %1 ms").arg((latencyNs + 500'000) / 1'000'000);
    }
    m_audio->setText(text);
    const QString tip = toolTip.isEmpty() ? text : toolTip;
    if (m_audio->toolTip() != tip) {
        m_audio->setToolTip(tip);
    }
}

void SessionStatusView::showInput(const QString& text, const QString& toolTip) {
    m_input->setText(text);
    const QString tip = toolTip.isEmpty() ? text : toolTip;
    if (m_input->toolTip() != tip) {
        m_input->setToolTip(tip);
    }
}

QString SessionStatusView::fieldText(Field field) const {
    switch (field) {
        case Field::Scenario:
            return m_scenario->text();
        case Field::SimTime:
            return m_simTime->text();
        case Field::Streams:
            return m_streams->text();
        case Field::Glitches:
            return m_glitches->text();
        case Field::Verifier:
            return m_verifier->text();
        case Field::Audio:
            return m_audio->text();
        case Field::Input:
            return m_input->text();
    }
    return {};
}

}  // namespace ps
