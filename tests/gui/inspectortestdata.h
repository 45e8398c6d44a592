// Records as the two listeners publish them, for the inspector tests.
#pragma once

#include <observe/requestrecord.h>

#include <QDateTime>
#include <QTimeZone>

#include <memory>

namespace InspectorTestData {

using namespace Gatehouse;

inline std::shared_ptr<Observe::RequestRecord> tableRecord(int i, const QString &operation, int status,
                                                           const QByteArray &body = "{\"TableName\":\"Books\"}")
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->requestId = "t-" + QByteArray::number(i);
    r->listener = QStringLiteral("tables");
    r->startedAt = QDateTime(QDate(2026, 11, 25), QTime(9, 30, 0), QTimeZone::utc()).addMSecs(i);
    r->peerAddress = QStringLiteral("127.0.0.1");
    r->method = "POST";
    r->target = "/";
    r->requestHeaders = {{"Host", "127.0.0.1:8000"},
                         {"Content-Type", "application/x-amz-json-1.0"},
                         {"X-Amz-Target", "DynamoDB_20120810." + operation.toLatin1()}};
    r->requestBody = body;
    r->requestBodySize = body.size();
    r->status = status;
    r->responseHeaders = {{"Content-Type", "application/x-amz-json-1.0"}};
    r->responseBody = status == 200 ? QByteArray("{}")
                                    : QByteArray(R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad"})");
    r->responseBodySize = r->responseBody.size();
    r->totalUs = 10 * i;
    r->stages = {{QStringLiteral("parse"), 0, 5}, {QStringLiteral("engine"), 5, qMax(1, 10 * i - 10)}};
    r->notes.insert(QStringLiteral("operation"), operation);
    r->notes.insert(QStringLiteral("table"), QStringLiteral("Books"));
    return r;
}

inline std::shared_ptr<Observe::RequestRecord> gatewayRecord(int i, const QString &api, const QByteArray &method,
                                                             const QByteArray &target, int status)
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->requestId = "g-" + QByteArray::number(i);
    r->listener = QStringLiteral("gateway");
    r->startedAt = QDateTime(QDate(2026, 11, 25), QTime(9, 30, 0), QTimeZone::utc()).addMSecs(i);
    r->peerAddress = QStringLiteral("127.0.0.1");
    r->method = method;
    r->target = target;
    r->requestHeaders = {{"Host", "127.0.0.1:3000"}, {"Accept", "application/json"}};
    r->status = status;
    r->responseHeaders = {{"Content-Type", "application/json"}, {"X-Cache", "miss"}};
    r->responseBody = R"({"id":1,"name":"Rex","price":12.5})";
    r->responseBodySize = r->responseBody.size();
    r->totalUs = 10 * i;
    const qint64 step = qMax(1, i);
    r->stages = {{QStringLiteral("route"), 0, step},
                 {QStringLiteral("methodRequest"), step, step},
                 {QStringLiteral("integrationRequest"), 2 * step, step},
                 {QStringLiteral("integration"), 3 * step, 4 * step},
                 {QStringLiteral("integrationResponse"), 7 * step, step},
                 {QStringLiteral("methodResponse"), 8 * step, step}};
    r->notes.insert(QStringLiteral("api"), api);
    r->notes.insert(QStringLiteral("stage"), QStringLiteral("dev"));
    r->notes.insert(QStringLiteral("resourcePath"), QStringLiteral("/pets/{id}"));
    return r;
}

} // namespace InspectorTestData
