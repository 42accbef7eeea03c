// The JSON plumbing under ScenarioLoader: where a syntax error is (line and
// column from QJsonParseError's byte offset), what it expected, how a found
// value is shown in a message, and the nearest known key to a misspelt one.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace ps {

// 1-based line and column (in characters, not bytes) of byte `offset` in
// UTF-8 `text`; an offset past the end points just after the last character.
void lineAndColumn(const QByteArray& text, int offset, int* line, int* column);

// What the parser wanted at a syntax error: "expected ',' or '}'".
QString expectedAtSyntaxError(QJsonParseError::ParseError error);

// A found value for a message: 7000, 0.5, "abc" (quoted, shortened past 40
// characters), true, null, an object, an array.
QString describeJsonValue(const QJsonValue& value);

// The key of `known` nearest to `key` by edit distance when it is close
// (at most a third of its length, at least 1 and at most 3 edits; a key
// missing only its unit suffix, "rate" for "rate_hz", counts as one), else "".
QString nearestKey(const QString& key, const QStringList& known);

// A key that appears twice in one object. JSON allows it and QJsonDocument
// keeps one of the values silently (and Qt 5.15 leaks the other when it is an
// object or array), so the loader refuses it before Qt parses the text.
struct DuplicateKey {
    QString path;  // the object's JSON path, "$.streams[0]"
    QString key;
    int offset = 0;       // byte offset of the second occurrence's opening quote
    int firstOffset = 0;  // ... of the first
};

// What a light scan of the raw text finds, without building values.
struct JsonScan {
    // The first duplicate key; the scan stops there.
    std::optional<DuplicateKey> duplicate;
    // JSON path -> byte offset where the value is written: an object
    // member's key (its opening quote), an array element's first character,
    // "$" the top-level value.
    QHash<QString, int> offsets;
};

// Scans `text`. Stops early, with what it has, where the text is too broken
// or too deeply nested (over 1024 levels) to follow: QJsonDocument reports
// those.
JsonScan scanJson(const QByteArray& text);

// The offset of `path`, or of its nearest ancestor the scan saw (a missing
// key is reported where its object is); -1 when none.
int offsetOfPath(const JsonScan& scan, QString path);

}  // namespace ps
