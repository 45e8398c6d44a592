// Thread affinity: test thread. Helpers for the table engine tests: an in-memory engine with a
// fixed clock, and calls reduced to one comparable string.
#pragma once

#include <tables/tableengine.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

namespace Gatehouse::Tables::Testing {

// 2023-11-14T22:13:20Z, so CreationDateTime reads 1700000000.
inline QDateTime fixedNow()
{
    return QDateTime::fromSecsSinceEpoch(1700000000).toUTC();
}

inline std::shared_ptr<TableEngine> makeEngine(EngineOptions options = {})
{
    options.store.inMemory = true;
    if (!options.clock)
        options.clock = fixedNow;
    Result<std::shared_ptr<TableEngine>> engine = TableEngine::open(options);
    if (!engine) {
        qWarning("cannot open engine: %s", qPrintable(engine.status().toString()));
        return nullptr;
    }
    return engine.value();
}

inline QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument d = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("bad JSON in test: %s: %s", json.constData(), qPrintable(error.errorString()));
    return d.object();
}

// Values that change from run to run are replaced by "*".
inline QJsonValue redact(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == u"TableId")
                it.value() = QStringLiteral("*");
            else
                it.value() = redact(it.value());
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &e : v.toArray())
            a.append(redact(e));
        return a;
    }
    return v;
}

inline QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// "{...}" for a response, "Code: message" for an error (+ " " and the extra fields if any).
inline QString outcome(const ApiReply &reply)
{
    if (reply.result)
        return compact(redact(reply.result.value()).toObject());
    QString s = reply.result.status().code() + u": " + reply.result.status().message();
    if (!reply.errorFields.isEmpty())
        s += u' ' + compact(reply.errorFields);
    return s;
}

// The normal form of an expected response written in a test.
inline QString normalised(const QByteArray &expected)
{
    if (expected.startsWith('{'))
        return compact(parseObject(expected));
    return QString::fromUtf8(expected);
}

// The outcome of a read through callJson (answered synchronously), its text parsed back.
inline QString outcomeAsText(TableEngine &engine, const QString &operation, const QJsonObject &request)
{
    std::optional<ApiReply> reply;
    engine.callJson(operation, request, [&reply](ApiReply r) { reply.emplace(std::move(r)); });
    if (!reply)
        return QStringLiteral("(no synchronous answer)");
    if (reply->result && !reply->json.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument d = QJsonDocument::fromJson(reply->json, &error);
        if (error.error != QJsonParseError::NoError || !d.isObject())
            return u"(bad JSON text) " + QString::fromUtf8(reply->json);
        return compact(redact(d.object()).toObject());
    }
    return outcome(*reply);
}

inline QString run(TableEngine &engine, const QString &operation, const QByteArray &request)
{
    return outcome(engine.callAndWait(operation, parseObject(request)));
}

inline QJsonObject ok(TableEngine &engine, const QString &operation, const QByteArray &request)
{
    ApiReply reply = engine.callAndWait(operation, parseObject(request));
    if (!reply.result) {
        qWarning("%s failed: %s", qPrintable(operation), qPrintable(outcome(reply)));
        return {};
    }
    return reply.result.value();
}

} // namespace Gatehouse::Tables::Testing
