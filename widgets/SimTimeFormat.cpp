#include "widgets/SimTimeFormat.h"

namespace ps {

QString formatSimTime(TimeNs timeNs) {
    const bool negative = timeNs < 0;
    // Work on the magnitude as unsigned so that INT64_MIN does not overflow.
    const auto magnitude = negative ? 0ull - static_cast<unsigned long long>(timeNs)
                                    : static_cast<unsigned long long>(timeNs);
    const unsigned long long totalUs = magnitude / 1000;
    const unsigned long long us = totalUs % 1000;
    const unsigned long long ms = (totalUs / 1000) % 1000;
    const unsigned long long totalSeconds = totalUs / 1'000'000;
    const unsigned long long seconds = totalSeconds % 60;
    const unsigned long long minutes = (totalSeconds / 60) % 60;
    const unsigned long long hours = totalSeconds / 3600;
    return QStringLiteral("%1%2:%3:%4.%5 %6")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(hours)
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(seconds, 2, 10, QLatin1Char('0'))
        .arg(ms, 3, 10, QLatin1Char('0'))
        .arg(us, 3, 10, QLatin1Char('0'));
}

}  // namespace ps
