// The table store's writer and readers under concurrency: group commit from many threads, a
// failing mutation rolled back alone, reads while writing, background checkpoints, deleted
// tables purged in batches, a WAL that starts over under a steady write load and is truncated
// once writes pause, close(), and a printed throughput figure. No sockets.
#include "tablestorefixture.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <atomic>
#include <thread>

using namespace TableStoreFixture;

namespace {
// Queues a put of one item; the counter learns whether it committed.
void putCounted(TableStore &store, qint64 tableId, const StoredItem &item, Counter &counter)
{
    store.mutate(
        [item, tableId](WriteTxn &txn) -> Result<QJsonObject> {
            if (Status s = txn.put(tableId, item); !s)
                return s;
            return QJsonObject();
        },
        [&counter](Result<QJsonObject> r) { counter.add(r.isOk()); });
}
} // namespace

class TestTableStoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupCommitFromThreads();
    void failingMutationRollsBackAlone();
    void writeTxnSeesEarlierWritesOfGroup();
    void deleteTablePurgesItems();
    void concurrentReaders();
    void nestedReadsAndThrowingVisitor();
    void walCheckpointedInBackground();
    void walStartsOverUnderSteadyWrites();
    void walTruncatedWhenIdle();
    void closedStore();
    void temporaryFileRemoved();
    void throughput();
};

void TestTableStoreWriter::groupCommitFromThreads()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    Counter counter;
    std::vector<std::thread> threads;
    for (int th = 0; th < 4; ++th) {
        threads.emplace_back([&, th] {
            for (int i = 0; i < 250; ++i) {
                const StoredItem item =
                    stored(S(QStringLiteral("t%1").arg(th)), N(QString::number(i)));
                store->mutate(
                    [item, id = t.id](WriteTxn &txn) -> Result<QJsonObject> {
                        if (Status s = txn.put(id, item); !s)
                            return s;
                        return QJsonObject{{QStringLiteral("ok"), true}};
                    },
                    [&counter](Result<QJsonObject> r) {
                        counter.add(r.isOk() && r->value(QStringLiteral("ok")).toBool());
                    });
            }
        });
    }
    for (auto &th : threads)
        th.join();
    QVERIFY(counter.waitFor(1000));
    QCOMPARE(counter.failed(), 0);
    QCOMPARE(store->stats().mutationsCommitted, qint64(1000));
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(1000));
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), 1000);
    for (int th = 0; th < 4; ++th)
        QCOMPARE(
            queryKeys(*store, t.id, encodeKeyValue(S(QStringLiteral("t%1").arg(th))), {}).size(),
            250);
}

