// Thread affinity: the test's thread.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpSocket>

#include <optional>

// A raw HTTP client over QTcpSocket: the test writes exact bytes and parses what comes back
// itself, so limits, framing and connection handling are observed as a client sees them.
// Never blocks: the server shares the thread, so tests wait with QTRY_* on these predicates.
class RawClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray statusLine;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const;
        int count(const QByteArray &name) const;
    };

    explicit RawClient(quint16 port);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    void send(const QByteArray &bytes);
    void close() { m_socket.abort(); }
    QTcpSocket &socket() { return m_socket; }

    // Everything received so far (including what responses were already taken from).
    QByteArray &buffer();
    // Takes one complete response off the buffer. `noBody` for HEAD requests and 1xx answers.
    std::optional<Response> take(bool noBody = false);
    // True when a complete response is waiting in the buffer.
    bool hasResponse(bool noBody = false);

private:
    std::optional<Response> parse(bool noBody, bool consume);
    QTcpSocket m_socket;
    QByteArray m_buffer;
};
