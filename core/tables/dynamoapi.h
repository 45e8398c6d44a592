// Thread affinity: any thread; see each implementation for where `done` runs.
#pragma once

#include <common/status.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace Gatehouse::Tables {

// The answer to one DynamoDB API call: the response object, or an error Status (code = the
// DynamoDB error name, message = the exact text) plus the extra members some error bodies carry
// (ConditionalCheckFailedException's "Item"; TransactionCanceledException's "CancellationReasons"
// in part 2). errorFields is empty on success.
struct ApiReply
{
    Result<QJsonObject> result;
    QJsonObject errorFields;
    // For item writes: when the mutation ran on the writer thread (monotonicMicros(), start and
    // end); the answer comes after the group's commit. 0 when the call wrote nothing.
    qint64 writeStartUs = 0;
    qint64 writeEndUs = 0;
    // Only from callJson, and only for some operations (GetItem, Query, Scan): the success
    // response already as compact JSON text, `result` then holding an empty object. Writing the
    // text straight from the items saves building a QJsonObject only to serialise it.
    QByteArray json = QByteArray();

    static ApiReply ok(QJsonObject response) { return {std::move(response), {}}; }
    static ApiReply okJson(QByteArray text)
    {
        ApiReply reply{QJsonObject(), {}};
        reply.json = std::move(text);
        return reply;
    }
    static ApiReply error(Status status, QJsonObject fields = {})
    {
        return {std::move(status), std::move(fields)};
    }
};

using ReplyFn = std::function<void(ApiReply)>;

// The DynamoDB API as value types: an operation name ("PutItem") and its request object in,
// the response object out. The HTTP endpoint and the console's table browser both speak to the
// engine through this interface.
class DynamoApi
{
public:
    virtual ~DynamoApi() = default;
    // `done` is called exactly once: synchronously for reads and catalog operations, on the
    // store's writer thread after the commit for item writes.
    virtual void call(const QString &operation, const QJsonObject &request, ReplyFn done) = 0;
    // As call, for callers that send the response on as text (the HTTP endpoint): a success
    // reply may carry ApiReply::json instead of the object. The default is call.
    virtual void callJson(const QString &operation, const QJsonObject &request, ReplyFn done)
    {
        call(operation, request, std::move(done));
    }
    // As callJson, straight from the request body's bytes, for the requests an implementation
    // can read without a JSON document (the table engine: the common item operations; see
    // Validation::readPlainRequest). When it takes the call it first gives `accepted` the
    // request's TableName, then runs it and returns true. Otherwise it returns false with `done`
    // untouched: the caller parses the body and calls callJson, which answers exactly as
    // before. The default takes nothing.
    virtual bool callPlainJson(const QString &operation, const QByteArray &body,
                               const std::function<void(const QString &table)> &accepted,
                               ReplyFn &done)
    {
        Q_UNUSED(operation);
        Q_UNUSED(body);
        Q_UNUSED(accepted);
        Q_UNUSED(done);
        return false;
    }
};

} // namespace Gatehouse::Tables
