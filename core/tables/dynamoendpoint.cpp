#include "dynamoendpoint.h"

#include <common/ids.h>
#include <items/dynamoerror.h>

#include <QJsonDocument>
#include <QJsonParseError>

#include <array>

namespace Gatehouse::Tables {

namespace {

const QByteArray kAmzJson = "application/x-amz-json-1.0";

// Every operation name of DynamoDB_20120810 this endpoint routes to the API; the API answers
// UnknownOperationException for the ones it does not implement yet.
const QSet<QString> &knownOperations()
{
    static const QSet<QString> ops = {
        QStringLiteral("BatchGetItem"), QStringLiteral("BatchWriteItem"),
        QStringLiteral("CreateTable"), QStringLiteral("DeleteItem"),
        QStringLiteral("DeleteTable"), QStringLiteral("DescribeTable"),
        QStringLiteral("DescribeTimeToLive"), QStringLiteral("GetItem"),
        QStringLiteral("ListTables"), QStringLiteral("PutItem"), QStringLiteral("Query"),
        QStringLiteral("Scan"), QStringLiteral("TagResource"), QStringLiteral("UntagResource"),
        QStringLiteral("ListTagsOfResource"), QStringLiteral("UpdateItem"),
        QStringLiteral("UpdateTable"), QStringLiteral("UpdateTimeToLive"),
        QStringLiteral("TransactWriteItems"), QStringLiteral("TransactGetItems"),
        QStringLiteral("DescribeEndpoints"), QStringLiteral("DescribeLimits")};
    return ops;
}

QByteArray typeOf(const QString &code)
{
    return Items::errorInfo(code).type;
}

int statusOf(const QString &code)
{
    return Items::errorInfo(code).httpStatus;
}

Http::HttpResponse finish(Http::HttpResponse response, const QByteArray &requestId)
{
    response.setHeader("x-amz-crc32", QByteArray::number(DynamoEndpoint::crc32(response.body)));
    if (!requestId.isEmpty())
        response.setHeader("x-amzn-RequestId", requestId);
    return response;
}

} // namespace

DynamoEndpoint::DynamoEndpoint(std::shared_ptr<DynamoApi> api,
                               std::shared_ptr<const Authenticator> authenticator)
    : m_api(std::move(api)), m_authenticator(std::move(authenticator))
{
    if (!m_authenticator)
        m_authenticator = std::make_shared<PermissiveAuthenticator>();
}

quint32 DynamoEndpoint::crc32(const QByteArray &data)
{
    // Slice-by-8 (eight bytes a step through eight tables): the byte-at-a-time loop was ~5% of a
    // Query answer's time.
    using Tables8 = std::array<std::array<quint32, 256>, 8>;
    static const Tables8 tables = [] {
        Tables8 t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (quint32 i = 0; i < 256; ++i) {
            for (int k = 1; k < 8; ++k)
                t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFu;
    const auto *p = reinterpret_cast<const quint8 *>(data.constData());
    qsizetype n = data.size();
    while (n >= 8) {
        const quint32 lo = crc ^ (quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 |
                                  quint32(p[3]) << 24);
        crc = tables[7][lo & 0xFF] ^ tables[6][(lo >> 8) & 0xFF] ^ tables[5][(lo >> 16) & 0xFF] ^
              tables[4][lo >> 24] ^ tables[3][p[4]] ^ tables[2][p[5]] ^ tables[1][p[6]] ^
              tables[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
        crc = tables[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

Http::HttpResponse DynamoEndpoint::errorResponse(const QString &code, const QString &message,
                                                 const QJsonObject &extraFields,
                                                 const QByteArray &contentType)
{
    QByteArray body;
    if (message.isEmpty() && extraFields.isEmpty()) {
        // The protocol-level errors (bad JSON, unknown target) carry no message.
        body = QJsonDocument(QJsonObject{{QStringLiteral("__type"), QString::fromLatin1(typeOf(code))}})
                   .toJson(QJsonDocument::Compact);
    } else if (extraFields.isEmpty()) {
        body = Items::errorBody(code, message);
    } else {
        QJsonObject object{{QStringLiteral("__type"), QString::fromLatin1(typeOf(code))},
                           {QStringLiteral("message"), message}};
        for (auto it = extraFields.begin(); it != extraFields.end(); ++it)
            object.insert(it.key(), it.value());
        body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    return Http::HttpResponse::json(statusOf(code), body, contentType);
}

void DynamoEndpoint::handle(const Http::ExchangePtr &exchange)
{
    const Http::HttpRequest &request = exchange->request();
    const QByteArray requestId = request.requestId;
    const qint64 parseStart = exchange->elapsedUs();

    // Browsers (admin tools) talk to local endpoints with CORS.
    const bool cors = !request.header("Origin").isEmpty();
    auto respond = [exchange, requestId, cors](Http::HttpResponse response) {
        if (cors)
            response.setHeader("Access-Control-Allow-Origin", "*");
        exchange->respond(finish(std::move(response), requestId));
    };

    if (cors && request.method == "OPTIONS") {
        Http::HttpResponse preflight;
        preflight.status = 200;
        if (!request.header("Access-Control-Request-Headers").isEmpty())
            preflight.setHeader("Access-Control-Allow-Headers", request.header("Access-Control-Request-Headers"));
        if (!request.header("Access-Control-Request-Method").isEmpty())
            preflight.setHeader("Access-Control-Allow-Methods", request.header("Access-Control-Request-Method"));
        preflight.setHeader("Access-Control-Max-Age", "172800");
        return respond(preflight);
    }
    if (request.method == "GET") {
        // What the service answers to a health check (the trailing space is the service's).
        Http::HttpResponse healthy;
        healthy.status = 200;
        healthy.body = "healthy: dynamodb.us-east-1.amazonaws.com ";
        return respond(healthy);
    }

    const QByteArray contentType = request.header("Content-Type").split(';').first().trimmed().toLower();
    const bool jsonType = contentType == "application/json" || contentType == kAmzJson;
    if (request.method != "POST" || (!request.body.isEmpty() && !jsonType)) {
        Http::HttpResponse notFound;
        notFound.status = 404;
        notFound.body = "<UnknownOperationException/>\n";
        return respond(notFound);
    }
    const QByteArray responseType = contentType == kAmzJson ? kAmzJson : QByteArray("application/json");

    // A write is answered on the writer thread, after its group's commit: the response is
    // built back on the listener's thread, so the single writer only hands the reply over.
    auto replyFrom = [exchange, respond, responseType](qint64 engineStart,
                                                       qint64 engineStartMono) -> ReplyFn {
        auto answer = [exchange, respond, responseType, engineStart,
                       engineStartMono](const ApiReply &reply, qint64 end) {
            if (reply.writeStartUs > 0 && reply.writeEndUs >= reply.writeStartUs) {
                // Validation and queueing, the mutation on the writer thread, then the group commit.
                const qint64 writeStart = engineStart + (reply.writeStartUs - engineStartMono);
                const qint64 writeEnd = engineStart + (reply.writeEndUs - engineStartMono);
                exchange->addStage(QStringLiteral("engine"), engineStart, writeStart - engineStart);
                exchange->addStage(QStringLiteral("write"), writeStart, writeEnd - writeStart);
                exchange->addStage(QStringLiteral("commit"), writeEnd, qMax<qint64>(0, end - writeEnd));
            } else {
                exchange->addStage(QStringLiteral("engine"), engineStart, end - engineStart);
            }
            if (!reply.result) {
                const Status status = reply.result.status();
                exchange->setNote(QStringLiteral("error"), status.code());
                return respond(errorResponse(status.code(), status.message(), reply.errorFields, responseType));
            }
            if (!reply.json.isEmpty())
                return respond(Http::HttpResponse::json(200, reply.json, responseType));
            respond(Http::HttpResponse::json(
                200, QJsonDocument(reply.result.value()).toJson(QJsonDocument::Compact), responseType));
        };
        return [exchange, answer](ApiReply reply) {
            const qint64 end = exchange->elapsedUs();
            auto shared = std::make_shared<const ApiReply>(std::move(reply));
            exchange->runOnOwnThread([answer, shared, end] { answer(*shared, end); });
        };
    };

    const QList<QByteArray> target = request.header("X-Amz-Target").split('.');
    const QString operation = target.size() == 2 ? QString::fromLatin1(target.at(1)) : QString();
    const bool knownTarget = target.size() == 2 &&
                             (target.at(0) == "DynamoDB_20120810" || target.at(0) == "DynamoDB_20111205") &&
                             knownOperations().contains(operation);

    // The common item requests go to the engine straight from their bytes. Such a body is valid
    // JSON and its target known, so the answers keep the order of the checks below.
    std::optional<Status> auth;
    if (knownTarget && !request.body.isEmpty()) {
        auth = m_authenticator->authenticate(request);
        if (auth->isOk()) {
            const qint64 engineStart = exchange->elapsedUs();
            ReplyFn reply = replyFrom(engineStart, monotonicMicros());
            auto accepted = [&exchange, &operation, parseStart, engineStart](const QString &table) {
                exchange->setNote(QStringLiteral("operation"), operation);
                exchange->setNote(QStringLiteral("table"), table);
                exchange->addStage(QStringLiteral("parse"), parseStart, engineStart - parseStart);
            };
            if (m_api->callPlainJson(operation, request.body, accepted, reply))
                return;
        }
    }

    QJsonObject body;
    if (!request.body.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError)
            return respond(errorResponse(Items::ErrorCode::Serialization, QString(), {}, responseType));
        body = document.object();  // a non-object body has no members, as the service reads it
    }

    if (!knownTarget)
        return respond(errorResponse(Items::ErrorCode::UnknownOperation, QString(), {}, responseType));
    exchange->setNote(QStringLiteral("operation"), operation);

    if (!auth)
        auth = m_authenticator->authenticate(request);
    if (!auth->isOk()) {
        exchange->setNote(QStringLiteral("error"), auth->code());
        return respond(errorResponse(auth->code(), auth->message(), {}, responseType));
    }
    if (request.body.isEmpty())
        return respond(errorResponse(Items::ErrorCode::Serialization, QString(), {}, responseType));

    if (body.value(u"TableName").isString())
        exchange->setNote(QStringLiteral("table"), body.value(u"TableName").toString());
    const qint64 engineStart = exchange->elapsedUs();
    const qint64 engineStartMono = monotonicMicros();
    exchange->addStage(QStringLiteral("parse"), parseStart, engineStart - parseStart);
    m_api->callJson(operation, body, replyFrom(engineStart, engineStartMono));
}

Http::HttpResponse DynamoEndpoint::refusal(Http::RefusalReason reason, int status, const QString &detail)
{
    QString code;
    switch (reason) {
    case Http::RefusalReason::BodyTooLarge:
        code = Items::ErrorCode::RequestEntityTooLarge;
        break;
    case Http::RefusalReason::BadRequest:
        code = Items::ErrorCode::Serialization;
        break;
    default:
        code = Items::ErrorCode::InternalServerError;
        break;
    }
    Http::HttpResponse response = errorResponse(code, detail);
    response.status = status;
    return finish(std::move(response), QByteArray());
}

} // namespace Gatehouse::Tables
