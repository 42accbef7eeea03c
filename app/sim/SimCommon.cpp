#include "app/sim/SimCommands.h"

#include <QTextStream>

namespace ps::sim {

int fail(int code, const QString& message) {
    QTextStream(stderr) << "portscope-sim: " << message << '\n';
    return code;
}

bool parseSeconds(const QString& text, double* seconds, QString* error) {
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !(value > 0) || value > 1e6) {
        *error = QStringLiteral("--seconds must be a number of seconds in (0, 1000000], got '%1'")
                     .arg(text);
        return false;
    }
    *seconds = value;
    return true;
}

}  // namespace ps::sim
