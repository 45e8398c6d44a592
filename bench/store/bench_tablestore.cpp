// Table store micro benchmark: bulk load, acknowledged single writes from 16 threads (latency),
// GetItem-like point reads, 10-item partition queries and a streaming scan, each printed next
// to raw SQLite doing the nearest equivalent in the same run (the ratio is the store's cost).
#include <tables/tablestore.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace Gatehouse;
using namespace Gatehouse::Items;
using namespace Gatehouse::Tables;

namespace {

constexpr int kPartitionSize = 10;

qint64 rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

StoredItem makeItem(int n)
{
    const AttributeValue pk =
        AttributeValue::fromString(QStringLiteral("customer#%1").arg(n / kPartitionSize));
    const AttributeValue sk =
        AttributeValue::fromNumber(Decimal::parse(QString::number(n % kPartitionSize)).value());
    Item item{
        {QStringLiteral("pk"), pk},
        {QStringLiteral("sk"), sk},
        {QStringLiteral("name"), AttributeValue::fromString(QStringLiteral("Customer %1").arg(n))},
        {QStringLiteral("email"),
         AttributeValue::fromString(QStringLiteral("customer%1@example.com").arg(n))},
        {QStringLiteral("balance"),
         AttributeValue::fromNumber(Decimal::parse(QStringLiteral("%1.25").arg(n % 9973)).value())},
        {QStringLiteral("active"), AttributeValue::fromBool(n % 3 == 0)},
        {QStringLiteral("notes"), AttributeValue::fromString(QString(90, QLatin1Char('n')))}};
    StoredItem s;
    s.hashKey = encodeKeyValue(pk);
    s.rangeKey = encodeKeyValue(sk);
    s.item = item;
    s.size = itemByteSize(item);
    return s;
}

double perSecond(qint64 count, qint64 ms)
{
    return double(count) * 1000.0 / double(qMax<qint64>(ms, 1));
}

void line(const char *what, double ours, double raw)
{
    if (raw > 0)
        qInfo("%-44s %12.0f/s   raw SQLite %12.0f/s   ratio %.2f", what, ours, raw, ours / raw);
    else
        qInfo("%-44s %12.0f/s", what, ours);
}

// Raw SQLite peers on a table shaped like the store's.
struct Raw
{
    sqlite3 *db = nullptr;
    explicit Raw(const QString &path)
    {
        sqlite3_open(path.toUtf8().constData(), &db);
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                     "CREATE TABLE t(k BLOB, r BLOB, v BLOB, PRIMARY KEY(k, r)) WITHOUT ROWID",
                     nullptr, nullptr, nullptr);
    }
    ~Raw() { sqlite3_close(db); }

