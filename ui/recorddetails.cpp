#include <ui/recorddetails.h>
#include <ui/requestlistmodel.h>

#include <ui/inspector/requestfilter.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

namespace Gatehouse::Ui {

namespace {

QString hexDump(const QByteArray &bytes)
{
    QString out;
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        const QByteArray line = bytes.mid(offset, 16);
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        for (int i = 0; i < 16; ++i) {
            out += i < line.size() ? QStringLiteral("%1 ").arg(quint8(line[i]), 2, 16, QLatin1Char('0'))
                                   : QStringLiteral("   ");
        }
        out += u' ';
        for (char c : line)
            out += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : QChar(u'.');
        out += u'\n';
    }
    return out;
}

void appendHeaders(QString &out, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    for (const auto &h : headers)
        out += QString::fromLatin1(h.first) + QStringLiteral(": ") + QString::fromUtf8(h.second) + u'\n';
}

} // namespace

QString readableBody(const QByteArray &body, qint64 fullSize)
{
    if (body.isEmpty())
        return fullSize > 0 ? QStringLiteral("(%1 not recorded)\n").arg(RequestListModel::sizeText(fullSize))
                            : QString();
    QString text;
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && !json.isNull()) {
        text = QString::fromUtf8(json.toJson(QJsonDocument::Indented));
    } else {
        QStringDecoder decoder(QStringDecoder::Utf8);
        text = decoder(body);
        if (decoder.hasError() || body.contains('\0'))
            text = hexDump(body);
    }
    if (fullSize > body.size())
        text += QStringLiteral("\n… cut at %1 of %2\n")
                    .arg(RequestListModel::sizeText(body.size()), RequestListModel::sizeText(fullSize));
    if (!text.endsWith(u'\n'))
        text += u'\n';
    return text;
}

QString recordDetailsText(const Observe::RequestRecord &r)
{
    QString out;
    out += QString::fromLatin1(r.method) + u' ' + QString::fromUtf8(r.target) + u'\n';
    appendHeaders(out, r.requestHeaders);
    const QString requestBody = readableBody(r.requestBody, r.requestBodySize);
    if (!requestBody.isEmpty())
        out += u'\n' + requestBody;

    out += QStringLiteral("\n── response %1 · %2 · %3 ──\n")
               .arg(r.status)
               .arg(RequestListModel::latencyText(r.totalUs), RequestListModel::sizeText(r.responseBodySize));
    appendHeaders(out, r.responseHeaders);
    const QString responseBody = readableBody(r.responseBody, r.responseBodySize);
    if (!responseBody.isEmpty())
        out += u'\n' + responseBody;

    if (!r.stages.isEmpty()) {
        out += QStringLiteral("\n── pipeline (µs) ──\n");
        for (const Observe::StageTiming &s : r.stages)
            out += QStringLiteral("%1 %2 +%3\n").arg(s.name, -14).arg(s.startUs, 8).arg(s.durationUs);
    }
    if (!r.notes.isEmpty()) {
        out += QStringLiteral("\n── notes ──\n");
        for (auto it = r.notes.cbegin(); it != r.notes.cend(); ++it)
            out += it.key() + QStringLiteral(": ") + noteValueText(it.value()).trimmed() + u'\n';
    }
    out += QStringLiteral("\nrequest id %1 · from %2 · listener %3\n")
               .arg(QString::fromLatin1(r.requestId), r.peerAddress, r.listener);
    return out;
}

QString requestText(const Observe::RequestRecord &r)
{
    QString out = QString::fromLatin1(r.method) + u' ' + QString::fromUtf8(r.target) + QStringLiteral(" HTTP/1.1\n");
    appendHeaders(out, r.requestHeaders);
    const QString body = readableBody(r.requestBody, r.requestBodySize);
    if (!body.isEmpty())
        out += u'\n' + body;
    return out;
}

