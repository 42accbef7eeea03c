// InspectorColors: the colours the inspector's views agree on, so that the
// cyclic buffer's legend also reads the timeline plots: the DMA fetch
// position (LPIB) blue, the play position green, the client's position
// purple, notifications orange, glitches red, padding light blue (a darker
// shade where it is a line). GUI thread (QColor).
#pragma once

#include <QColor>

namespace ps::colors {

inline const QColor kFetch(0x1f, 0x77, 0xb4);
inline const QColor kPlay(0x2c, 0xa0, 0x2c);
inline const QColor kClient(0x94, 0x67, 0xbd);
inline const QColor kNotify(0xff, 0x8c, 0x00);
inline const QColor kGlitch(0xd6, 0x27, 0x28);
inline const QColor kPadding(0x9e, 0xc9, 0xe8);
inline const QColor kPaddingLine(0x3b, 0x8b, 0xc4);
inline const QColor kNegative(0xf4, 0xa5, 0xa5);
inline const QColor kState(0x55, 0x55, 0x55);

}  // namespace ps::colors