void TestTableStoreWriter::failingMutationRollsBackAlone()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    auto item = [](const char *sk) {
        return stored(S(QStringLiteral("p")), S(QString::fromLatin1(sk)));
    };

    WriterGate gate;
    gate.block(*store);
    std::vector<std::future<Result<QJsonObject>>> results;
    auto enqueue = [&](Mutation m) {
        auto promise = std::make_shared<std::promise<Result<QJsonObject>>>();
        results.push_back(promise->get_future());
        store->mutate(std::move(m),
                      [promise](Result<QJsonObject> r) { promise->set_value(std::move(r)); });
    };
    enqueue([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.put(t.id, item("a")); !s)
            return s;
        return QJsonObject();
    });
    enqueue([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.put(t.id, item("b")); !s)
            return s;
        if (Status s = txn.remove(t.id, item("a").hashKey, item("a").rangeKey); !s)
            return s;
        return Status::error(ErrorCode::ConditionalCheckFailed,
                             QStringLiteral("The conditional request failed"));
    });
    enqueue([&](WriteTxn &txn) -> Result<QJsonObject> {
        // Sees a (committed by the first mutation), not b (rolled back).
        auto a = txn.get(t.id, item("a").hashKey, item("a").rangeKey);
        auto b = txn.get(t.id, item("b").hashKey, item("b").rangeKey);
        if (!a.isOk() || !b.isOk())
            return Status::error(QStringLiteral("X"), QStringLiteral("read failed"));
        if (Status s = txn.put(t.id, item("c")); !s)
            return s;
        return QJsonObject{{QStringLiteral("a"), a->has_value()},
                           {QStringLiteral("b"), b->has_value()}};
    });
    enqueue([](WriteTxn &) -> Result<QJsonObject> { throw std::runtime_error("boom"); });
    gate.release();

    auto r0 = results[0].get();
    auto r1 = results[1].get();
    auto r2 = results[2].get();
    auto r3 = results[3].get();
    QVERIFY(r0.isOk());
    QCOMPARE(r1.status().code(), QStringLiteral("ConditionalCheckFailedException"));
    QVERIFY(r2.isOk());
    QCOMPARE(r2->value(QStringLiteral("a")).toBool(), true);
    QCOMPARE(r2->value(QStringLiteral("b")).toBool(), false);
    QCOMPARE(r3.status().code(), QStringLiteral("InternalServerError"));
    QVERIFY(r3.status().message().contains(QStringLiteral("boom")));

    const auto keys = queryKeys(*store, t.id, encodeKeyValue(S(QStringLiteral("p"))), {});
    QCOMPARE(keys, (QList<QByteArray>{"a", "c"}));
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(2));
    // The four were folded into one transaction (the gate's mutation was alone in the first).
    const StoreStats stats = store->stats();
    QCOMPARE(stats.mutationsFailed, qint64(2));
    QCOMPARE(stats.mutationsCommitted, qint64(3)); // the gate, a and c
    QCOMPARE(stats.largestGroup, qint64(4));
    QCOMPARE(stats.groupsCommitted, qint64(2));
    QCOMPARE(stats.queuedWrites, qint64(0));
}

void TestTableStoreWriter::writeTxnSeesEarlierWritesOfGroup()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    const StoredItem item = stored(S(QStringLiteral("p")), S(QStringLiteral("r")),
                                   Item{{QStringLiteral("n"), N(QStringLiteral("1"))}});
    WriterGate gate;
    gate.block(*store);
    std::promise<Result<QJsonObject>> first, second;
    store->mutate(
        [&](WriteTxn &txn) -> Result<QJsonObject> {
            if (Status s = txn.put(t.id, item); !s)
                return s;
            // Within a mutation too.
            auto got = txn.get(t.id, item.hashKey, item.rangeKey);
            return QJsonObject{{QStringLiteral("seen"), got.isOk() && got->has_value()}};
        },
        [&](Result<QJsonObject> r) { first.set_value(std::move(r)); });
    store->mutate(
        [&](WriteTxn &txn) -> Result<QJsonObject> {
            auto got = txn.get(t.id, item.hashKey, item.rangeKey);
            if (!got.isOk() || !got->has_value())
                return QJsonObject{{QStringLiteral("seen"), false}};
            return QJsonObject{{QStringLiteral("seen"), json((*got)->item) == json(item.item)}};
        },
        [&](Result<QJsonObject> r) { second.set_value(std::move(r)); });
    gate.release();
    auto r1 = first.get_future().get();
    auto r2 = second.get_future().get();
    QVERIFY(r1.isOk() && r2.isOk());
    QCOMPARE(r1->value(QStringLiteral("seen")).toBool(), true);
    QCOMPARE(r2->value(QStringLiteral("seen")).toBool(), true);
}