QString responseText(const Observe::RequestRecord &r)
{
    QString out = QStringLiteral("HTTP/1.1 %1\n").arg(r.status);
    appendHeaders(out, r.responseHeaders);
    const QString body = readableBody(r.responseBody, r.responseBodySize);
    if (!body.isEmpty())
        out += u'\n' + body;
    return out;
}

QString noteValueText(const QVariant &value)
{
    QString text;
    switch (value.typeId()) {
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
    case QMetaType::QVariantList:
        text = QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Indented));
        break;
    case QMetaType::QStringList:
        text = value.toStringList().join(u'\n');
        break;
    case QMetaType::QByteArray:
        text = readableBody(value.toByteArray(), value.toByteArray().size());
        break;
    default: {
        text = value.toString();
        const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8());
        if (!json.isNull())
            text = QString::fromUtf8(json.toJson(QJsonDocument::Indented));
    }
    }
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    return text;
}

QString mappingText(const Observe::RequestRecord &r)
{
    QString out;
    auto section = [&out](const QString &title, const QVariant &value) {
        if (!value.isValid() || (value.typeId() == QMetaType::QString && value.toString().isEmpty()))
            return;
        if (!out.isEmpty())
            out += u'\n';
        out += QStringLiteral("── %1 ──\n").arg(title) + noteValueText(value);
    };
    const QVariant in = r.notes.value(QStringLiteral("templateIn"));
    const QVariant outNote = r.notes.value(QStringLiteral("templateOut"));
    if (in.typeId() == QMetaType::QVariantMap || outNote.typeId() == QMetaType::QVariantMap) {
        // The gateway notes one template per phase ({"request": ..., "response": ...}): show
        // each phase's input, then what its template made of it.
        const QVariantMap ins = in.toMap();
        const QVariantMap outs = outNote.toMap();
        QStringList phases{QStringLiteral("request"), QStringLiteral("response")};
        for (const QString &key : ins.keys() + outs.keys()) {
            if (!phases.contains(key))
                phases.append(key);
        }
        for (const QString &phase : std::as_const(phases)) {
            section(QObject::tr("%1 template input").arg(phase), ins.value(phase));
            section(QObject::tr("%1 template output").arg(phase), outs.value(phase));
        }
    } else {
        // Strings: templateIn/Out for the integration request's template,
        // responseTemplateIn/Out for the integration response's.
        section(QObject::tr("request template input"), in);
        section(QObject::tr("request template output"), outNote);
        section(QObject::tr("response template input"), r.notes.value(QStringLiteral("responseTemplateIn")));
        section(QObject::tr("response template output"), r.notes.value(QStringLiteral("responseTemplateOut")));
    }
    // The AWS integration's DynamoDB call (core/gatewayaws): what went to the table engine and
    // what it answered, as the response template then read it.
    const QString action = r.notes.value(QStringLiteral("awsAction")).toString();
    if (!action.isEmpty()) {
        section(QObject::tr("DynamoDB %1 request").arg(action), r.notes.value(QStringLiteral("awsRequest")));
        section(QObject::tr("DynamoDB %1 response").arg(action), r.notes.value(QStringLiteral("awsResponse")));
        section(QObject::tr("items touched"), r.notes.value(QStringLiteral("itemsTouched")));
    }
    // What the gateway decided along the way, when it says.
    if (!out.isEmpty()) {
        section(QObject::tr("integration"), r.notes.value(QStringLiteral("integration")));
        section(QObject::tr("integration status"), r.notes.value(QStringLiteral("integrationStatus")));
        section(QObject::tr("gateway response"), r.notes.value(QStringLiteral("gatewayResponse")));
    }
    if (!out.isEmpty())
        section(QObject::tr("error"), r.notes.value(QStringLiteral("error")));
    return out;
}

QString consoleText(const Observe::RequestRecord &r)
{
    return noteValueText(r.notes.value(QStringLiteral("console")));
}

namespace {

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.toString();
}

} // namespace

