// Formatting of simulated time for display: "h:mm:ss.mmm uuu" with the
// microseconds in a separate group so that stepping by single events shows
// visible change. Pure functions, tested without a widget.
#pragma once

#include "model/sim/SimTime.h"

#include <QString>

namespace ps {

// 0 -> "0:00:00.000 000"; 3'723'004'005'000 ns -> "1:02:03.004 005".
// Negative times (never produced by the model) are shown with a leading '-'.
QString formatSimTime(TimeNs timeNs);

}  // namespace ps
