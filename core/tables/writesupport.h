// Thread affinity: the functions taking a WriteTxn run on the store's writer thread (inside a
// Mutation); the rest on any thread. Private to the operation files of TableEngine.
#pragma once

#include <tables/enginesupport.h>
#include <tables/tablestore.h>

#include <expressions/expressions.h>

#include <memory>
#include <optional>

namespace Gatehouse::Tables::Support {

// One item write, validated and its key encoded outside the writer thread, applied inside a
// mutation. PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems all write
// through it, so a put, an update and a delete mean the same everywhere (and the index
// maintenance the store does inside WriteTxn::put/remove covers them all).
struct PreparedWrite
{
    enum class Kind { Put, Update, Delete, ConditionCheck };
    Kind kind = Kind::Put;
    qint64 tableId = 0;
    EncodedKey key;
    // Put: the new item. Update: the key attributes (the base of a new item).
    Items::Item item;
    std::shared_ptr<const Expressions::ConditionNode> condition;  // may be null
    std::shared_ptr<const Expressions::UpdatePlan> update;        // Update only; may be null
    // Update only, instead of `update`: the legacy AttributeUpdates (see tables/legacy.h).
    std::shared_ptr<const QJsonObject> legacyUpdates;
    qint64 maxItemSize = 400 * 1024;
    // Update: the table's indexes, whose key attributes the new item must type correctly
    // (a Put's item is checked before the mutation, with the request).
    QList<IndexMeta> indexes;
};

// The first step of every conditional write: the current item read through the transaction
// and the condition checked against it (a missing item is an empty one). On failure the
// answer is ConditionalCheckFailedException ("The conditional request failed") and the item
// that failed it, if any, goes to *failedItem.
Result<std::optional<StoredItem>> readAndCheck(WriteTxn &txn, const PreparedWrite &write,
                                               std::optional<Items::Item> *failedItem = nullptr);

// The second step, once the condition passed: writes the item (Put, Update) or removes it
// (Delete; nothing for ConditionCheck). Returns the item written, if any. `old` matters only
// to Update (the item it applies to); a Put or a Delete may pass std::nullopt unread.
Result<std::optional<Items::Item>> applyWrite(WriteTxn &txn, const PreparedWrite &write,
                                              const std::optional<StoredItem> &old);

// The text of ConditionalCheckFailedException.
QString conditionFailedMessage();

// Runs `mutation` through the store and answers `done` after the commit; an error answer
// carries *errorFields (filled by the mutation, e.g. the old item of a failed condition).
// ReturnConsumedCapacity is added by the operations around their response object.
void runWrite(TableStore &store, Mutation mutation, std::shared_ptr<QJsonObject> errorFields,
              const ReplyFn &done);

} // namespace Gatehouse::Tables::Support
