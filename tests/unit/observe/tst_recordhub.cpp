#include <observe/recordhub.h>

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <thread>
#include <vector>

using namespace Gatehouse::Observe;

namespace {

RecordPtr makeRecord(const QByteArray &id)
{
    auto r = std::make_shared<RequestRecord>();
    r->requestId = id;
    r->status = 200;
    return r;
}

class ListSink : public RecordSink
{
public:
    void publish(const RecordPtr &record) override { ids << record->requestId; }
    QByteArrayList ids;
};

// Receives batches in another thread through a queued connection, as the UI does.
class Receiver : public QObject
{
    Q_OBJECT
public:
    std::atomic<int> received{0};
    Q_SLOT void onBatch(const QList<Gatehouse::Observe::RecordPtr> &batch)
    {
        received += int(batch.size());
    }
};

} // namespace

class TestRecordHub : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchesInOrder();
    void publishFromThreads_data();
    void publishFromThreads();
    void dropsOldestWhenFull();
    void fanOutToSinks();
    void queuedToAnotherThread();
    void requestsPerSecond();
    void hubMovedToAnotherThread();
    void keepsNothingWithoutConsumers();
};

void TestRecordHub::batchesInOrder()
{
    RecordHub hub;
    QSignalSpy spy(&hub, &RecordHub::recordsPublished);
    for (int i = 0; i < 5; ++i)
        hub.publish(makeRecord(QByteArray::number(i)));
    QCOMPARE(spy.count(), 0); // nothing is delivered from publish() itself
    QTRY_COMPARE(spy.count(), 1); // one batch from the timer
    const auto batch = spy.at(0).at(0).value<QList<RecordPtr>>();
    QCOMPARE(batch.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(batch.at(i)->requestId, QByteArray::number(i));
    hub.flush();
    QCOMPARE(spy.count(), 1); // no empty batches
}

void TestRecordHub::publishFromThreads_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("perThread");
    QTest::newRow("1x1000") << 1 << 1000;
    QTest::newRow("4x5000") << 4 << 5000;
}

void TestRecordHub::publishFromThreads()
{
    QFETCH(int, threads);
    QFETCH(int, perThread);
    RecordHub hub;
    QList<RecordPtr> all;
    connect(&hub, &RecordHub::recordsPublished, this,
            [&all](const QList<RecordPtr> &batch) { all.append(batch); });
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&hub, t, perThread] {
            for (int i = 0; i < perThread; ++i)
                hub.publish(makeRecord(QByteArray::number(t) + ':' + QByteArray::number(i)));
        });
    }
    for (auto &w : workers)
        w.join();
    QTRY_COMPARE(int(all.size()), threads * perThread);
    QCOMPARE(hub.droppedCount(), quint64(0));
    // Each publisher's records keep their order.
    QList<int> next(threads, 0);
    for (const RecordPtr &r : std::as_const(all)) {
        const QByteArrayList parts = r->requestId.split(':');
        const int t = parts.at(0).toInt();
        QCOMPARE(parts.at(1).toInt(), next[t]);
        ++next[t];
    }
}

void TestRecordHub::dropsOldestWhenFull()
{
    RecordHub hub;
    hub.setFlushInterval(60000); // only the explicit flush below delivers
    hub.setMaxPending(10);
    QSignalSpy spy(&hub, &RecordHub::recordsPublished);
    for (int i = 0; i < 15; ++i)
        hub.publish(makeRecord(QByteArray::number(i)));
    QCOMPARE(hub.droppedCount(), quint64(5));
    QCOMPARE(hub.publishedCount(), quint64(15));
    hub.flush();
    QCOMPARE(spy.count(), 1);
    const auto batch = spy.at(0).at(0).value<QList<RecordPtr>>();
    QCOMPARE(batch.size(), 10);
    QCOMPARE(batch.first()->requestId, QByteArray("5"));
    QCOMPARE(batch.last()->requestId, QByteArray("14"));
}

void TestRecordHub::fanOutToSinks()
{
    RecordHub hub;
    hub.setFlushInterval(60000);
    ListSink a, b;
    hub.addSink(&a);
    hub.addSink(&b);
    hub.addSink(&a); // once only
    hub.publish(makeRecord("x"));
    hub.publish(makeRecord("y"));
    QVERIFY(a.ids.isEmpty()); // sinks are called at flush time, on the hub's thread
    hub.flush();
    QCOMPARE(a.ids, (QByteArrayList{"x", "y"}));
    QCOMPARE(b.ids, (QByteArrayList{"x", "y"}));
    hub.removeSink(&b);
    hub.publish(makeRecord("z"));
    hub.flush();
    QCOMPARE(a.ids.size(), 3);
    QCOMPARE(b.ids.size(), 2);
}

void TestRecordHub::queuedToAnotherThread()
{
    RecordHub hub;
    QThread thread;
    Receiver receiver;
    receiver.moveToThread(&thread);
    connect(&hub, &RecordHub::recordsPublished, &receiver, &Receiver::onBatch,
            Qt::QueuedConnection);
    thread.start();
    for (int i = 0; i < 100; ++i)
        hub.publish(makeRecord(QByteArray::number(i)));
    QTRY_COMPARE(receiver.received.load(), 100);
    thread.quit();
    thread.wait();
}

void TestRecordHub::requestsPerSecond()
{
    RecordHub hub;
    QCOMPARE(hub.requestsPerSecond(), 0.0);
    for (int i = 0; i < 50; ++i)
        hub.publish(makeRecord("r"));
    const double rate = hub.requestsPerSecond();
    // 50 records in a window of at most 2 s: at least 25/s, whatever the timing.
    QVERIFY2(rate >= 25.0, qPrintable(QString::number(rate)));
}

void TestRecordHub::keepsNothingWithoutConsumers()
{
    RecordHub hub;
    hub.setFlushInterval(60000);
    hub.publish(makeRecord("unseen"));
    QCOMPARE(hub.publishedCount(), quint64(1)); // counted all the same
    {
        QSignalSpy spy(&hub, &RecordHub::recordsPublished);
        hub.publish(makeRecord("seen"));
        hub.flush();
        QCOMPARE(spy.count(), 1);
        const auto batch = spy.at(0).at(0).value<QList<RecordPtr>>();
        QCOMPARE(batch.size(), 1);
        QCOMPARE(batch.first()->requestId, QByteArray("seen"));
    }
    hub.publish(makeRecord("unseen again")); // the spy is gone
    ListSink sink;
    hub.addSink(&sink);
    hub.publish(makeRecord("to the sink"));
    hub.flush();
    QCOMPARE(sink.ids, (QByteArrayList{"to the sink"}));
    hub.removeSink(&sink);
    hub.publish(makeRecord("after removal"));
    hub.flush();
    QCOMPARE(sink.ids, (QByteArrayList{"to the sink"}));
    QCOMPARE(hub.publishedCount(), quint64(5));
}

void TestRecordHub::hubMovedToAnotherThread()
{
    auto *hub = new RecordHub;
    QThread thread;
    hub->moveToThread(&thread); // its flush timer must follow
    int received = 0;
    connect(hub, &RecordHub::recordsPublished, this,
            [&received](const QList<RecordPtr> &batch) { received += int(batch.size()); });
    connect(&thread, &QThread::finished, hub, &QObject::deleteLater);
    thread.start();
    for (int i = 0; i < 10; ++i)
        hub->publish(makeRecord(QByteArray::number(i)));
    QTRY_COMPARE(received, 10);
    thread.quit();
    thread.wait();
}

QTEST_GUILESS_MAIN(TestRecordHub)
#include "tst_recordhub.moc"
