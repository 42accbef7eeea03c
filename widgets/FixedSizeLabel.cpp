#include "widgets/FixedSizeLabel.h"

#include <QFontMetrics>
#include <QLabel>

#include <algorithm>

namespace ps {

void fixLabelSize(QLabel* label, const QString& widestText) {
    const QFontMetrics metrics(label->font());
    const QMargins margins = label->contentsMargins();
    const int width = metrics.horizontalAdvance(widestText) + 2 * label->margin() + margins.left() +
                      margins.right() + 4;
    const int height = std::max(label->sizeHint().height(), metrics.height());
    label->setFixedSize(width, height);
}

}  // namespace ps
