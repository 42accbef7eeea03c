#include "widgets/TraceRecordText.h"

#include <cstring>

namespace ps {

namespace {

inline char foldAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

void appendRecordDetails(const TraceRecord& record, std::string& out) {
    for (std::size_t i = 0; i < record.fieldCount; ++i) {
        if (i != 0)
            out += ", ";
        out += record.fields[i].name;
        out += '=';
        appendFormattedFieldValue(out, record.fields[i]);
    }
}

std::string recordDetails(const TraceRecord& record) {
    std::string s;
    appendRecordDetails(record, s);
    return s;
}

bool containsFolded(const char* haystack, std::size_t haystackBytes,
                    const std::string& needleLower) {
    const std::size_t n = needleLower.size();
    if (n == 0)
        return true;
    if (haystackBytes < n)
        return false;
    const char first = needleLower[0];
    for (std::size_t i = 0; i + n <= haystackBytes; ++i) {
        if (foldAscii(haystack[i]) != first)
            continue;
        std::size_t k = 1;
        while (k < n && foldAscii(haystack[i + k]) == needleLower[k])
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

bool recordMatchesText(const TraceRecord& record, const std::string& needleLower,
                       std::string& scratch) {
    if (needleLower.empty())
        return true;
    // Name and source first: they need no formatting, and most searches are
    // for a method or a device.
    if (containsFolded(record.name, std::strlen(record.name), needleLower) ||
        containsFolded(record.source, std::strlen(record.source), needleLower))
        return true;
    if (record.fieldCount == 0)
        return false;
    scratch.clear();
    appendRecordDetails(record, scratch);
    return containsFolded(scratch.data(), scratch.size(), needleLower);
}

}  // namespace ps
