#include <ui/recorddetails.h>
#include <ui/requestlistmodel.h>

#include <QJsonDocument>
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
            out += it.key() + QStringLiteral(": ") + it.value().toString() + u'\n';
    }
    out += QStringLiteral("\nrequest id %1 · from %2 · listener %3\n")
               .arg(QString::fromLatin1(r.requestId), r.peerAddress, r.listener);
    return out;
}

} // namespace Gatehouse::Ui
