// The outcome of checking a format: a list of errors (the format is refused)
// and a separate list of warnings (accepted, but the DDI advises otherwise).
// Each entry is one human sentence that names the offending field and the
// allowed range or expected value, e.g.
//     "nSamplesPerSec 7000 is outside 8000..384000 Hz".
#pragma once

#include <string>
#include <vector>

namespace ps {

struct FormatCheck {
    std::vector<std::string> errors;
    std::vector<std::string> warnings;

    bool ok() const { return errors.empty(); }
    bool hasWarnings() const { return !warnings.empty(); }

    // Errors joined with "; ", or "" when there are none.
    std::string message() const;
    // Warnings joined with "; ", or "" when there are none.
    std::string warningMessage() const;

    // Appends other's errors and warnings after this one's.
    void merge(const FormatCheck& other);
};

}  // namespace ps