void TestTableStoreWriter::deleteTablePurgesItems()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("big"), AttributeType::N);
    const TableMeta keep = makeTable(*store, QStringLiteral("keep"), AttributeType::N);
    QVERIFY(put(*store, keep.id, stored(S(QStringLiteral("x")), N(QStringLiteral("1")))));
    for (int batch = 0; batch < 5; ++batch) {
        auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
            for (int i = 0; i < 1000; ++i) {
                const StoredItem item = stored(S(QStringLiteral("p%1").arg(i % 37)),
                                               N(QString::number(batch * 1000 + i)));
                if (Status s = txn.put(t.id, item); !s)
                    return s;
            }
            return QJsonObject();
        });
        QVERIFY(r.isOk());
    }
    QCOMPARE(store->table(QStringLiteral("big"))->itemCount, qint64(5000));
    QVERIFY(store->deleteTable(QStringLiteral("big")));
    // Items disappear in batches on the writer thread.
    QTRY_VERIFY_WITH_TIMEOUT(scanKeys(*store, t.id, 0, 1).isEmpty(), 30000);
    const TableMeta again = makeTable(*store, QStringLiteral("big"), AttributeType::N);
    QVERIFY(again.id != t.id); // ids are never reused
    QCOMPARE(again.itemCount, qint64(0));
    QVERIFY(scanKeys(*store, again.id, 0, 1).isEmpty());
    QCOMPARE(scanKeys(*store, keep.id, 0, 1).size(), 1);
}

void TestTableStoreWriter::concurrentReaders()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("concurrent.sqlite"));
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    fillForScan(*store, t.id);

    std::atomic<bool> writing{true};
    std::atomic<int> readErrors{0};
    std::atomic<int> reads{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r) {
        readers.emplace_back([&, r] {
            int i = 0;
            while (writing.load() || i < 20) {
                const QByteArray pk = encodeKeyValue(S(QStringLiteral("user#%1").arg(i % 200)));
                Status s;
                switch ((i + r) % 3) {
                case 0:
                    s = store->get(t.id, pk, encodeKeyValue(N(QStringLiteral("0")))).status();
                    break;
                case 1:
                    s = store->query(t.id, pk, {}, [](const StoredItem &) { return true; });
                    break;
                default:
                    s = store->scan(t.id, i % 4, 4, std::nullopt, std::nullopt,
                                    [](const StoredItem &) { return true; });
                }
                if (!s) {
                    qWarning() << "read failed:" << s.toString();
                    ++readErrors;
                }
                ++reads;
                ++i;
            }
        });
    }
    Counter counter;
    for (int i = 0; i < 2000; ++i) {
        const StoredItem item =
            stored(S(QStringLiteral("user#%1").arg(i % 200)), N(QString::number(100 + i)));
        putCounted(*store, t.id, item, counter);
    }
    QVERIFY(counter.waitFor(2000));
    writing = false;
    for (auto &th : readers)
        th.join();
    QCOMPARE(counter.failed(), 0);
    QCOMPARE(readErrors.load(), 0);
    QVERIFY(reads.load() >= 80);
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(600 + 2000));
}

void TestTableStoreWriter::nestedReadsAndThrowingVisitor()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    fillForScan(*store, t.id);
    // A visitor reading again on the same thread (same connection, same statements).
    int nestedFound = 0;
    int visited = 0;
    const Status s =
        store->scan(t.id, 0, 1, std::nullopt, std::nullopt, [&](const StoredItem &item) {
            ++visited;
            auto again = store->get(t.id, item.hashKey, item.rangeKey);
            const Status q =
                store->query(t.id, item.hashKey, {}, [](const StoredItem &) { return true; });
            const QList<Key> inner = scanKeys(*store, t.id, 0, 1, {}, 2);
            if (again.isOk() && again->has_value() && q.isOk() && inner.size() == 2)
                ++nestedFound;
            return visited < 50;
        });
    QVERIFY(s.isOk());
    QCOMPARE(nestedFound, 50);

    // A visitor that throws must not leave the thread's connection inside an old snapshot.
    bool thrown = false;
    try {
        store->scan(t.id, 0, 1, std::nullopt, std::nullopt,
                    [](const StoredItem &) -> bool { throw std::runtime_error("visitor"); });
    } catch (const std::runtime_error &) {
        thrown = true;
    }
    QVERIFY(thrown);
    const StoredItem fresh = stored(S(QStringLiteral("fresh")), N(QStringLiteral("1")));
    QVERIFY(put(*store, t.id, fresh));
    auto got = store->get(t.id, fresh.hashKey, fresh.rangeKey);
    QVERIFY(got.isOk() && got->has_value());
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), 601);
}

