// Thread affinity: any thread (pure functions).
#pragma once

#include <common/status.h>
#include <items/attributevalue.h>

#include <QByteArray>

namespace Gatehouse::Tables::Store {

// The stored form of an item: a format byte, then the attribute count and, per attribute, its
// name and value. A value is a type tag followed by varint lengths/counts and raw bytes; numbers
// are kept as their canonical decimal text (exact, and cheap to hand back to clients). Maps are
// written in name order so decoding appends without searching. Nothing here is JSON: encoding
// and decoding are single passes over the bytes.
QByteArray encodeItem(const Items::Item &item);
void appendItem(QByteArray &out, const Items::Item &item);

// Errors (truncated or corrupt bytes, unknown tags, nesting beyond the limit) are
// InternalServerError statuses: stored data is never trusted blindly.
Result<Items::Item> decodeItem(const char *data, qsizetype size);
inline Result<Items::Item> decodeItem(const QByteArray &bytes)
{
    return decodeItem(bytes.constData(), bytes.size());
}

// Appends the stored item as compact DynamoDB JSON, the very text Items::appendItemJson writes
// for the decoded item, without building the item: GetItem's answer. Corrupt bytes give the
// same errors as decodeItem (out may then hold a partial text).
Status appendStoredItemJson(QByteArray &out, const char *data, qsizetype size);

} // namespace Gatehouse::Tables::Store
