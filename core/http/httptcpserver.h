// Thread affinity: the server's thread.
#pragma once

#include <QTcpServer>

namespace Gatehouse::Http {

// A QTcpServer whose sockets are opened unbuffered: reads go straight from the kernel into the
// connection's own buffer and writes straight to the kernel, instead of through QAbstractSocket's
// buffers, which toggle socket notifiers on every write (costly under the glib event
// dispatcher). Partial writes are still buffered by Qt.
class HttpTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr socketDescriptor) override;
};

} // namespace Gatehouse::Http
