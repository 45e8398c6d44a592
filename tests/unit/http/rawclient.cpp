#include "rawclient.h"

#include <QHostAddress>

RawClient::RawClient(quint16 port)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    // The kernel completes the handshake (the listening socket's backlog), so this needs no
    // event loop on the server's side.
    m_socket.waitForConnected(5000);
}

void RawClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

QByteArray &RawClient::buffer()
{
    if (m_socket.bytesAvailable() > 0)
        m_buffer.append(m_socket.readAll());
    return m_buffer;
}

QByteArray RawClient::Response::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

int RawClient::Response::count(const QByteArray &name) const
{
    int n = 0;
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            ++n;
    }
    return n;
}

std::optional<RawClient::Response> RawClient::take(bool noBody)
{
    return parse(noBody, true);
}

bool RawClient::hasResponse(bool noBody)
{
    return parse(noBody, false).has_value();
}

std::optional<RawClient::Response> RawClient::parse(bool noBody, bool consume)
{
    const QByteArray &data = buffer();
    const qsizetype headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    Response r;
    const QList<QByteArray> lines = data.left(headEnd).split('\n');
    r.statusLine = lines.value(0).trimmed();
    const QList<QByteArray> parts = r.statusLine.split(' ');
    r.status = parts.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    qsizetype end = headEnd + 4;
    const bool bodyless = noBody || r.status < 200 || r.status == 204 || r.status == 304;
    if (!bodyless) {
        const qsizetype length = r.header("Content-Length").toLongLong();
        if (data.size() < end + length)
            return std::nullopt;
        r.body = data.mid(end, length);
        end += length;
    }
    if (consume)
        m_buffer.remove(0, end);
    return r;
}
