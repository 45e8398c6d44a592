#include "httptcpserver.h"

#include "httplogging.h"

#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace Gatehouse::Http {

void HttpTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor, QAbstractSocket::ConnectedState,
                                     QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        qCWarning(lcHttp) << "cannot adopt accepted socket:" << socket->errorString();
        delete socket;
#ifdef Q_OS_UNIX
        ::close(int(socketDescriptor));
#endif
        return;
    }
    addPendingConnection(socket);
}

} // namespace Gatehouse::Http
