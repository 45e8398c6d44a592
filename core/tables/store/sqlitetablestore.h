// Thread affinity: any thread (see TableStore).
#pragma once

#include "catalog.h"
#include "checkpointer.h"
#include "readerpool.h"
#include "storewriter.h"

#include <tables/tablestore.h>

#include <atomic>

namespace Gatehouse::Tables::Store {

// TableStore on one SQLite file in WAL mode: a writer connection on the StoreWriter thread,
// read-only connections per reading thread (ReaderPool), WAL checkpoints on a Checkpointer
// thread, the catalog cached in memory. The two threads are the store's own (a core engine
// component); everything else about threading is decided by app/.
//
// In-memory mode uses a temporary file (in /dev/shm when available, else the temp directory)
// that is deleted on close, rather than a shared-cache ":memory:" database: shared cache
// serialises readers and the writer with table-level locks, while a WAL file lets readers run
// concurrently with the writer, exactly as in file mode, so both modes behave the same.
// Durability means nothing there, so synchronous is OFF whatever the option says.
class SqliteTableStore final : public TableStore
{
public:
    static Result<std::shared_ptr<SqliteTableStore>> open(const StoreOptions &options);
    ~SqliteTableStore() override;

    Result<TableMeta> createTable(TableMeta meta) override;
    Status updateTable(const TableMeta &meta) override;
    Status deleteTable(const QString &name) override;
    std::optional<TableMeta> table(const QString &name) const override;
    QList<TableMeta> tables() const override;

    Result<std::optional<StoredItem>> get(qint64 tableId, const QByteArray &hashKey,
                                          const QByteArray &rangeKey) const override;
    Result<std::optional<qint64>> appendItemJson(qint64 tableId, const QByteArray &hashKey,
                                                 const QByteArray &rangeKey,
                                                 QByteArray *json) const override;
    Status query(qint64 tableId, const QByteArray &hashKey, const RangeBounds &bounds,
                 const ItemVisitor &visit) const override;
    Status scan(qint64 tableId, int segment, int totalSegments,
                const std::optional<QByteArray> &afterHashKey,
                const std::optional<QByteArray> &afterRangeKey,
                const ItemVisitor &visit) const override;

    Status queryIndex(qint64 indexId, const QByteArray &hashKey, const RangeBounds &bounds,
                      const ItemVisitor &visit) const override;
    Status scanIndex(qint64 indexId, int segment, int totalSegments, const RangeBounds &after,
                     const ItemVisitor &visit) const override;

    Status readSnapshot(const std::function<Status()> &reads) const override;
    void mutate(Mutation mutation, MutationDone done) override;
    Result<QJsonObject> mutateAndWait(Mutation mutation) override;
    void close() override;
    StoreStats stats() const override;

    QString databasePath() const { return m_path; }

private:
    SqliteTableStore(QString path, bool temporary);

    QString m_path;
    bool m_temporary = false;
    std::atomic<bool> m_closed{false};
    Catalog m_catalog;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<Checkpointer> m_checkpointer;
    std::unique_ptr<ReaderPool> m_readers;
};

} // namespace Gatehouse::Tables::Store
