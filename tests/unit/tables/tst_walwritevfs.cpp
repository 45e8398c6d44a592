// The writer's VFS that gathers a commit's WAL frames into one write (store/walwritevfs.h):
// another connection sees every commit the moment it returns, whatever its size; a rolled-back
// transaction whose pages spilled into the WAL leaves nothing behind; the files alone reopen
// with every commit (WAL recovery). Plain SQLite connections, no store.
#include <tables/store/walwritevfs.h>

#include "rawsqlite.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Gatehouse::Tables::Store;
using namespace Gatehouse::Tables::Testing;

namespace {

// The writer's connection, through the VFS under test, on a new WAL database with table t.
sqlite3 *openWriter(const QString &path, const char *pragmas)
{
    sqlite3 *db = openDb(path, walWriteVfsName());
    if (db && !(exec(db, "PRAGMA journal_mode = WAL") && exec(db, pragmas) &&
                exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)"))) {
        sqlite3_close(db);
        return nullptr;
    }
    return db;
}

// Inserts n rows of `bytes` random bytes each in one transaction; returns the new row count.
bool insertRows(sqlite3 *db, int n, int bytes)
{
    const QByteArray sql = "INSERT INTO t(v) SELECT randomblob(" + QByteArray::number(bytes) +
                           ") FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                           "WHERE x < " + QByteArray::number(n) + ") SELECT x FROM c)";
    return exec(db, sql.constData());
}

} // namespace

class TestWalWriteVfs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registered();
    void commitsVisibleAtOnce_data();
    void commitsVisibleAtOnce();
    void spilledRollbackLeavesNothing();
};

void TestWalWriteVfs::registered()
{
    const char *name = walWriteVfsName();
    QVERIFY(name);
    QCOMPARE(walWriteVfsName(), name); // registered once
    QVERIFY(sqlite3_vfs_find(name));
    QVERIFY(sqlite3_vfs_find(nullptr) != sqlite3_vfs_find(name)); // not made the default
}

void TestWalWriteVfs::commitsVisibleAtOnce_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("bytes");
    QTest::newRow("one small row") << 1 << 50;
    QTest::newRow("a few pages") << 20 << 1000;
    QTest::newRow("past one 124 KiB write") << 100 << 3000;
    QTest::newRow("past the 1 MiB buffer") << 600 << 4000;
}

void TestWalWriteVfs::commitsVisibleAtOnce()
{
    QFETCH(int, rows);
    QFETCH(int, bytes);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v.sqlite"));
    sqlite3 *writer = openWriter(path, "PRAGMA synchronous = NORMAL");
    QVERIFY(writer);
    sqlite3 *reader = openDb(path, nullptr);
    QVERIFY(reader);
    for (int round = 1; round <= 5; ++round) {
        QVERIFY(insertRows(writer, rows, bytes));
        // No wait: the commit is in the file before SQLite publishes it in the WAL index.
        QCOMPARE(scalar(reader, "SELECT count(*) FROM t"), qint64(round) * rows);
        QCOMPARE(scalar(reader, "SELECT sum(length(v)) FROM t"), qint64(round) * rows * bytes);
    }
    sqlite3_stmt *stmt = nullptr;
    QCOMPARE(sqlite3_prepare_v2(reader, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))),
             QByteArray("ok"));
    sqlite3_finalize(stmt);
    sqlite3_close(reader);
    sqlite3_close(writer);

    // Reopened from the files alone (WAL recovery, as after a crash of the process).
    sqlite3 *again = openDb(path, nullptr);
    QVERIFY(again);
    QCOMPARE(scalar(again, "SELECT count(*) FROM t"), qint64(5) * rows);
    sqlite3_close(again);
}

void TestWalWriteVfs::spilledRollbackLeavesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.sqlite"));
    // A tiny page cache makes a large transaction write its dirty pages into the WAL before
    // the commit (uncommitted frames), and read some back.
    sqlite3 *writer = openWriter(path, "PRAGMA cache_size = 10");
    QVERIFY(writer);
    QVERIFY(insertRows(writer, 10, 100));
    sqlite3 *reader = openDb(path, nullptr);
    QVERIFY(reader);
    QVERIFY(exec(writer, "BEGIN"));
    QVERIFY(insertRows(writer, 2000, 1000));
    QCOMPARE(scalar(writer, "SELECT count(*) FROM t"), qint64(2010));
    QVERIFY(exec(writer, "ROLLBACK"));
    QCOMPARE(scalar(reader, "SELECT count(*) FROM t"), qint64(10));
    QCOMPARE(scalar(writer, "SELECT count(*) FROM t"), qint64(10));
    // The WAL goes on correctly after the rolled-back frames.
    QVERIFY(insertRows(writer, 300, 1000));
    QCOMPARE(scalar(reader, "SELECT count(*) FROM t"), qint64(310));
    sqlite3_close(reader);
    sqlite3_close(writer);
    sqlite3 *again = openDb(path, nullptr);
    QCOMPARE(scalar(again, "SELECT count(*) FROM t"), qint64(310));
    sqlite3_close(again);
}

QTEST_GUILESS_MAIN(TestWalWriteVfs)
#include "tst_walwritevfs.moc"
