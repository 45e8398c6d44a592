// Thread affinity: TableStore is any thread. Reads run on the calling thread with a reader
// connection of that thread; every write runs on the store's single writer thread.
#pragma once

#include <common/status.h>
#include <items/attributevalue.h>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Gatehouse::Tables {

struct StoreOptions
{
    QString path;              // SQLite file; ignored when inMemory
    // A private database gone on close: a temporary WAL file in /dev/shm (or the temp dir), so
    // readers run concurrently with the writer exactly as with a file; synchronous is Off there.
    bool inMemory = false;
    // Normal: an acknowledged write survives a crash of the process, not a power loss.
    // Full: also a power loss (the WAL is synced on every commit). Off: neither.
    enum class Sync { Off, Normal, Full } synchronous = Sync::Normal;
    int groupCommitMaxWrites = 256;  // writes folded into one transaction at most
    // The service's limit on one item collection (the items of one partition key value plus
    // their local secondary index entries) of a table with LSIs: 10 GB. Tests lower it.
    qint64 itemCollectionLimitBytes = qint64(10) * 1024 * 1024 * 1024;
    // When the WAL is copied back into the database file (see store/checkpointer.h); lengths
    // in pages (4 KiB). Tests shorten them.
    struct WalPolicy
    {
        int backgroundPages = 4096;   // WAL growth that starts a background copy
        int restartPages = 131072;    // past this the writer helps the WAL start over ...
        int catchUpPages = 512;       // ... by copying a tail this short itself
        int writerPages = 262144;     // the writer copies whatever the tail (hard limit)
        int idleTruncateMs = 1000;    // after this long without a commit ...
        qint64 idleTruncateBytes = qint64(4) * 1024 * 1024; // ... a WAL above this is truncated
    } wal;
};

// A secondary index of a table, maintained by the store inside the transaction of every write
// (put and remove of WriteTxn): an item is in the index when it has both index key attributes
// with the declared types (sparse indexes); the entry holds the projected attributes.
struct IndexMeta
{
    qint64 id = 0;             // assigned by the store; never reused
    QString name;
    bool global = false;       // GSI; false: LSI (its hash key is the table's)
    QString hashKeyName;
    Items::AttributeType hashKeyType = Items::AttributeType::S;
    QString rangeKeyName;      // empty when the index has no sort key (GSIs only)
    Items::AttributeType rangeKeyType = Items::AttributeType::S;
    enum class Projection { KeysOnly, Include, All } projection = Projection::All;
    QStringList nonKeyAttributes;  // INCLUDE
    qint64 itemCount = 0;      // maintained by the store
    qint64 sizeBytes = 0;      // sum of the projected entries' sizes
};

// The stored description of a table. `definition` is the table's DynamoDB description fields
// that the store does not interpret (AttributeDefinitions, indexes, billing, throughput, tags,
// TTL settings ...), kept as JSON so later features need no schema change.
struct TableMeta
{
    qint64 id = 0;             // assigned by the store
    QString name;
    QString hashKeyName;
    Items::AttributeType hashKeyType = Items::AttributeType::S;
    QString rangeKeyName;      // empty when the table has no sort key
    Items::AttributeType rangeKeyType = Items::AttributeType::S;
    QDateTime createdAt;
    QString status = QStringLiteral("ACTIVE");
    QJsonObject definition;
    qint64 itemCount = 0;      // maintained by the store
    qint64 sizeBytes = 0;      // sum of item sizes as DynamoDB counts them
    // Secondary indexes. updateTable creates the ones with id 0 (filled from the table's items
    // in the same transaction) and drops the ones no longer listed; declared order is kept.
    QList<IndexMeta> indexes;

    const IndexMeta *index(const QString &indexName) const
    {
        for (const IndexMeta &i : indexes)
            if (i.name == indexName)
                return &i;
        return nullptr;
    }
};

// A stored item with its encoded key (Items::encodeKeyValue).
struct StoredItem
{
    QByteArray hashKey;
    QByteArray rangeKey;       // empty for hash-only tables
    Items::Item item;
    qint64 size = 0;
};

// Where a range read starts and stops inside one partition (or a whole table for scans).
struct RangeBounds
{
    std::optional<QByteArray> lower;   // encoded range key bound
    bool lowerInclusive = true;
    std::optional<QByteArray> upper;
    bool upperInclusive = true;
    std::optional<QByteArray> prefix;  // begins_with on the encoded sort key (S and B only)
    bool forward = true;
    // Resume after this key (ExclusiveStartKey), in the direction of the read.
    std::optional<QByteArray> afterHashKey;
    std::optional<QByteArray> afterRangeKey;
    // Index reads only: entries of equal index key are ordered by the table key, so a resume
    // position also names the table key of the last entry.
    std::optional<QByteArray> afterTableHashKey;
    std::optional<QByteArray> afterTableRangeKey;
};

// Counters of the writer since open, for the console and benchmarks (added with the SQLite store).
struct StoreStats
{
    qint64 groupsCommitted = 0;     // write transactions (each folds up to groupCommitMaxWrites)
    qint64 mutationsCommitted = 0;
    qint64 mutationsFailed = 0;     // rolled back alone (their error returned), or whole groups
    qint64 largestGroup = 0;
    qint64 queuedWrites = 0;        // waiting for the writer right now
};

