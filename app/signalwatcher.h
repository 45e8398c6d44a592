// Thread affinity: main thread (one instance per process).
#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace Gatehouse::App {

// Turns POSIX signals (SIGINT, SIGTERM) into a Qt signal on the main thread: the handler only
// writes the signal number to a socketpair (async-signal-safe) and a QSocketNotifier reads it.
// After the first delivery the default disposition is restored, so a second Ctrl-C during a
// stuck shutdown still ends the process.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void signalled(int signalNumber);

private:
    void readPipe();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Gatehouse::App
