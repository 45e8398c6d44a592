// Thread affinity: GUI thread.
#pragma once

#include <ui/inspector/recordexport.h>

#include <QObject>

class QNetworkAccessManager;

namespace Gatehouse::Ui {

// Sends captured (or edited) requests again through QNetworkAccessManager, without waiting:
// the listener records the new exchange, and it reaches the inspector as any other request.
class Replayer : public QObject
{
    Q_OBJECT
public:
    explicit Replayer(QObject *parent = nullptr);

    // Refuses (returns false with `error`) a request without a valid http(s) URL or with a
    // body cut at the record limit.
    bool send(const ReplayRequest &request, QString *error = nullptr);
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    // `error` is empty when an HTTP response came back, whatever its status.
    void finished(int status, const QString &error);

private:
    QNetworkAccessManager *m_network;
    int m_inFlight = 0;
};

} // namespace Gatehouse::Ui
