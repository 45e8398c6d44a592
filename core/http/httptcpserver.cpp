#include "httptcpserver.h"

#include <unistd.h>

namespace Gatehouse::Http {

HttpTcpServer::~HttpTcpServer()
{
    for (qintptr fd : m_pending)
        ::close(int(fd));
}

void HttpTcpServer::incomingConnection(qintptr socketDescriptor)
{
    m_pending.push_back(socketDescriptor);
}

qintptr HttpTcpServer::takePendingDescriptor()
{
    if (m_pending.empty())
        return -1;
    const qintptr fd = m_pending.front();
    m_pending.pop_front();
    return fd;
}

} // namespace Gatehouse::Http
