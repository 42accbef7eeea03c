#include "app/scenario/ScenarioJson.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ps {

void lineAndColumn(const QByteArray& text, int offset, int* line, int* column) {
    const int end = std::clamp(offset, 0, static_cast<int>(text.size()));
    int l = 1;
    int c = 1;
    for (int i = 0; i < end; ++i) {
        const unsigned char byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++l;
            c = 1;
        } else if ((byte & 0xC0) != 0x80) {  // continuation bytes share their character's column
            ++c;
        }
    }
    *line = l;
    *column = c;
}

QString expectedAtSyntaxError(QJsonParseError::ParseError error) {
    switch (error) {
        case QJsonParseError::NoError:
            return QStringLiteral("nothing");
        case QJsonParseError::UnterminatedObject:
            return QStringLiteral("expected ',' or '}' after an object member");
        case QJsonParseError::MissingNameSeparator:
            return QStringLiteral("expected ':' after the key");
        case QJsonParseError::UnterminatedArray:
            return QStringLiteral("expected ',' or ']' after an array element");
        case QJsonParseError::MissingValueSeparator:
            return QStringLiteral("expected ',' between values");
        case QJsonParseError::IllegalValue:
            return QStringLiteral(
                "expected a value (object, array, string, number, true, false or null)");
        case QJsonParseError::TerminationByNumber:
            return QStringLiteral("expected more input after the number");
        case QJsonParseError::IllegalNumber:
            return QStringLiteral("expected a number");
        case QJsonParseError::IllegalEscapeSequence:
            return QStringLiteral("expected a valid escape sequence");
        case QJsonParseError::IllegalUTF8String:
            return QStringLiteral("expected UTF-8 text");
        case QJsonParseError::UnterminatedString:
            return QStringLiteral("expected the closing '\"' of the string");
        case QJsonParseError::MissingObject:
            return QStringLiteral("expected an object");
        case QJsonParseError::DeepNesting:
            return QStringLiteral("expected less deeply nested objects and arrays");
        case QJsonParseError::DocumentTooLarge:
            return QStringLiteral("expected a smaller document");
        case QJsonParseError::GarbageAtEnd:
            return QStringLiteral("expected the end of the document after the top-level value");
    }
    return QStringLiteral("expected valid JSON");
}

QString describeJsonValue(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double: {
            const double d = value.toDouble();
            if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 1e16) {
                return QString::number(static_cast<qint64>(d));
            }
            return QString::number(d, 'g', 10);
        }
        case QJsonValue::String: {
            QString s = value.toString();
            if (s.size() > 40) {
                s = s.left(37) + QStringLiteral("...");
            }
            return QLatin1Char('"') + s + QLatin1Char('"');
        }
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            return QStringLiteral("nothing");
    }
    return QStringLiteral("?");
}

namespace {

int editDistance(const QString& a, const QString& b) {
    std::vector<int> row(static_cast<std::size_t>(b.size()) + 1);
    for (int j = 0; j <= b.size(); ++j) {
        row[static_cast<std::size_t>(j)] = j;
    }
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[static_cast<std::size_t>(j)];
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[static_cast<std::size_t>(j)] =
                std::min({above + 1, row[static_cast<std::size_t>(j) - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[static_cast<std::size_t>(b.size())];
}

}  // namespace

QString nearestKey(const QString& key, const QStringList& known) {
    if (key.size() > 64) {
        return {};  // not a misspelling; and keeps the distance table small
    }
    const int limit = std::clamp(static_cast<int>(key.size()) / 3, 1, 3);
    QString best;
    int bestDistance = limit + 1;
    for (const QString& candidate : known) {
        // A key without its unit suffix ("rate" for "rate_hz") is one edit.
        const int d = candidate.startsWith(key + QLatin1Char('_'))
                          ? 1
                          : editDistance(key.toLower(), candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

namespace {

struct ScanFrame {
    bool object = false;
    QString path;
    QHash<QString, int> keys;  // key -> offset of its opening quote
    QString currentKey;
    bool expectKey = false;
    bool elementPending = false;  // array: the next non-blank character starts an element
    int index = 0;
};

QString decodeKey(const QByteArray& raw) {
    if (!raw.contains('\\')) {
        return QString::fromUtf8(raw);
    }
    // Escapes decoded by Qt itself: a one-string array holds no object, so
    // parsing it cannot meet the duplicate-key problem.
    const QJsonDocument doc = QJsonDocument::fromJson("[\"" + raw + "\"]");
    return doc.isArray() ? doc.array().at(0).toString() : QString::fromUtf8(raw);
}

QString childPath(const std::vector<ScanFrame>& stack) {
    if (stack.empty()) {
        return QStringLiteral("$");
    }
    const ScanFrame& top = stack.back();
    if (top.object) {
        return top.path + QLatin1Char('.') + top.currentKey;
    }
    return top.path + QLatin1Char('[') + QString::number(top.index) + QLatin1Char(']');
}

}  // namespace

JsonScan scanJson(const QByteArray& text) {
    constexpr std::size_t kMaxDepth = 1024;
    JsonScan scan;
    std::vector<ScanFrame> stack;
    bool topPending = true;
    const int size = static_cast<int>(text.size());
    for (int i = 0; i < size; ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        if (topPending) {
            scan.offsets.insert(QStringLiteral("$"), i);
            topPending = false;
        }
        if (!stack.empty() && !stack.back().object && stack.back().elementPending && c != ']') {
            scan.offsets.insert(childPath(stack), i);
            stack.back().elementPending = false;
        }
        if (c == '{' || c == '[') {
            if (stack.size() >= kMaxDepth) {
                return scan;
            }
            ScanFrame frame;
            frame.object = c == '{';
            frame.expectKey = frame.object;
            frame.elementPending = !frame.object;
            frame.path = childPath(stack);
            stack.push_back(std::move(frame));
        } else if (c == '}' || c == ']') {
            if (stack.empty()) {
                return scan;
            }
            stack.pop_back();
            if (stack.empty()) {
                return scan;  // the top-level value ended
            }
        } else if (c == ',' && !stack.empty()) {
            if (stack.back().object) {
                stack.back().expectKey = true;
            } else {
                ++stack.back().index;
                stack.back().elementPending = true;
            }
        } else if (c == '"') {
            const int start = i;
            ++i;
            while (i < size && text[i] != '"') {
                i += text[i] == '\\' ? 2 : 1;
            }
            if (i >= size) {
                return scan;  // unterminated string
            }
            if (stack.empty() || !stack.back().object || !stack.back().expectKey) {
                continue;
            }
            ScanFrame& top = stack.back();
            top.expectKey = false;
            const QString key = decodeKey(text.mid(start + 1, i - start - 1));
            const auto found = top.keys.constFind(key);
            if (found != top.keys.constEnd()) {
                scan.duplicate = DuplicateKey{top.path, key, start, found.value()};
                return scan;
            }
            top.keys.insert(key, start);
            top.currentKey = key;
            scan.offsets.insert(top.path + QLatin1Char('.') + key, start);
        }
    }
    return scan;
}

int offsetOfPath(const JsonScan& scan, QString path) {
    for (;;) {
        const auto found = scan.offsets.constFind(path);
        if (found != scan.offsets.constEnd()) {
            return found.value();
        }
        const int cut =
            std::max(path.lastIndexOf(QLatin1Char('.')), path.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0) {
            return -1;
        }
        path.truncate(cut);
    }
}

}  // namespace ps
