#include "dynamointegration.h"

#include "awsintegrationuri.h"

#include <common/ids.h>
#include <items/dynamoerror.h>
#include <tables/dynamoendpoint.h>
#include <tables/tableengine.h>

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QThread>

namespace Gatehouse::GatewayAws {

namespace {

const QByteArray kAmzJson = QByteArrayLiteral("application/x-amz-json-1.0");
constexpr qsizetype NoteLimit = 64 * 1024;

QString noteText(const QByteArray &body)
{
    if (body.size() <= NoteLimit)
        return QString::fromUtf8(body);
    return QString::fromUtf8(body.first(NoteLimit)) + QStringLiteral("… (%1 bytes)").arg(body.size());
}

// The DynamoDB answer as the integration sees it: DynamoDB's own headers, status and body.
Gateway::IntegrationResult fromHttp(Http::HttpResponse response, const QByteArray &requestId)
{
    Gateway::IntegrationResult result;
    result.status = response.status;
    result.headers = std::move(response.headers);
    if (!Http::hasHeader(result.headers, "content-type"))
        result.headers.append({QByteArrayLiteral("Content-Type"), kAmzJson});
    result.headers.append({QByteArrayLiteral("Content-Length"), QByteArray::number(response.body.size())});
    result.headers.append({QByteArrayLiteral("x-amzn-RequestId"), requestId});
    result.headers.append({QByteArrayLiteral("x-amz-crc32"),
                           QByteArray::number(Tables::DynamoEndpoint::crc32(response.body))});
    result.body = std::move(response.body);
    return result;
}

Gateway::IntegrationResult dynamoError(const QString &code, const QString &message,
                                       const QByteArray &requestId,
                                       const QJsonObject &extra = {})
{
    return fromHttp(Tables::DynamoEndpoint::errorResponse(code, message, extra, kAmzJson), requestId);
}

// A whole number following `"key":` in compact JSON text, or -1.
qint64 numberAfter(const QByteArray &json, QByteArrayView key)
{
    const qsizetype at = json.lastIndexOf(key);
    if (at < 0)
        return -1;
    qint64 value = 0;
    bool any = false;
    for (qsizetype i = at + key.size(); i < json.size() && json.at(i) >= '0' && json.at(i) <= '9'; ++i) {
        value = value * 10 + (json.at(i) - '0');
        any = true;
    }
    return any ? value : -1;
}

// How many items the action read or wrote, from its answer (compact JSON text).
qint64 itemsTouched(const QString &action, const QByteArray &json)
{
    if (action == QLatin1String("Query") || action == QLatin1String("Scan")) {
        const qint64 scanned = numberAfter(json, "\"ScannedCount\":");
        return scanned >= 0 ? scanned : numberAfter(json, "\"Count\":");
    }
    if (action == QLatin1String("GetItem"))
        return json.contains("\"Item\":") ? 1 : 0;
    if (action == QLatin1String("PutItem") || action == QLatin1String("UpdateItem") ||
        action == QLatin1String("DeleteItem"))
        return 1;
    return -1;
}

// Sends `done` back to the thread execute() ran on when the engine answers from another one (an
// item write answers on the store's writer thread after its commit): the pipeline's response
// stages and templates then run on the listener, not on the single writer thread.
Gateway::IntegrationDone onCallingThread(Gateway::IntegrationDone done)
{
    QThread *origin = QThread::currentThread();
    QPointer<QAbstractEventDispatcher> dispatcher = QAbstractEventDispatcher::instance(origin);
    if (!dispatcher)
        return done;
    return [origin, dispatcher, done = std::move(done)](Gateway::IntegrationResult result) mutable {
        if (QThread::currentThread() == origin || !dispatcher) {
            done(std::move(result));
            return;
        }
        QMetaObject::invokeMethod(
            dispatcher.data(),
            [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    };
}

// An integration's uri, parsed once per thread: every request of a route reads the same one.
Result<AwsIntegrationUri> parsedUri(const QString &uri)
{
    thread_local QHash<QString, Result<AwsIntegrationUri>> cache;
    const auto it = cache.constFind(uri);
    if (it != cache.constEnd())
        return it.value();
    if (cache.size() >= 256)
        cache.clear();
    return cache.insert(uri, AwsIntegrationUri::parse(uri)).value();
}

QString configurationError(const QString &detail)
{
    return u"Execution failed due to configuration error: " + detail;
}

Gateway::IntegrationResult failure(const QString &detail)
{
    Gateway::IntegrationResult result;
    result.failure = Gateway::GatewayFailure{Gateway::ResponseType::ApiConfigurationError,
                                             Gateway::GatewayMessage::internalServerError(),
                                             configurationError(detail)};
    return result;
}

} // namespace

DynamoIntegration::DynamoIntegration(std::shared_ptr<Tables::DynamoApi> api) : m_api(std::move(api)) {}

void DynamoIntegration::execute(const Gateway::IntegrationCall &call, Gateway::IntegrationDone done)
{
    Gateway::PipelineTrace *trace = call.trace;
    const Result<AwsIntegrationUri> uri = parsedUri(call.integration->uri);
    if (!uri)
        return done(failure(uri.status().message()));
    trace->setNote(QStringLiteral("awsService"), uri->service);
    if (uri->service != QLatin1String("dynamodb")) {
        return done(failure(QStringLiteral("AWS service '%1' is not available in Gatehouse: the AWS "
                                           "integration runs DynamoDB actions only (%2)")
                                .arg(uri->service, call.integration->uri)));
    }

    const QByteArray requestId = newRequestId();
    trace->setNote(QStringLiteral("awsRequestId"), QString::fromLatin1(requestId));
    const QString &method = call.integration->httpMethod;
    if (method.compare(QLatin1String("GET"), Qt::CaseInsensitive) == 0) {
        // DynamoDB answers a GET with its health text, whatever the path.
        Http::HttpResponse healthy;
        healthy.status = 200;
        healthy.body = "healthy: dynamodb." + uri->region.toUtf8() + ".amazonaws.com ";
        healthy.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain")});
        return done(fromHttp(std::move(healthy), requestId));
    }
    if (method.compare(QLatin1String("POST"), Qt::CaseInsensitive) != 0) {
        Http::HttpResponse notFound;
        notFound.status = 404;
        notFound.body = "<UnknownOperationException/>\n";
        notFound.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/xml")});
        return done(fromHttp(std::move(notFound), requestId));
    }

    // The action: action/{Action}, or the X-Amz-Target header a path-form integration maps.
    QString action;
    if (uri->action) {
        action = uri->target;
    } else {
        for (const Gateway::IntegrationCall::Parameter &p : call.parameters) {
            if (p.location == QLatin1String("header") &&
                p.name.compare(QLatin1String("X-Amz-Target"), Qt::CaseInsensitive) == 0) {
                const QStringList target = p.value.split(u'.');
                if (target.size() == 2 && (target.at(0) == QLatin1String("DynamoDB_20120810") ||
                                           target.at(0) == QLatin1String("DynamoDB_20111205")))
                    action = target.at(1);
            }
        }
    }
    trace->setNote(QStringLiteral("awsAction"), action);
    trace->setNote(QStringLiteral("awsRequest"), noteText(call.body));
    auto finish = [trace, action](Gateway::IntegrationResult result) {
        trace->setNote(QStringLiteral("awsResponse"), noteText(result.body));
        if (result.status == 200) {
            if (const qint64 touched = itemsTouched(action, result.body); touched >= 0)
                trace->setNote(QStringLiteral("itemsTouched"), touched);
        }
        return result;
    };
    if (action.isEmpty() || !Tables::TableEngine::isKnownOperation(action))
        return done(finish(dynamoError(Items::ErrorCode::UnknownOperation, QString(), requestId)));

    QJsonObject request;
    if (call.body.isEmpty())
        return done(finish(dynamoError(Items::ErrorCode::Serialization, QString(), requestId)));
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(call.body, &error);
        if (error.error != QJsonParseError::NoError)
            return done(finish(dynamoError(Items::ErrorCode::Serialization, QString(), requestId)));
        request = document.object(); // a non-object body has no members, as the service reads it
    }
    if (request.value(u"TableName").isString())
        trace->setNote(QStringLiteral("table"), request.value(u"TableName").toString());

    m_api->callJson(action, request,
                    [finish, requestId, done = onCallingThread(std::move(done))](Tables::ApiReply reply) mutable {
                        if (!reply.result) {
                            const Status status = reply.result.status();
                            return done(finish(dynamoError(status.code(), status.message(), requestId,
                                                           reply.errorFields)));
                        }
                        Http::HttpResponse ok;
                        ok.status = 200;
                        ok.body = !reply.json.isEmpty()
                                      ? std::move(reply.json)
                                      : QJsonDocument(reply.result.value()).toJson(QJsonDocument::Compact);
                        ok.headers.append({QByteArrayLiteral("Content-Type"), kAmzJson});
                        done(finish(fromHttp(std::move(ok), requestId)));
                    });
}

} // namespace Gatehouse::GatewayAws
