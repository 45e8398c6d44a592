// Thread affinity: any thread (pure functions on immutable records).
#pragma once

#include <observe/requestrecord.h>

#include <QHash>
#include <QJsonObject>
#include <QUrl>

namespace Gatehouse::Ui {

// Base URL per listener name ("gateway" -> "http://127.0.0.1:3000").
using ListenerUrls = QHash<QString, QString>;

// A request to send again: the captured one, or the one the user edited.
struct ReplayRequest
{
    QByteArray method;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // False when the record holds only the first part of the body (cut at the record limit):
    // sending it would not repeat the request.
    bool bodyComplete = true;
};

// The captured request aimed at the listener that served it: the listener's URL when known,
// otherwise the Host header it was sent with. Headers the HTTP client sets itself (Host,
// Content-Length, Connection, ...) are left out.
ReplayRequest replayRequestFor(const Observe::RequestRecord &record, const ListenerUrls &urls);

// Quotes `text` as one POSIX shell word ('...' with ' written as '\'').
QString shellQuote(const QString &text);

// A curl command line repeating `request`, one option per line.
QString curlCommand(const ReplayRequest &request);

// A HAR 1.2 document ({"log": ...}) of the records, oldest first. Gatehouse's own facts
// (request id, listener, stages, notes) ride along as "_" fields, which HAR allows.
QJsonObject harDocument(const QList<Observe::RecordPtr> &records, const ListenerUrls &urls);

// The captured response as an OpenAPI path item with a MOCK integration answering the same
// status, headers and body, ready to paste under "paths:". Empty with `error` set when the
// response cannot be a mock template (a binary or cut body).
QString mockResponseSnippet(const Observe::RequestRecord &record, QString *error);

} // namespace Gatehouse::Ui
