// The JSON plumbing under ScenarioLoader: where a syntax error is (line and
// column from QJsonParseError's byte offset), what it expected, how a found
// value is shown in a message, and the nearest known key to a misspelt one.
#pragma once

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

}  // namespace ps
