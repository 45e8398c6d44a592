// Thread affinity: any thread (plain value types).
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>

namespace Gatehouse::Http {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Case-insensitive header lookup; the first match, or an empty array.
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);
bool hasHeader(const HeaderList &headers, QByteArrayView name);

// One HTTP request as it crossed the wire, handed to an engine. No socket inside.
struct HttpRequest
{
    QByteArray method;     // as sent, upper case ("GET", "POST", ...)
    QByteArray target;     // the raw request target ("/a%20b/c?x=1")
    QByteArray path;       // target before '?', still percent-encoded
    QByteArray query;      // target after '?', without it; empty if none
    int httpMinor = 1;     // HTTP/1.<httpMinor>
    HeaderList headers;    // in arrival order, names as sent
    QByteArray body;       // de-chunked
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    quint16 localPort = 0;
    QByteArray requestId;  // assigned by the listener; echoed as x-amzn-RequestId

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
};

// One HTTP response produced by an engine. The listener adds Date, Content-Length,
// Connection and the request id header if the engine did not.
struct HttpResponse
{
    int status = 200;
    HeaderList headers;
    QByteArray body;

    HttpResponse &setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }

    static HttpResponse json(int status, const QByteArray &body,
                             const QByteArray &contentType = "application/json");
};

// The reason phrase of a status code ("Not Found"), or "Unknown".
QByteArray reasonPhrase(int status);

} // namespace Gatehouse::Http