QString tableFactsText(const Observe::RequestRecord &r)
{
    const QString operation = recordOperation(r);
    if (operation.isEmpty())
        return {};
    const QJsonObject request = QJsonDocument::fromJson(r.requestBody).object();
    const QJsonObject response = QJsonDocument::fromJson(r.responseBody).object();
    QString out;
    auto fact = [&out](const QString &name, const QString &value) {
        if (!value.isEmpty())
            out += QStringLiteral("%1 %2\n").arg(name + u':', -28).arg(value);
    };
    fact(QStringLiteral("Operation"), operation);
    QString table = r.notes.value(QStringLiteral("table")).toString();
    if (table.isEmpty())
        table = request.value(u"TableName").toString();
    fact(QStringLiteral("Table"), table);
    static const char *const requestKeys[] = {
        "IndexName", "Key", "KeyConditionExpression", "FilterExpression", "ConditionExpression",
        "UpdateExpression", "ProjectionExpression", "ExpressionAttributeNames",
        "ExpressionAttributeValues", "Limit", "ScanIndexForward", "ExclusiveStartKey", "Select",
        "ReturnValues", "ConsistentRead", "Segment", "TotalSegments"};
    for (const char *key : requestKeys) {
        const QJsonValue v = request.value(QLatin1String(key));
        if (!v.isUndefined())
            fact(QLatin1String(key), compact(v));
    }
    const QJsonObject item = request.value(u"Item").toObject();
    if (!item.isEmpty())
        fact(QStringLiteral("Item attributes"), item.keys().join(QStringLiteral(", ")));
    const QJsonObject requestItems = request.value(u"RequestItems").toObject();
    for (auto it = requestItems.begin(); it != requestItems.end(); ++it) {
        const QJsonValue v = it.value();
        const qsizetype n = v.isArray() ? v.toArray().size() : v.toObject().value(u"Keys").toArray().size();
        fact(QStringLiteral("RequestItems ") + it.key(), QObject::tr("%n request(s)", nullptr, int(n)));
    }
    const QJsonArray transact = request.value(u"TransactItems").toArray();
    if (!transact.isEmpty())
        fact(QStringLiteral("TransactItems"), QString::number(transact.size()));

    out += u'\n';
    const QString type = response.value(u"__type").toString();
    if (!type.isEmpty()) {
        fact(QStringLiteral("Error"), type.mid(type.lastIndexOf(u'#') + 1));
        QString message = response.value(u"message").toString();
        if (message.isEmpty())
            message = response.value(u"Message").toString();
        fact(QStringLiteral("Message"), message);
    }
    static const char *const responseKeys[] = {"Count", "ScannedCount", "LastEvaluatedKey",
                                               "ConsumedCapacity", "UnprocessedItems", "UnprocessedKeys"};
    for (const char *key : responseKeys) {
        const QJsonValue v = response.value(QLatin1String(key));
        if (!v.isUndefined() && !(v.isObject() && v.toObject().isEmpty()))
            fact(QLatin1String(key), compact(v));
    }
    if (response.contains(u"Item"))
        fact(QStringLiteral("Item"), compact(response.value(u"Item")));
    else if (operation == QLatin1String("GetItem") && type.isEmpty() && r.status == 200)
        fact(QStringLiteral("Item"), QObject::tr("(none with this key)"));
    if (response.contains(u"Attributes"))
        fact(QStringLiteral("Attributes"), compact(response.value(u"Attributes")));
    const QJsonArray items = response.value(u"Items").toArray();
    for (qsizetype i = 0; i < items.size() && i < 5; ++i)
        fact(QStringLiteral("Items[%1]").arg(i), compact(items.at(i)));
    if (items.size() > 5)
        fact(QStringLiteral("…"), QObject::tr("%1 more").arg(items.size() - 5));
    return out.trimmed() + u'\n';
}

} // namespace Gatehouse::Ui
