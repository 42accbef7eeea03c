// The JSON plumbing under ScenarioLoader: where a syntax error is (line and
// column from QJsonParseError's byte offset), what it expected, how a found
// value is shown in a message, and the nearest known key to a misspelt one.
#pragma once

#include <QByteArray>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>
#include <QStringList>

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

// Scans `text` for the first duplicate key. False when there is none, or when
// the text is too broken or too deeply nested (over 1024 levels) to tell:
// QJsonDocument reports those.
bool findDuplicateKey(const QByteArray& text, DuplicateKey* duplicate);

}  // namespace ps
