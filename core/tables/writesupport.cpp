#include "writesupport.h"

#include "legacy.h"

#include <tables/store/indexentries.h>

#include <common/ids.h>
#include <items/dynamoerror.h>

namespace Gatehouse::Tables::Support {

QString conditionFailedMessage()
{
    return QStringLiteral("The conditional request failed");
}

Result<std::optional<StoredItem>> readAndCheck(WriteTxn &txn, const PreparedWrite &write,
                                               std::optional<Items::Item> *failedItem)
{
    Result<std::optional<StoredItem>> old = txn.get(write.tableId, write.key.hash, write.key.range);
    if (!old || !write.condition)
        return old;
    if (!Expressions::evaluate(*write.condition, *old ? (*old)->item : Items::Item())) {
        if (failedItem && *old)
            *failedItem = (*old)->item;
        return Status::error(Items::ErrorCode::ConditionalCheckFailed, conditionFailedMessage());
    }
    return old;
}

Result<std::optional<Items::Item>> applyWrite(WriteTxn &txn, const PreparedWrite &write,
                                              const std::optional<StoredItem> &old)
{
    switch (write.kind) {
    case PreparedWrite::Kind::ConditionCheck:
        return std::optional<Items::Item>();
    case PreparedWrite::Kind::Delete:
        // Removing an absent item is a no-op for the store, so callers that did not read the
        // item first (BatchWriteItem) may delete blindly.
        if (Status s = txn.remove(write.tableId, write.key.hash, write.key.range); !s.isOk())
            return s;
        return std::optional<Items::Item>();
    case PreparedWrite::Kind::Put: {
        const StoredItem stored{write.key.hash, write.key.range, write.item, sizeOf(write.item)};
        if (Status s = txn.put(write.tableId, stored); !s.isOk())
            return s;
        return std::optional<Items::Item>(write.item);
    }
    case PreparedWrite::Kind::Update: {
        Items::Item newItem = old ? old->item : write.item;
        if (write.update || write.legacyUpdates) {
            Result<Items::Item> applied =
                write.update ? Expressions::applyUpdate(*write.update, newItem)
                             : Legacy::applyAttributeUpdates(*write.legacyUpdates, newItem);
            if (!applied)
                return applied.status();
            newItem = std::move(applied).value();
        }
        if (Status s = checkNesting(newItem); !s.isOk())
            return s;
        const qint64 size = sizeOf(newItem);
        if (size > write.maxItemSize)
            return validation(QStringLiteral("Item size to update has exceeded the maximum allowed size"));
        if (Status s = Store::checkIndexKeys(newItem, write.indexes, Store::IndexKeySource::UpdateExpression);
            !s.isOk())
            return s;
        const StoredItem stored{write.key.hash, write.key.range, newItem, size};
        if (Status s = txn.put(write.tableId, stored); !s.isOk())
            return s;
        return std::optional<Items::Item>(std::move(newItem));
    }
    }
    return std::optional<Items::Item>();
}

void runWrite(TableStore &store, Mutation mutation, std::shared_ptr<QJsonObject> errorFields,
              const ReplyFn &done)
{
    struct Times
    {
        qint64 start = 0;
        qint64 end = 0;
    };
    auto times = std::make_shared<Times>();
    Mutation timed = [mutation = std::move(mutation), times](WriteTxn &txn) {
        times->start = monotonicMicros();
        Result<QJsonObject> r = mutation(txn);
        times->end = monotonicMicros();
        return r;
    };
    store.mutate(std::move(timed), [done, errorFields, times](Result<QJsonObject> result) {
        ApiReply reply = result ? ApiReply::ok(std::move(result).value())
                                : ApiReply::error(result.status(),
                                                  errorFields ? *errorFields : QJsonObject());
        reply.writeStartUs = times->start;
        reply.writeEndUs = times->end;
        done(std::move(reply));
    });
}

} // namespace Gatehouse::Tables::Support
