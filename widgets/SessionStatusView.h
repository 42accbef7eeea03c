// SessionStatusView: the main window's status-bar line drawn from a
// SessionSnapshot: scenario, simulated time, each stream's KSSTATE (short
// form), the glitch count over all streams and the verifier's findings (the
// newest in the tooltip), and what plays the run (showAudio(): the audio
// device or the timer that paces it, and the latency from the DAC to the
// speaker), and what capture streams record from (showInput(): the input
// device or the scenario's own signals). fieldText() returns each field's text for tests and
// accessibility. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QWidget>

class QLabel;

namespace ps {

class TextLine;

class SessionStatusView : public QWidget {
    Q_OBJECT
  public:
    enum class Field { Scenario, SimTime, Streams, Glitches, Verifier, Audio, Input };

    explicit SessionStatusView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);
    // "audio: <device>" or "audio: none (timer) — <reason>"; latencyNs < 0:
    // nothing plays now (no latency shown).
    void showAudio(const QString& pacing, TimeNs latencyNs, const QString& toolTip);
    // "input: <device>" or "input: scenario source — <reason>".
    void showInput(const QString& text, const QString& toolTip);
    QString fieldText(Field field) const;

  private:
    QLabel* m_scenario;
    QLabel* m_simTime;
    QLabel* m_streams;
    QLabel* m_glitches;
    QLabel* m_verifier;
    TextLine* m_audio;  // cut at the right when the bar is narrow
    TextLine* m_input;  // likewise
};

// "KSSTATE_RUN" -> "RUN".
QString shortKsState(const std::string& state);

}  // namespace ps