void TestTableStoreWriter::walCheckpointedInBackground()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("wal.sqlite"));
    options.wal.backgroundPages = 1000;
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    const qint64 initialSize = QFileInfo(options.path).size();
    // ~8 MB of items: well past the 1000 WAL pages that start a background checkpoint.
    for (int batch = 0; batch < 8; ++batch) {
        auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
            for (int i = 0; i < 500; ++i) {
                const StoredItem item =
                    stored(S(QStringLiteral("p%1").arg(i)), N(QString::number(batch)),
                           Item{{QStringLiteral("blob"), B(QByteArray(2000, 'x'))}});
                if (Status s = txn.put(t.id, item); !s)
                    return s;
            }
            return QJsonObject();
        });
        QVERIFY(r.isOk());
    }
    // Without checkpoints the pages would stay in the WAL until close; the checkpointer thread
    // copies them into the database file while the store is open.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(options.path).size() > initialSize + 4 * 1024 * 1024, 20000);
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(4000));
}

namespace {
constexpr qint64 kWalFrameBytes = 4096 + 24; // a page and its frame header

qint64 walBytes(const QString &databasePath)
{
    return QFileInfo(databasePath + QStringLiteral("-wal")).size();
}
} // namespace

void TestTableStoreWriter::walStartsOverUnderSteadyWrites()
{
    // One commit after another with no pause: a background copy never catches the writer, so
    // without the writer's help the WAL would only start over at writerPages.
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("steady.sqlite"));
    options.groupCommitMaxWrites = 1;
    options.wal.backgroundPages = 64;
    options.wal.restartPages = 512;
    options.wal.catchUpPages = 128;
    options.wal.writerPages = 8192;
    options.wal.idleTruncateMs = 60000; // not during this test
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);

    constexpr int kWrites = 6000; // ~3 pages each: about 18000 frames in all
    Counter counter;
    qint64 largestWal = 0;
    for (int i = 0; i < kWrites; ++i) {
        const StoredItem item = stored(S(QStringLiteral("p%1").arg(i % 97)), N(QString::number(i)),
                                       Item{{QStringLiteral("blob"), B(QByteArray(6000, 'x'))}});
        putCounted(*store, t.id, item, counter);
        if (i % 200 == 0)
            largestWal = qMax(largestWal, walBytes(options.path));
    }
    QVERIFY(counter.waitFor(kWrites, 60000));
    QCOMPARE(counter.failed(), 0);
    largestWal = qMax(largestWal, walBytes(options.path));
    // Past restartPages the writer copies a short tail and the WAL starts over, so the file
    // stays near twice restartPages at most (the hard limit for a slow disk), far below the
    // ~18000 frames written and below writerPages.
    QVERIFY2(largestWal <= (2 * 512 + 256 + 64) * kWalFrameBytes,
             qPrintable(QStringLiteral("WAL reached %1 bytes").arg(largestWal)));
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(kWrites));
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), kWrites);
}

void TestTableStoreWriter::walTruncatedWhenIdle()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("idle.sqlite"));
    options.wal.idleTruncateMs = 100;
    options.wal.idleTruncateBytes = 64 * 1024;
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        for (int i = 0; i < 1000; ++i) {
            const StoredItem item = stored(S(QStringLiteral("p%1").arg(i)), N(QStringLiteral("1")),
                                           Item{{QStringLiteral("blob"), B(QByteArray(2000, 'x'))}});
            if (Status s = txn.put(t.id, item); !s)
                return s;
        }
        return QJsonObject();
    });
    QVERIFY(r.isOk());
    QVERIFY(walBytes(options.path) > 2 * 1024 * 1024); // SQLite itself never trims it
    // A quiet interval later the checkpointer copies everything and truncates the file.
    QTRY_VERIFY_WITH_TIMEOUT(walBytes(options.path) <= 64 * 1024, 20000);
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(1000));
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), 1000);
}