// Visits items in key order; return false to stop.
using ItemVisitor = std::function<bool(const StoredItem &)>;

// The writer thread's view inside the current transaction: reads see the writes of earlier
// mutations of the same group. Only valid during the mutation call.
class WriteTxn
{
public:
    virtual ~WriteTxn() = default;
    virtual Result<std::optional<StoredItem>> get(qint64 tableId, const QByteArray &hashKey,
                                                  const QByteArray &rangeKey) = 0;
    // item.size is the item's DynamoDB size (Items::itemByteSize); 0 lets the store compute it.
    // A table deleted meanwhile gives ResourceNotFoundException; removing an absent item is ok.
    // The table's secondary index entries follow in the same transaction; an item whose index
    // key attribute has another type than declared, or is an empty string or binary, is refused
    // with the service's ValidationException (nothing written).
    virtual Status put(qint64 tableId, const StoredItem &item) = 0;
    virtual Status remove(qint64 tableId, const QByteArray &hashKey, const QByteArray &rangeKey) = 0;
};

// A unit of work run on the writer thread inside a savepoint of the group's transaction. An
// error status rolls back this mutation's writes only; its result is delivered after commit.
using Mutation = std::function<Result<QJsonObject>(WriteTxn &txn)>;
using MutationDone = std::function<void(Result<QJsonObject>)>;

class TableStore
{
public:
    static Result<std::shared_ptr<TableStore>> open(const StoreOptions &options);
    virtual ~TableStore() = default;

    // Catalog. createTable fails with ResourceInUseException if the name exists.
    virtual Result<TableMeta> createTable(TableMeta meta) = 0;
    // Status, definition and indexes (see TableMeta::indexes). REQUIRES for a new index: its key
    // attributes are not the table's own key attributes of another type.
    virtual Status updateTable(const TableMeta &meta) = 0;
    virtual Status deleteTable(const QString &name) = 0;    // drops its items and indexes too
    virtual std::optional<TableMeta> table(const QString &name) const = 0;
    virtual QList<TableMeta> tables() const = 0;            // sorted by name

    // Reads (any thread, committed data only).
    virtual Result<std::optional<StoredItem>> get(qint64 tableId, const QByteArray &hashKey,
                                                  const QByteArray &rangeKey) const = 0;
    // As get, for an answer sent as text: the item as compact DynamoDB JSON (the text
    // Items::appendItemJson writes) appended to *json, and its stored size. The SQLite store
    // writes the text straight from the stored bytes; the default decodes then writes.
    virtual Result<std::optional<qint64>> appendItemJson(qint64 tableId, const QByteArray &hashKey,
                                                         const QByteArray &rangeKey,
                                                         QByteArray *json) const
    {
        Result<std::optional<StoredItem>> found = get(tableId, hashKey, rangeKey);
        if (!found)
            return found.status();
        if (!*found)
            return std::optional<qint64>();
        Items::appendItemJson(*json, (*found)->item);
        return std::optional<qint64>((*found)->size);
    }
    // One partition, in range key order (or reverse), within the bounds.
    virtual Status query(qint64 tableId, const QByteArray &hashKey, const RangeBounds &bounds,
                         const ItemVisitor &visit) const = 0;
    // The whole table in storage order, or one segment of it (segment < totalSegments).
    virtual Status scan(qint64 tableId, int segment, int totalSegments,
                        const std::optional<QByteArray> &afterHashKey,
                        const std::optional<QByteArray> &afterRangeKey,
                        const ItemVisitor &visit) const = 0;

    // Index reads. A visited StoredItem holds the encoded index key (hashKey, rangeKey) and the
    // projected attributes, which always include the table's key. Entries of equal index key
    // come in table key order (reversed with the read). RangeBounds' after* fields resume.
    virtual Status queryIndex(qint64 indexId, const QByteArray &hashKey, const RangeBounds &bounds,
                              const ItemVisitor &visit) const = 0;
    virtual Status scanIndex(qint64 indexId, int segment, int totalSegments,
                             const RangeBounds &after, const ItemVisitor &visit) const = 0;

    // Runs `reads` so that every read it makes on this thread (get, query, scan ...) sees one
    // snapshot of the committed data: one read transaction (TransactGetItems). The default
    // gives no such guarantee; the SQLite store does.
    virtual Status readSnapshot(const std::function<Status()> &reads) const { return reads(); }

    // Writes: queued for the writer thread, folded with others into one transaction (group
    // commit) and `done` is called on the writer thread after the commit succeeded, or with
    // the error. Nothing is acknowledged before it is committed.
    virtual void mutate(Mutation mutation, MutationDone done) = 0;
    // Convenience for tests and tools: runs a mutation and waits for its commit.
    virtual Result<QJsonObject> mutateAndWait(Mutation mutation) = 0;

    // Stops the writer thread after the queued writes are committed.
    virtual void close() = 0;

    virtual StoreStats stats() const { return {}; }
};

} // namespace Gatehouse::Tables
