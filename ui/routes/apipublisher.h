// Thread affinity: GUI thread (publishing itself runs on a worker thread).
#pragma once

#include <gateway/model.h>

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <memory>

namespace Gatehouse::Gateway {
class ApiRegistry;
}

namespace Gatehouse::Ui {

// Hands edited APIs to the gateway's registry off the GUI thread: publish() compiles every
// template and pattern of the API, which grows with the API (see the report in
// tst_routeeditor's benchmark), and the window must not stall while someone types into a
// template. One worker, so publications of one API land in edit order; when edits come faster
// than compiling, only the newest pending version of each API is compiled.
class ApiPublisher : public QObject
{
    Q_OBJECT
public:
    explicit ApiPublisher(QObject *parent = nullptr);
    ~ApiPublisher() override;

    // Not owned; null: edits are kept but not served. Must outlive this object.
    void setRegistry(Gateway::ApiRegistry *registry);
    Gateway::ApiRegistry *registry() const { return m_registry; }

    void publish(std::shared_ptr<const Gateway::RestApi> api);
    void remove(const QString &apiId);
    // True while something queued has not reached the registry yet.
    bool isBusy() const;
    // Blocks until everything queued is served (tests, and before the registry goes away).
    void waitForDone();

Q_SIGNALS:
    // On the GUI thread, after the registry serves `generation` of `apiId`.
    void published(const QString &apiId, const QStringList &problems);

private:
    void drain();

    Gateway::ApiRegistry *m_registry = nullptr;
    QThreadPool m_pool;
    mutable QMutex m_mutex;
    // apiId -> newest version waiting; null: remove it.
    QHash<QString, std::shared_ptr<const Gateway::RestApi>> m_pending;
    QList<QString> m_order;
    int m_queued = 0;
};

} // namespace Gatehouse::Ui
