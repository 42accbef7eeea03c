// LiveLabel: a QLabel for text that changes on every display frame while a
// run goes on (the simulated time, the run state and event count, record
// counts). Two things make its repaint cheap:
// - it is opaque: it fills its own background (the palette's brush for its
//   background role), so a new text repaints the label alone and not the
//   tool bar, status bar or dock behind it;
// - one line of printable ASCII is drawn with AsciiTextPainter (glyphs
//   looked up once per font, no text layout per frame). Other text (rich
//   text, several lines, other characters) is painted by QLabel itself.
// Everything else is QLabel's (text(), accessibility, size hints). Give it
// a fixed size with fixLabelSize, as any label whose text changes while a
// run goes on. GUI thread.
#pragma once

#include "widgets/AsciiTextPainter.h"

#include <QLabel>

#include <memory>

namespace ps {

class LiveLabel : public QLabel {
    Q_OBJECT
  public:
    explicit LiveLabel(QWidget* parent = nullptr);

    // Whether the last paint used AsciiTextPainter (tests).
    bool lastPaintWasFast() const { return m_lastPaintFast; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    std::unique_ptr<AsciiTextPainter> m_painter;
    bool m_lastPaintFast = false;
};

}  // namespace ps
