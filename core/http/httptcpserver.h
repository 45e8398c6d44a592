// Thread affinity: the server's thread.
#pragma once

#include <QTcpServer>

#include <deque>

namespace Gatehouse::Http {

// A QTcpServer that keeps the accepted descriptors themselves: the connections drive them
// through TcpStream, not QTcpSocket (see tcpstream.h).
class HttpTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;
    ~HttpTcpServer() override;

    bool hasPendingDescriptors() const { return !m_pending.empty(); }
    // The oldest accepted descriptor, now owned by the caller; -1 if none.
    qintptr takePendingDescriptor();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    std::deque<qintptr> m_pending;
};

} // namespace Gatehouse::Http
