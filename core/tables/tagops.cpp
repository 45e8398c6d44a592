// TagResource, UntagResource, ListTagsOfResource, DescribeEndpoints and DescribeLimits.
//
// Tags live in the table's definition ("Tags": [{Key, Value}], where CreateTable puts them), in
// the order first given; DescribeTable does not show them, as the service does not.
#include "tableengine.h"

#include "enginesupport.h"
#include "requestvalidation.h"

#include <items/dynamoerror.h>

#include <QJsonArray>
#include <QRegularExpression>

namespace Gatehouse::Tables {

using namespace Support;

namespace {

constexpr int kMaxTags = 50;

// The checks the three tag operations share, in the service's order. `listName` is the member
// that must be present ("Tags", "TagKeys"; empty for ListTagsOfResource).
std::optional<Status> checkArn(const QJsonObject &d, const QString &operation, const QString &listName)
{
    if (!d.contains(u"ResourceArn"))
        return validation(QStringLiteral("Invalid TableArn"));
    const QString arn = d.value(u"ResourceArn").toString();
    static const QRegularExpression anyArn(QStringLiteral("^.+:.+:.+:.+:.+:.+/.+$"));
    if (!anyArn.match(arn).hasMatch())
        return Status::error(Items::ErrorCode::AccessDenied,
                             u"User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:" +
                                 operation + u" on resource: " + (arn.isEmpty() ? QStringLiteral("*") : arn));
    if (!listName.isEmpty() && !d.contains(listName))
        return validation(u"1 validation error detected: Value null at '" + listName.left(1).toLower() +
                          listName.mid(1) + u"' failed to satisfy constraint: Member must not be null");
    static const QRegularExpression tableArn(QStringLiteral("^arn:aws:dynamodb:.+:\\d+:table/[^/]{2}[^/]+$"));
    if (!tableArn.match(arn).hasMatch())
        return validation(u"Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    return std::nullopt;
}

QString tableNameOf(const QString &arn)
{
    return arn.mid(arn.lastIndexOf(u'/') + 1);
}

} // namespace

void TableEngine::tagResource(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto s = checkArn(d, QStringLiteral("TagResource"), QStringLiteral("Tags")))
        return done(ApiReply::error(*s));
    const QJsonArray given = d.value(u"Tags").toArray();
    if (given.isEmpty())
        return done(invalid(QStringLiteral("Atleast one Tag needs to be provided as Input.")));
    for (const QJsonValue &v : given) {
        if (v.toObject().value(u"Key").toString().startsWith(u"aws:"))
            return done(invalid(QStringLiteral("One or more parameter values were invalid: Tag keys "
                                               "starting with 'aws:' are reserved for system use")));
    }
    const QString arn = d.value(u"ResourceArn").toString();
    QMutexLocker lock(&m_definitionMutex);
    Result<TableMeta> table = findTable(tableNameOf(arn), false);
    if (!table)
        return done(ApiReply::error(Status::error(Items::ErrorCode::ResourceNotFound,
                                                  u"Requested resource not found: ResourcArn: " + arn +
                                                      u" not found")));
    TableMeta meta = *table;
    QJsonArray tags = meta.definition.value(u"Tags").toArray();
    for (const QJsonValue &v : given) {
        const QJsonObject tag = v.toObject();
        bool replaced = false;
        for (qsizetype i = 0; i < tags.size() && !replaced; ++i) {
            if (tags.at(i).toObject().value(u"Key") == tag.value(u"Key")) {
                tags.replace(i, tag);  // an existing key takes the new value
                replaced = true;
            }
        }
        if (!replaced)
            tags.append(tag);
    }
    if (tags.size() > kMaxTags)
        return done(ApiReply::error(Status::error(Items::ErrorCode::LimitExceeded,
                                                  QStringLiteral("The number of tags exceeds the limit of 50 "
                                                                 "tags per resource"))));
    meta.definition.insert(u"Tags", tags);
    if (Status s = m_store->updateTable(meta); !s.isOk())
        return done(ApiReply::error(s));
    done(ApiReply::ok({}));
}

void TableEngine::untagResource(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto s = checkArn(d, QStringLiteral("UntagResource"), QStringLiteral("TagKeys")))
        return done(ApiReply::error(*s));
    const QJsonArray keys = d.value(u"TagKeys").toArray();
    if (keys.isEmpty())
        return done(invalid(QStringLiteral("Atleast one Tag Key needs to be provided as Input.")));
    QMutexLocker lock(&m_definitionMutex);
    Result<TableMeta> table = findTable(tableNameOf(d.value(u"ResourceArn").toString()), false);
    if (!table)
        return done(ApiReply::error(Status::error(Items::ErrorCode::ResourceNotFound,
                                                  QStringLiteral("Requested resource not found"))));
    TableMeta meta = *table;
    QJsonArray kept;
    for (const QJsonValue &v : meta.definition.value(u"Tags").toArray()) {
        if (!keys.contains(v.toObject().value(u"Key")))
            kept.append(v);
    }
    meta.definition.insert(u"Tags", kept);
    if (Status s = m_store->updateTable(meta); !s.isOk())
        return done(ApiReply::error(s));
    done(ApiReply::ok({}));
}

void TableEngine::listTagsOfResource(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto s = checkArn(d, QStringLiteral("ListTagsOfResource"), QString()))
        return done(ApiReply::error(*s));
    const QString arn = d.value(u"ResourceArn").toString();
    Result<TableMeta> table = findTable(tableNameOf(arn), false);
    if (!table)
        return done(ApiReply::error(Status::error(Items::ErrorCode::ResourceNotFound,
                                                  u"Requested resource not found: ResourcArn: " + arn +
                                                      u" not found")));
    // At most 50 tags: one page, never a NextToken.
    done(ApiReply::ok(QJsonObject{{QStringLiteral("Tags"), table->definition.value(u"Tags").toArray()}}));
}

void TableEngine::describeEndpoints(const Validation::CheckedRequest &, const ReplyFn &done)
{
    // The engine does not know the address clients reach it by; DynamoDB Local answers its
    // own default, and SDKs only use this with endpoint discovery, which local setups turn off.
    const QJsonObject endpoint{{QStringLiteral("Address"), m_options.endpointAddress},
                               {QStringLiteral("CachePeriodInMinutes"), 1440}};
    done(ApiReply::ok(QJsonObject{{QStringLiteral("Endpoints"), QJsonArray{endpoint}}}));
}

void TableEngine::describeLimits(const Validation::CheckedRequest &, const ReplyFn &done)
{
    // The service's default quotas of an account and a table.
    done(ApiReply::ok(QJsonObject{{QStringLiteral("AccountMaxReadCapacityUnits"), 80000},
                                  {QStringLiteral("AccountMaxWriteCapacityUnits"), 80000},
                                  {QStringLiteral("TableMaxReadCapacityUnits"), 40000},
                                  {QStringLiteral("TableMaxWriteCapacityUnits"), 40000}}));
}

} // namespace Gatehouse::Tables