void TestTableStoreWriter::closedStore()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    // Queued writes are committed by close().
    Counter counter;
    for (int i = 0; i < 50; ++i) {
        const StoredItem item = stored(S(QStringLiteral("p")), S(QString::number(i)));
        putCounted(*store, t.id, item, counter);
    }
    store->close();
    QVERIFY(counter.waitFor(50, 0));
    QCOMPARE(counter.failed(), 0);

    auto r = store->mutateAndWait([](WriteTxn &) -> Result<QJsonObject> { return QJsonObject(); });
    QCOMPARE(r.status().code(), QStringLiteral("InternalServerError"));
    QVERIFY(!store->get(t.id, "p", "1").isOk());
    QVERIFY(!store->createTable(t).isOk());
}

void TestTableStoreWriter::temporaryFileRemoved()
{
    StoreOptions options;
    options.inMemory = true;
    auto opened = Gatehouse::Tables::Store::SqliteTableStore::open(options);
    QVERIFY(opened.isOk());
    const QString path = opened.value()->databasePath();
    QVERIFY(QFile::exists(path));
    opened.value()->close();
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestTableStoreWriter::throughput()
{
    // Printed, not asserted: a rough figure for the report, on whatever machine runs the test.
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("throughput.sqlite"));
    options.synchronous = StoreOptions::Sync::Normal;
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    constexpr int kThreads = 16;
    constexpr int kPerThread = 1250;
    Counter counter;
    QElapsedTimer timer;
    timer.start();
    std::vector<std::thread> threads;
    for (int th = 0; th < kThreads; ++th) {
        threads.emplace_back([&, th] {
            for (int i = 0; i < kPerThread; ++i) {
                Item extra{{QStringLiteral("payload"), S(QString(150, QLatin1Char('x')))},
                           {QStringLiteral("n"), N(QString::number(i))}};
                const StoredItem item = stored(S(QStringLiteral("p%1-%2").arg(th).arg(i / 10)),
                                               N(QString::number(i % 10)), extra);
                // Each writer waits for its acknowledgement, like a client of PutItem would.
                std::promise<void> acked;
                store->mutate(
                    [item, id = t.id](WriteTxn &txn) -> Result<QJsonObject> {
                        if (Status s = txn.put(id, item); !s)
                            return s;
                        return QJsonObject();
                    },
                    [&](Result<QJsonObject> r) {
                        counter.add(r.isOk());
                        acked.set_value();
                    });
                acked.get_future().wait();
            }
        });
    }
    for (auto &th : threads)
        th.join();
    QVERIFY(counter.waitFor(kThreads * kPerThread));
    const qint64 writeMs = qMax<qint64>(1, timer.elapsed());
    QCOMPARE(counter.failed(), 0);

    constexpr int kGets = 100000;
    std::vector<Key> keys;
    keys.reserve(kThreads * kPerThread);
    for (int th = 0; th < kThreads; ++th) {
        for (int n = 0; n < kPerThread; ++n)
            keys.push_back({encodeKeyValue(S(QStringLiteral("p%1-%2").arg(th).arg(n / 10))),
                            encodeKeyValue(N(QString::number(n % 10)))});
    }
    timer.restart();
    int found = 0;
    for (int i = 0; i < kGets; ++i) {
        const Key &key = keys[size_t(i * 7919) % keys.size()];
        auto got = store->get(t.id, key.first, key.second);
        if (got.isOk() && got->has_value())
            ++found;
    }
    const qint64 readMs = qMax<qint64>(1, timer.elapsed());
    QCOMPARE(found, kGets);
    const StoreStats stats = store->stats();
    qInfo("throughput: %lld write transactions, %.1f mutations per transaction on average",
          stats.groupsCommitted,
          double(stats.mutationsCommitted) / qMax<qint64>(1, stats.groupsCommitted));
    qInfo("throughput: %d acknowledged single-item mutations from %d threads (sync NORMAL) in %lld "
          "ms "
          "= %lld/s; %d gets on one thread in %lld ms = %lld/s",
          kThreads * kPerThread, kThreads, writeMs, kThreads * kPerThread * 1000LL / writeMs, kGets,
          readMs, kGets * 1000LL / readMs);
}

QTEST_GUILESS_MAIN(TestTableStoreWriter)
#include "tst_tablestorewriter.moc"
