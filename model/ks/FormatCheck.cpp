#include "model/ks/FormatCheck.h"

namespace ps {

namespace {

std::string join(const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts) {
        if (!text.empty()) {
            text += "; ";
        }
        text += part;
    }
    return text;
}

}  // namespace

std::string FormatCheck::message() const {
    return join(errors);
}

std::string FormatCheck::warningMessage() const {
    return join(warnings);
}

void FormatCheck::merge(const FormatCheck& other) {
    errors.insert(errors.end(), other.errors.begin(), other.errors.end());
    warnings.insert(warnings.end(), other.warnings.begin(), other.warnings.end());
}

}  // namespace ps
