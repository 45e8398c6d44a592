// Thread affinity: the calling thread. Plain SQLite connections for the tests of the store's
// SQLite-level pieces (the WAL-write VFS, the page cache shim), which run below the store.
#pragma once

#include <QString>
#include <QtGlobal>

#include <sqlite3.h>

namespace Gatehouse::Tables::Testing {

// A read-write connection (the file created if absent) through `vfs` (null: the default),
// with a 5 s busy timeout; null on failure.
inline sqlite3 *openDb(const QString &path, const char *vfs = nullptr)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
    if (rc != SQLITE_OK) {
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

// Runs statements without results; false (and a warning naming the error) on failure.
inline bool exec(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK)
        qWarning("%s: %s", sql, error ? error : "?");
    sqlite3_free(error);
    return rc == SQLITE_OK;
}

// The first column of the first row as text (empty when there is none).
inline QByteArray text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    QByteArray value;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return value;
}

// The first column of the first row as an integer (-1 when there is none).
inline qint64 scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    qint64 value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

} // namespace Gatehouse::Tables::Testing
