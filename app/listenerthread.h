// Thread affinity: GUI/main thread (the owner); the server itself lives on the listener thread.
#pragma once

#include <common/status.h>
#include <http/httpserver.h>

#include <QThread>

namespace Gatehouse::App {

// One HTTP listener on its own thread. The HttpServer is constructed inside that thread (on a
// worker object living there), never moved to it: QtNetwork objects must be born on the thread
// that drives them.
class ListenerThread
{
public:
    // `handler` and `sink` must outlive the listener.
    ListenerThread(Http::HttpServerConfig config, Http::HttpHandler *handler, Observe::RecordSink *sink);
    ~ListenerThread();

    // Starts the thread, then constructs and starts the server there; waits for the outcome.
    Status start();
    // Asks the server to stop (stop accepting, let in-flight exchanges finish for up to
    // `graceMs`, close) and the thread to quit; returns at once. wait() joins.
    void requestStop(int graceMs);
    void wait();

    QString url() const { return m_url; }
    quint16 port() const { return m_port; }
    const Http::HttpServerConfig &config() const { return m_config; }

private:
    Http::HttpServerConfig m_config;
    Http::HttpHandler *m_handler;
    Observe::RecordSink *m_sink;
    QThread m_thread;
    QObject *m_worker = nullptr;          // lives on m_thread
    Http::HttpServer *m_server = nullptr; // lives on m_thread
    bool m_stopRequested = false;
    QString m_url;
    quint16 m_port = 0;
};

} // namespace Gatehouse::App
