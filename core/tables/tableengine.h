// Thread affinity: any thread. Reads run on the caller's thread; item writes are answered on the
// store's writer thread after their commit.
#pragma once

#include <tables/dynamoapi.h>
#include <tables/tablestore.h>

#include <expressions/expressions.h>

#include <QDateTime>
#include <QLoggingCategory>
#include <QMutex>

#include <functional>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcTables)

namespace Gatehouse::Tables {

namespace Validation {
struct CheckedRequest;
}

struct EngineOptions
{
    StoreOptions store;
    // 0: a new table is ACTIVE at once (as DynamoDB Local does). >0: DescribeTable shows CREATING
    // until this many milliseconds passed, for people testing their waiters.
    int createDelayMs = 0;
    // The same for DELETING; a negative value means "as createDelayMs".
    int deleteDelayMs = -1;
    // Items larger than this are refused (the service's limit is 400 KB).
    qint64 maxItemSize = 400 * 1024;
    // The ARN prefix of tables. DynamoDB Local answers "arn:aws:dynamodb:ddblocal:000000000000",
    // which is what tools written against it expect; we use the same.
    QString arnPrefix = QStringLiteral("arn:aws:dynamodb:ddblocal:000000000000");
    // What DescribeEndpoints answers (DynamoDB Local's default address).
    QString endpointAddress = QStringLiteral("localhost:8000");
    // Injectable clock (tests advance it instead of waiting).
    std::function<QDateTime()> clock;
};

// Key schema of a table (or of an index: Support::indexKeySchema).
struct KeySchema
{
    QString hashName;
    Items::AttributeType hashType = Items::AttributeType::S;
    QString rangeName;  // empty: hash-only
    Items::AttributeType rangeType = Items::AttributeType::S;

    bool hasRange() const { return !rangeName.isEmpty(); }
    static KeySchema of(const TableMeta &meta);
};

// The DynamoDB API over a TableStore. Operations of issue 3: CreateTable, DescribeTable,
// ListTables, DeleteTable, PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan. Secondary
// indexes are maintained by the store inside the transaction of every item write; Query and
// Scan read them with IndexName. Issue 4 adds BatchGetItem, BatchWriteItem, TransactWriteItems,
// TransactGetItems, UpdateTimeToLive, DescribeTimeToLive, TagResource, UntagResource,
// ListTagsOfResource, DescribeEndpoints and DescribeLimits.
class TableEngine : public DynamoApi
{
public:
    static Result<std::shared_ptr<TableEngine>> open(const EngineOptions &options);
    TableEngine(std::shared_ptr<TableStore> store, EngineOptions options);
    ~TableEngine() override;

    void call(const QString &operation, const QJsonObject &request, ReplyFn done) override;
    void callJson(const QString &operation, const QJsonObject &request, ReplyFn done) override;
    bool callPlainJson(const QString &operation, const QByteArray &body,
                       const std::function<void(const QString &table)> &accepted,
                       ReplyFn &done) override;

    // Runs a call and waits for its answer (tests and tools; never on the writer thread).
    ApiReply callAndWait(const QString &operation, const QJsonObject &request);

    // True for the operations this engine implements.
    static bool isKnownOperation(const QString &operation);

    // Deletes the items whose TTL attribute (a number of epoch seconds) lies before now() in
    // every table with TTL enabled, through the writer like any delete. Returns how many were
    // deleted. The running app calls it periodically (TtlSweeper); tests call it after moving
    // the clock.
    qint64 sweepExpired();

    TableStore &store() const { return *m_store; }
    const EngineOptions &options() const { return m_options; }

private:
    void dispatch(const QString &operation, const QJsonObject &request, ReplyFn done, bool json);
    // The operation's handler, on a request that passed validation.
    void run(const QString &operation, const Validation::CheckedRequest &checked, ReplyFn done);
    QDateTime now() const;
    // The table as clients currently see it, with CREATING/DELETING resolved against the clock.
    // `activeOnly`: item operations see CREATING and DELETING tables as missing.
    Result<TableMeta> findTable(const QString &name, bool activeOnly) const;
    QJsonObject describe(const TableMeta &meta) const;
    // Secondary indexes (indexops.cpp): their descriptions, and GSI creations and deletions
    // finished by the clock.
    void describeIndexes(const TableMeta &meta, const QString &tableArn, QJsonObject &out) const;
    void settleIndexes(TableMeta &meta) const;

    void createTable(const Validation::CheckedRequest &req, const ReplyFn &done);
    void describeTable(const Validation::CheckedRequest &req, const ReplyFn &done);
    void listTables(const Validation::CheckedRequest &req, const ReplyFn &done);
    void deleteTable(const Validation::CheckedRequest &req, const ReplyFn &done);
    void updateTable(const Validation::CheckedRequest &req, const ReplyFn &done);

    void putItem(const Validation::CheckedRequest &req, const ReplyFn &done);
    void getItem(const Validation::CheckedRequest &req, const ReplyFn &done);
    void deleteItem(const Validation::CheckedRequest &req, const ReplyFn &done);
    void updateItem(const Validation::CheckedRequest &req, const ReplyFn &done);

    void query(const Validation::CheckedRequest &req, const ReplyFn &done);
    void scan(const Validation::CheckedRequest &req, const ReplyFn &done);
    void scanIndex(const Validation::CheckedRequest &req, const TableMeta &table,
                   const Expressions::ParsedExpressions &exprs, const ReplyFn &done);

    void batchGetItem(const Validation::CheckedRequest &req, const ReplyFn &done);
    void batchWriteItem(const Validation::CheckedRequest &req, const ReplyFn &done);
    void transactWriteItems(const Validation::CheckedRequest &req, const ReplyFn &done);
    void transactGetItems(const Validation::CheckedRequest &req, const ReplyFn &done);

    void updateTimeToLive(const Validation::CheckedRequest &req, const ReplyFn &done);
    void describeTimeToLive(const Validation::CheckedRequest &req, const ReplyFn &done);

    void tagResource(const Validation::CheckedRequest &req, const ReplyFn &done);
    void untagResource(const Validation::CheckedRequest &req, const ReplyFn &done);
    void listTagsOfResource(const Validation::CheckedRequest &req, const ReplyFn &done);
    void describeEndpoints(const Validation::CheckedRequest &req, const ReplyFn &done);
    void describeLimits(const Validation::CheckedRequest &req, const ReplyFn &done);

    std::shared_ptr<TableStore> m_store;
    EngineOptions m_options;
    // Held around a read-modify-write of a table's definition (tags, TTL settings), so two
    // concurrent changes of one table do not lose each other.
    QMutex m_definitionMutex;
    // TransactWriteItems' ClientRequestToken memory (transactops.cpp).
    struct TransactTokens;
    static std::shared_ptr<TransactTokens> newTransactTokens();
    std::shared_ptr<TransactTokens> m_tokens;
};

} // namespace Gatehouse::Tables
