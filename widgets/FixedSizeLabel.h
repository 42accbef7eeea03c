// fixLabelSize: gives a QLabel whose text changes while a run goes on
// (simulated time, event and record counts) a fixed width, wide enough for
// `widestText` in the label's font, and a fixed height of one line.
//
// Why both: QLabel::setText always calls updateGeometry(), and Qt skips
// invalidating the parent layout only for a widget whose minimum and maximum
// sizes are equal in both directions. Any other label makes every new text
// relayout its parent and, through the dock and tool bar layouts, the whole
// main window on every display frame. GUI thread.
#pragma once

class QLabel;
class QString;

namespace ps {

void fixLabelSize(QLabel* label, const QString& widestText);

}  // namespace ps
