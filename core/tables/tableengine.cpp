#include "tableengine.h"

#include "enginesupport.h"
#include "indexsupport.h"
#include "requestvalidation.h"

#include <items/valuewording.h>

#include <QJsonArray>
#include <QMutex>
#include <QRegularExpression>
#include <QWaitCondition>

#include <optional>

Q_LOGGING_CATEGORY(lcTables, "gatehouse.core.tables")

namespace Gatehouse::Tables {

using namespace Support;

namespace {

// The service takes a table's ARN wherever a TableName names an existing table
// (arn:<partition>:dynamodb:<region>:<account>:table/<name>); any region and account are
// accepted here. Anything else that is not a plain name is left to the usual checks.
void tableNameFromArn(QJsonObject &holder)
{
    static const QRegularExpression arn(
        QStringLiteral("^arn:[a-z-]+:dynamodb:[a-z0-9-]*:[0-9]*:table/([a-zA-Z0-9_.-]{3,255})$"));
    const QJsonValue name = holder.value(u"TableName");
    if (!name.isString() || !name.toString().startsWith(u"arn:"))
        return;
    const QRegularExpressionMatch m = arn.match(name.toString());
    if (m.hasMatch())
        holder.insert(u"TableName", m.captured(1));
}

// Which of the service's two value layers reads this operation's attribute values.
Items::ValueWording valueWordingOf(QStringView operation)
{
    if (operation == u"BatchWriteItem" || operation == u"TransactWriteItems" ||
        operation == u"TransactGetItems" || operation == u"Scan")
        return Items::ValueWording::Older;
    return Items::ValueWording::Current;
}

QJsonObject withTableNamesFromArns(const QString &operation, const QJsonObject &request)
{
    if (operation == u"CreateTable")
        return request;
    QJsonObject out = request;
    tableNameFromArn(out);
    if (operation == u"TransactWriteItems" || operation == u"TransactGetItems") {
        const QJsonValue items = out.value(u"TransactItems");
        if (!items.isArray())
            return out;
        bool anyArn = false;
        for (const QJsonValue &v : items.toArray()) {
            const QJsonObject item = v.toObject();
            for (auto it = item.begin(); it != item.end() && !anyArn; ++it)
                anyArn = it.value().toObject().value(u"TableName").toString().startsWith(u"arn:");
        }
        if (!anyArn)
            return out;
        QJsonArray rewritten;
        for (const QJsonValue &v : items.toArray()) {
            QJsonObject item = v.toObject();
            for (auto it = item.begin(); it != item.end(); ++it) {
                if (!it.value().isObject())
                    continue;
                QJsonObject action = it.value().toObject();
                tableNameFromArn(action);
                it.value() = action;
            }
            rewritten.append(v.isObject() ? QJsonValue(item) : v);
        }
        out.insert(u"TransactItems", rewritten);
    }
    return out;
}

} // namespace

KeySchema KeySchema::of(const TableMeta &meta)
{
    KeySchema k;
    k.hashName = meta.hashKeyName;
    k.hashType = meta.hashKeyType;
    k.rangeName = meta.rangeKeyName;
    k.rangeType = meta.rangeKeyType;
    return k;
}

Result<std::shared_ptr<TableEngine>> TableEngine::open(const EngineOptions &options)
{
    Result<std::shared_ptr<TableStore>> store = TableStore::open(options.store);
    if (!store)
        return store.status();
    return std::make_shared<TableEngine>(std::move(store).value(), options);
}

TableEngine::TableEngine(std::shared_ptr<TableStore> store, EngineOptions options)
    : m_store(std::move(store)), m_options(std::move(options)), m_tokens(newTransactTokens())
{
    if (m_options.deleteDelayMs < 0)
        m_options.deleteDelayMs = m_options.createDelayMs;
}

TableEngine::~TableEngine() = default;

bool TableEngine::isKnownOperation(const QString &operation)
{
    return Validation::schemaFor(operation) != nullptr;
}

void TableEngine::call(const QString &operation, const QJsonObject &request, ReplyFn done)
{
    dispatch(operation, request, std::move(done), false);
}

void TableEngine::callJson(const QString &operation, const QJsonObject &request, ReplyFn done)
{
    dispatch(operation, request, std::move(done), true);
}

bool TableEngine::callPlainJson(const QString &operation, const QByteArray &body,
                                const std::function<void(const QString &table)> &accepted,
                                ReplyFn &done)
{
    const Items::ScopedValueWording wording(valueWordingOf(operation));
    std::optional<Validation::CheckedRequest> plain = Validation::readPlainRequest(operation, body);
    if (!plain)
        return false;
    plain->jsonReply = true;
    if (accepted)
        accepted(plain->data.value(u"TableName").toString());
    run(operation, *plain, std::move(done));
    return true;
}

void TableEngine::dispatch(const QString &operation, const QJsonObject &request, ReplyFn done,
                           bool json)
{
    const Validation::Schema *schema = Validation::schemaFor(operation);
    if (!schema) {
        done(ApiReply::error(Status::error(Items::ErrorCode::UnknownOperation, QString())));
        return;
    }
    const Items::ScopedValueWording wording(valueWordingOf(operation));
    Result<Validation::CheckedRequest> checked =
        Validation::check(withTableNamesFromArns(operation, request), *schema);
    if (!checked) {
        done(ApiReply::error(checked.status()));
        return;
    }
    checked->jsonReply = json;
    run(operation, *checked, std::move(done));
}

void TableEngine::run(const QString &operation, const Validation::CheckedRequest &checked,
                      ReplyFn done)
{
    using Handler = void (TableEngine::*)(const Validation::CheckedRequest &, const ReplyFn &);
    static const QHash<QString, Handler> handlers = {
        {QStringLiteral("CreateTable"), &TableEngine::createTable},
        {QStringLiteral("DescribeTable"), &TableEngine::describeTable},
        {QStringLiteral("ListTables"), &TableEngine::listTables},
        {QStringLiteral("DeleteTable"), &TableEngine::deleteTable},
        {QStringLiteral("UpdateTable"), &TableEngine::updateTable},
        {QStringLiteral("PutItem"), &TableEngine::putItem},
        {QStringLiteral("GetItem"), &TableEngine::getItem},
        {QStringLiteral("DeleteItem"), &TableEngine::deleteItem},
        {QStringLiteral("UpdateItem"), &TableEngine::updateItem},
        {QStringLiteral("Query"), &TableEngine::query},
        {QStringLiteral("Scan"), &TableEngine::scan},
        {QStringLiteral("BatchGetItem"), &TableEngine::batchGetItem},
        {QStringLiteral("BatchWriteItem"), &TableEngine::batchWriteItem},
        {QStringLiteral("TransactWriteItems"), &TableEngine::transactWriteItems},
        {QStringLiteral("TransactGetItems"), &TableEngine::transactGetItems},
        {QStringLiteral("UpdateTimeToLive"), &TableEngine::updateTimeToLive},
        {QStringLiteral("DescribeTimeToLive"), &TableEngine::describeTimeToLive},
        {QStringLiteral("TagResource"), &TableEngine::tagResource},
        {QStringLiteral("UntagResource"), &TableEngine::untagResource},
        {QStringLiteral("ListTagsOfResource"), &TableEngine::listTagsOfResource},
        {QStringLiteral("DescribeEndpoints"), &TableEngine::describeEndpoints},
        {QStringLiteral("DescribeLimits"), &TableEngine::describeLimits},
    };
    const Handler handler = handlers.value(operation);
    if (!handler) {
        done(ApiReply::error(Status::error(Items::ErrorCode::UnknownOperation, QString())));
        return;
    }
    (this->*handler)(checked, done);
}

ApiReply TableEngine::callAndWait(const QString &operation, const QJsonObject &request)
{
    QMutex mutex;
    QWaitCondition answered;
    std::optional<ApiReply> reply;
    call(operation, request, [&](ApiReply r) {
        QMutexLocker lock(&mutex);
        reply.emplace(std::move(r));
        answered.wakeAll();
    });
    QMutexLocker lock(&mutex);
    while (!reply)
        answered.wait(&mutex);
    return std::move(*reply);
}

QDateTime TableEngine::now() const
{
    return m_options.clock ? m_options.clock() : QDateTime::currentDateTimeUtc();
}

Result<TableMeta> TableEngine::findTable(const QString &name, bool activeOnly) const
{
    std::optional<TableMeta> meta = m_store->table(name);
    if (!meta)
        return tableNotFound(name, !activeOnly);
    // Status changes are resolved when looked at, so no timer has to run for them.
    if (meta->status == u"CREATING" &&
        meta->createdAt.msecsTo(now()) >= qint64(m_options.createDelayMs)) {
        meta->status = QStringLiteral("ACTIVE");
        const Status s = m_store->updateTable(*meta);
        if (!s.isOk())
            qCWarning(lcTables) << "cannot activate table" << name << s.toString();
    } else if (meta->status == u"DELETING") {
        const qint64 since = meta->definition.value(u"DeleteRequestedAtMs").toInteger();
        if (now().toMSecsSinceEpoch() - since >= qint64(m_options.deleteDelayMs)) {
            const Status s = m_store->deleteTable(name);
            if (!s.isOk())
                qCWarning(lcTables) << "cannot drop table" << name << s.toString();
            return tableNotFound(name, !activeOnly);
        }
    }
    if (activeOnly && meta->status != u"ACTIVE")
        return tableNotFound(name, false);
    settleIndexes(*meta);
    return *meta;
}

QJsonObject TableEngine::describe(const TableMeta &meta) const
{
    const QJsonObject &def = meta.definition;
    const QString arn = m_options.arnPrefix + u":table/" + meta.name;
    QJsonObject d;
    d.insert(u"AttributeDefinitions", def.value(u"AttributeDefinitions"));
    d.insert(u"TableName", meta.name);
    d.insert(u"KeySchema", def.value(u"KeySchema"));
    d.insert(u"TableStatus", meta.status);
    d.insert(u"CreationDateTime", double(meta.createdAt.toMSecsSinceEpoch()) / 1000.0);
    const bool payPerRequest = def.value(u"BillingMode").toString() == u"PAY_PER_REQUEST";
    QJsonObject throughput{{QStringLiteral("NumberOfDecreasesToday"), 0},
                           {QStringLiteral("ReadCapacityUnits"), 0},
                           {QStringLiteral("WriteCapacityUnits"), 0}};
    if (!payPerRequest) {
        const QJsonObject given = def.value(u"ProvisionedThroughput").toObject();
        throughput.insert(u"ReadCapacityUnits", given.value(u"ReadCapacityUnits").toInteger());
        throughput.insert(u"WriteCapacityUnits", given.value(u"WriteCapacityUnits").toInteger());
        // Kept by UpdateTable.
        throughput.insert(u"NumberOfDecreasesToday", given.value(u"NumberOfDecreasesToday").toInteger());
        for (const char *stamp : {"LastIncreaseDateTime", "LastDecreaseDateTime"})
            if (given.contains(QLatin1String(stamp)))
                throughput.insert(QLatin1String(stamp), given.value(QLatin1String(stamp)));
    }
    d.insert(u"ProvisionedThroughput", throughput);
    d.insert(u"TableSizeBytes", meta.sizeBytes);
    d.insert(u"ItemCount", meta.itemCount);
    d.insert(u"TableArn", arn);
    d.insert(u"TableId", def.value(u"TableId"));
    if (payPerRequest)
        d.insert(u"BillingModeSummary",
                 QJsonObject{{QStringLiteral("BillingMode"), QStringLiteral("PAY_PER_REQUEST")},
                             {QStringLiteral("LastUpdateToPayPerRequestDateTime"),
                              def.value(u"LastUpdateToPayPerRequestDateTime")
                                  .toDouble(double(meta.createdAt.toMSecsSinceEpoch()) / 1000.0)}});
    describeIndexes(meta, arn, d);
    if (def.value(u"StreamSpecification").toObject().value(u"StreamEnabled").toBool())
        d.insert(u"StreamSpecification", def.value(u"StreamSpecification"));
    if (def.contains(u"TableClass"))
        d.insert(u"TableClassSummary",
                 QJsonObject{{QStringLiteral("TableClass"), def.value(u"TableClass")}});
    d.insert(u"DeletionProtectionEnabled", def.value(u"DeletionProtectionEnabled").toBool(false));
    return d;
}

} // namespace Gatehouse::Tables
