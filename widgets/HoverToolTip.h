// HoverToolTip: how the canvases answer hovering. A widget's event() hands
// every event here; a QEvent::ToolTip shows textAt(position) at the pointer,
// or hides the tip and ignores the event when that text is empty. GUI thread.
#pragma once

#include <QPoint>
#include <QString>

#include <functional>

class QEvent;
class QWidget;

namespace ps {

// True when `event` was a tool-tip event (handled); false for any other.
bool answerToolTip(QWidget* widget, QEvent* event,
                   const std::function<QString(const QPoint&)>& textAt);

}  // namespace ps
