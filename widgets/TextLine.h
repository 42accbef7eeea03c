// TextLine: a few lines of text that change while a run goes on (a register
// summary, counters), painted by the widget itself. Its height is fixed to
// `lines` lines and its width follows the layout, so a new text repaints
// just this widget and never asks for a relayout (a QLabel would: see
// FixedSizeLabel.h). Text wraps at word boundaries and is clipped after the
// last line; the tooltip and accessible name carry the whole text. GUI
// thread.
#pragma once

#include <QString>
#include <QWidget>

namespace ps {

class TextLine : public QWidget {
    Q_OBJECT
  public:
    explicit TextLine(int lines, QWidget* parent = nullptr);

    void setText(const QString& text);
    const QString& text() const { return m_text; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QString m_text;
};

}  // namespace ps