    double singleCommits(int n)
    {
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO t VALUES (?1, ?2, ?3)", -1, &st, nullptr);
        const QByteArray v(200, 'v');
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < n; ++i) {
            const QByteArray k = QByteArray::number(i / kPartitionSize);
            const QByteArray r = QByteArray::number(i % kPartitionSize);
            sqlite3_bind_blob(st, 1, k.constData(), int(k.size()), SQLITE_TRANSIENT);
            sqlite3_bind_blob(st, 2, r.constData(), int(r.size()), SQLITE_TRANSIENT);
            sqlite3_bind_blob(st, 3, v.constData(), int(v.size()), SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        return perSecond(n, t.elapsed());
    }

    double pointSelects(int n, int keys)
    {
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, "SELECT v FROM t WHERE k = ?1 AND r = ?2", -1, &st, nullptr);
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < n; ++i) {
            const int x = int((qint64(i) * 7919) % keys);
            const QByteArray k = QByteArray::number(x / kPartitionSize);
            const QByteArray r = QByteArray::number(x % kPartitionSize);
            sqlite3_bind_blob(st, 1, k.constData(), int(k.size()), SQLITE_TRANSIENT);
            sqlite3_bind_blob(st, 2, r.constData(), int(r.size()), SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        return perSecond(n, t.elapsed());
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("items"), QStringLiteral("Items to load."),
                      QStringLiteral("n"), QStringLiteral("1000000")});
    parser.addOption(
        {QStringLiteral("dir"), QStringLiteral("Directory for the files."), QStringLiteral("dir")});
    parser.addHelpOption();
    parser.process(app);
    const int items = qMax(1000, parser.value(QStringLiteral("items")).toInt());
    QTemporaryDir temp;
    const QString dir =
        parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) : temp.path();

    StoreOptions options;
    options.path = dir + QStringLiteral("/bench-store.sqlite");
    QFile::remove(options.path);
    auto opened = TableStore::open(options);
    if (!opened) {
        qCritical("open: %s", qPrintable(opened.status().toString()));
        return 1;
    }
    std::shared_ptr<TableStore> store = opened.value();
    TableMeta meta;
    meta.name = QStringLiteral("bench");
    meta.hashKeyName = QStringLiteral("pk");
    meta.rangeKeyName = QStringLiteral("sk");
    meta.rangeKeyType = AttributeType::N;
    const qint64 tableId = store->createTable(meta)->id;
    qInfo("table store benchmark: %d items of ~%lld bytes, %d per partition, file %s", items,
          makeItem(0).size, kPartitionSize, qPrintable(options.path));

    // 1. Bulk load: batches of 25 (BatchWriteItem's size) from 4 threads, 8 batches in flight each.
    {
        const qint64 rssBefore = rssKb();
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> threads;
        std::atomic<int> failed{0};
        for (int th = 0; th < 4; ++th) {
            threads.emplace_back([&, th] {
                std::mutex m;
                std::condition_variable cv;
                int inFlight = 0;
                for (int start = th * 25; start < items; start += 4 * 25) {
                    std::vector<StoredItem> batch;
                    for (int n = start; n < qMin(items, start + 25); ++n)
                        batch.push_back(makeItem(n));
                    {
                        std::unique_lock lock(m);
                        cv.wait(lock, [&] { return inFlight < 8; });
                        ++inFlight;
                    }
                    store->mutate(
                        [batch = std::move(batch), tableId](WriteTxn &txn) -> Result<QJsonObject> {
                            for (const StoredItem &s : batch) {
                                if (Status st = txn.put(tableId, s); !st)
                                    return st;
                            }
                            return QJsonObject();
                        },
                        [&](Result<QJsonObject> r) {
                            if (!r)
                                ++failed;
                            std::lock_guard lock(m);
                            --inFlight;
                            cv.notify_all();
                        });
                }
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return inFlight == 0; });
            });
        }
        for (auto &th : threads)
            th.join();
        const qint64 ms = t.elapsed();
        line("bulk load (25-item batches, 4 threads)", perSecond(items, ms), 0);
        qInfo("  %d items in %.1f s, %d failed; RSS %lld MB -> %lld MB; groups %lld", items,
              ms / 1000.0, failed.load(), rssBefore / 1024, rssKb() / 1024,
              store->stats().groupsCommitted);
    }

    Raw raw(dir + QStringLiteral("/bench-raw.sqlite"));
    const int rawRows = qMin(items, 20000);
    const double rawCommits = raw.singleCommits(rawRows);

    // 2. Acknowledged single-item writes from 16 threads; latency from enqueue to acknowledgement.
    {
        constexpr int kThreads = 16;
        const int perThread = 2000;
        std::vector<std::vector<qint64>> latencies(kThreads);
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> threads;
        for (int th = 0; th < kThreads; ++th) {
            threads.emplace_back([&, th] {
                QElapsedTimer one;
                for (int i = 0; i < perThread; ++i) {
                    const StoredItem s = makeItem((th * perThread + i) * 37 % items);
                    std::promise<void> acked;
                    one.start();
                    store->mutate(
                        [s, tableId](WriteTxn &txn) -> Result<QJsonObject> {
                            if (Status st = txn.put(tableId, s); !st)
                                return st;
                            return QJsonObject();
                        },
                        [&](Result<QJsonObject>) { acked.set_value(); });
                    acked.get_future().wait();
                    latencies[size_t(th)].push_back(one.nsecsElapsed() / 1000);
                }
            });
        }
        for (auto &th : threads)
            th.join();
        const qint64 ms = t.elapsed();
        std::vector<qint64> all;
        for (auto &l : latencies)
            all.insert(all.end(), l.begin(), l.end());
        std::sort(all.begin(), all.end());
        line("acked single puts (16 threads)", perSecond(qint64(all.size()), ms), rawCommits);
        qInfo("  latency p50 %.2f ms, p99 %.2f ms, max %.2f ms", all[all.size() / 2] / 1000.0,
              all[all.size() * 99 / 100] / 1000.0, all.back() / 1000.0);
    }

    // 3. Point reads.
    std::vector<StoredItem> keys;
    for (int i = 0; i < 4096; ++i)
        keys.push_back(makeItem(int((qint64(i) * 104729) % items)));
    const int gets = 200000;
    const double rawGets = raw.pointSelects(gets, rawRows);
    for (int threads : {1, 2, 4}) {
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> pool;
        std::atomic<int> found{0};
        for (int th = 0; th < threads; ++th) {
            pool.emplace_back([&, th] {
                for (int i = th; i < gets; i += threads) {
                    const StoredItem &k = keys[size_t(i) % keys.size()];
                    auto r = store->get(tableId, k.hashKey, k.rangeKey);
                    if (r && r->has_value())
                        ++found;
                }
            });
        }
        for (auto &th : pool)
            th.join();
        const QByteArray what = "gets, " + QByteArray::number(threads) + " thread(s)";
        line(what.constData(), perSecond(gets, t.elapsed()), threads == 1 ? rawGets : 0);
        if (found != gets)
            qWarning("  only %d of %d found", found.load(), gets);
    }

    // 4. Partition queries (10 items each).
    {
        const int queries = 50000;
        QElapsedTimer t;
        t.start();
        qint64 seen = 0;
        for (int i = 0; i < queries; ++i) {
            const StoredItem &k = keys[size_t(i) % keys.size()];
            store->query(tableId, k.hashKey, {}, [&](const StoredItem &) {
                ++seen;
                return true;
            });
        }
        line("queries of a 10-item partition, 1 thread", perSecond(queries, t.elapsed()), 0);
        qInfo("  %.1f items per query", double(seen) / queries);
    }

    // 5. Streaming scan of the whole table.
    {
        QElapsedTimer t;
        t.start();
        qint64 seen = 0;
        const qint64 rssBefore = rssKb();
        store->scan(tableId, 0, 1, std::nullopt, std::nullopt, [&](const StoredItem &) {
            ++seen;
            return true;
        });
        line("scan (items streamed)", perSecond(seen, t.elapsed()), 0);
        qInfo("  %lld items; RSS %lld MB -> %lld MB", seen, rssBefore / 1024, rssKb() / 1024);
    }

    const qint64 fileSize = QFileInfo(options.path).size();
    const TableMeta after = *store->table(QStringLiteral("bench"));
    qInfo("file %.1f MB for %lld items (%.1f MB counted by DynamoDB's sizes); RSS %lld MB",
          fileSize / 1048576.0, after.itemCount, after.sizeBytes / 1048576.0, rssKb() / 1024);
    store->close();
    return 0;
}
