// The page cache shim (store/pagecache.h): installed before SQLite starts, it answers the
// end-of-transaction truncations that have nothing to drop, passes on those that do, and the
// database stays intact through the b-tree splits that renumber pages (random inserts into a
// WITHOUT ROWID table, a cache small enough to evict), rolled-back growth and reopening.
#include <tables/store/pagecache.h>

#include "rawsqlite.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Gatehouse::Tables::Store;
using namespace Gatehouse::Tables::Testing;

namespace {

// Inserts `count` rows with random keys (a ~250-byte value each) in one transaction; records
// the keys in `keys`.
bool insertRandom(sqlite3 *db, int count, QSet<QByteArray> &keys, QRandomGenerator &random)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO t(k, v) VALUES (?1, ?2)", -1, &stmt,
                           nullptr) != SQLITE_OK)
        return false;
    bool ok = exec(db, "BEGIN IMMEDIATE");
    for (int i = 0; ok && i < count; ++i) {
        const QByteArray key = "k" + QByteArray::number(random.bounded(100000000));
        const QByteArray value = key + QByteArray(240, 'v');
        sqlite3_bind_blob(stmt, 1, key.constData(), int(key.size()), SQLITE_TRANSIENT);
        sqlite3_bind_blob(stmt, 2, value.constData(), int(value.size()), SQLITE_TRANSIENT);
        ok = sqlite3_step(stmt) == SQLITE_DONE;
        sqlite3_reset(stmt);
        keys.insert(key);
    }
    sqlite3_finalize(stmt);
    return ok && exec(db, "COMMIT");
}

// Every recorded key is there with its value, and nothing else.
bool holdsExactly(sqlite3 *db, const QSet<QByteArray> &keys)
{
    if (scalar(db, "SELECT count(*) FROM t") != keys.size())
        return false;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT k, v FROM t", -1, &stmt, nullptr) != SQLITE_OK)
        return false;
    bool ok = true;
    while (ok && sqlite3_step(stmt) == SQLITE_ROW) {
        const QByteArray key(static_cast<const char *>(sqlite3_column_blob(stmt, 0)),
                             sqlite3_column_bytes(stmt, 0));
        const QByteArray value(static_cast<const char *>(sqlite3_column_blob(stmt, 1)),
                               sqlite3_column_bytes(stmt, 1));
        ok = keys.contains(key) && value == key + QByteArray(240, 'v');
    }
    sqlite3_finalize(stmt);
    return ok;
}

} // namespace

class TestPageCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The first SQLite call of this process: the shim goes in before SQLite initialises.
        QVERIFY(installPageCacheShim());
        QVERIFY(installPageCacheShim()); // idempotent
    }

    void randomInsertsSkipEmptyTruncations()
    {
        QTemporaryDir dir;
        sqlite3 *db = openDb(dir.filePath(QStringLiteral("t.db")));
        QVERIFY(db);
        QVERIFY(exec(db, "PRAGMA journal_mode = WAL; PRAGMA cache_size = 64; "
                         "CREATE TABLE t(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID"));
        QRandomGenerator random(42);
        QSet<QByteArray> keys;
        const PageCacheShimCounts before = pageCacheShimCounts();
        for (int group = 0; group < 300; ++group)
            QVERIFY(insertRandom(db, 20, keys, random));
        const PageCacheShimCounts after = pageCacheShimCounts();
        // 300 commits, each ending with a truncation to the file's size that drops nothing.
        QVERIFY2(after.skipped - before.skipped >= 300,
                 QByteArray::number(after.skipped - before.skipped).constData());
        QCOMPARE(text(db, "PRAGMA integrity_check"), QByteArray("ok"));
        QVERIFY(holdsExactly(db, keys));
        sqlite3_close(db);

        // And from the files alone.
        db = openDb(dir.filePath(QStringLiteral("t.db")));
        QVERIFY(db);
        QCOMPARE(text(db, "PRAGMA integrity_check"), QByteArray("ok"));
        QVERIFY(holdsExactly(db, keys));
        sqlite3_close(db);
    }

    void rolledBackGrowthIsDropped()
    {
        QTemporaryDir dir;
        sqlite3 *db = openDb(dir.filePath(QStringLiteral("t.db")));
        QVERIFY(db);
        QVERIFY(exec(db, "PRAGMA journal_mode = WAL; "
                         "CREATE TABLE t(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID"));
        QRandomGenerator random(7);
        QSet<QByteArray> keys;
        QVERIFY(insertRandom(db, 200, keys, random));
        const qint64 pages = scalar(db, "PRAGMA page_count");

        // A transaction that grows the file by hundreds of pages, rolled back: its pages lie
        // past the file's end and the truncation has to drop them.
        const PageCacheShimCounts before = pageCacheShimCounts();
        QVERIFY(exec(db, "BEGIN IMMEDIATE"));
        QVERIFY(exec(db, "INSERT INTO t(k, v) SELECT 'x' || value, zeroblob(300) "
                         "FROM generate_series(1, 5000)") ||
                exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 5000) INSERT INTO t(k, v) SELECT 'x' || i, zeroblob(300) FROM n"));
        QVERIFY(scalar(db, "PRAGMA page_count") > pages + 100);
        QVERIFY(exec(db, "ROLLBACK"));
        QVERIFY(pageCacheShimCounts().passed > before.passed);

        QCOMPARE(scalar(db, "PRAGMA page_count"), pages);
        QCOMPARE(text(db, "PRAGMA integrity_check"), QByteArray("ok"));
        QVERIFY(holdsExactly(db, keys));
        // The page numbers past the end are reused by the next growth, with fresh content.
        QVERIFY(insertRandom(db, 2000, keys, random));
        QCOMPARE(text(db, "PRAGMA integrity_check"), QByteArray("ok"));
        QVERIFY(holdsExactly(db, keys));
        sqlite3_close(db);
    }
};

QTEST_GUILESS_MAIN(TestPageCache)
#include "tst_pagecache.moc"
