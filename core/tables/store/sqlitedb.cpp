#include "sqlitedb.h"

#include "pagecache.h"

#include <items/dynamoerror.h>

#include <sqlite3.h>

#include <cstring>

namespace Gatehouse::Tables::Store {

Status internalError(const QString &message)
{
    return Status::error(Items::ErrorCode::InternalServerError, message);
}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_inUse(std::exchange(other.m_inUse, nullptr))
{}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        release();
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_inUse = std::exchange(other.m_inUse, nullptr);
    }
    return *this;
}

Statement::~Statement()
{
    release();
}

void Statement::release()
{
    if (!m_stmt)
        return;
    if (m_inUse) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        *m_inUse = false;
    } else {
        sqlite3_finalize(m_stmt);
    }
    m_stmt = nullptr;
    m_inUse = nullptr;
}

void Statement::bindBlob(int index, const QByteArray &bytes)
{
    bindBlob(index, bytes.constData(), bytes.size());
}

void Statement::bindBlob(int index, const char *data, qsizetype size)
{
    // A null pointer would bind SQL NULL: an empty key must stay an empty blob.
    if (size == 0)
        sqlite3_bind_zeroblob(m_stmt, index, 0);
    else
        sqlite3_bind_blob64(m_stmt, index, data, sqlite3_uint64(size), SQLITE_TRANSIENT);
}

void Statement::bindText(int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text64(m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                        SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::bindInt64(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

int Statement::step()
{
    return sqlite3_step(m_stmt);
}

Status Statement::run(const char *what)
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(m_stmt);
        return Status::ok();
    }
    sqlite3 *db = sqlite3_db_handle(m_stmt);
    Status s = internalError(QStringLiteral("SQLite %1 failed: %2 (%3)")
                                 .arg(QLatin1String(what), QString::fromUtf8(sqlite3_errmsg(db)))
                                 .arg(rc));
    sqlite3_reset(m_stmt);
    return s;
}

qint64 Statement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QByteArray Statement::columnBlob(int column) const
{
    qsizetype size = 0;
    const char *data = columnData(column, &size);
    return QByteArray(data, size);
}

QString Statement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, column));
}

const char *Statement::columnData(int column, qsizetype *size) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    *size = sqlite3_column_bytes(m_stmt, column);
    return data ? data : "";
}

Result<std::unique_ptr<Db>> Db::open(const QString &path, Mode mode, const char *vfs)
{
    installPageCacheShim(); // before the first open initialises SQLite
    // NOMUTEX: each connection is used by one thread at a time, serialised by its owner.
    const int flags =
        SQLITE_OPEN_NOMUTEX | (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3 *handle = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &handle, flags, vfs);
    if (rc != SQLITE_OK) {
        const QString message = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                                       : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(handle);
        return internalError(QStringLiteral("SQLite open of %1 failed: %2").arg(path, message));
    }
    sqlite3_extended_result_codes(handle, 1);
    return std::unique_ptr<Db>(new Db(handle));
}

Db::~Db()
{
    for (auto &entry : m_cache)
        sqlite3_finalize(entry.second.stmt);
    m_cache.clear();
    sqlite3_close_v2(m_db);
}

Result<Statement> Db::prepare(const char *sql)
{
    const qsizetype length = qsizetype(std::strlen(sql));
    auto it = m_cache.find(QByteArray::fromRawData(sql, length));
    if (it != m_cache.end() && !it->second.inUse) {
        it->second.inUse = true;
        return Statement(it->second.stmt, &it->second.inUse);
    }
    sqlite3_stmt *stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(m_db, sql, int(length), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, "prepare");
    if (it != m_cache.end())
        return Statement(stmt, nullptr); // nested use: a private statement
    auto inserted = m_cache.emplace(QByteArray(sql, length), Cached{stmt, true});
    return Statement(stmt, &inserted.first->second.inUse);
}

Status Db::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return Status::ok();
    const QString text = QString::fromUtf8(message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return internalError(QStringLiteral("SQLite statement failed: %1 (%2) in: %3")
                             .arg(text)
                             .arg(rc)
                             .arg(QString::fromUtf8(sql).left(80)));
}

Result<qint64> Db::queryInt64(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.status();
    const int rc = stmt->step();
    if (rc == SQLITE_ROW)
        return stmt->columnInt64(0);
    if (rc == SQLITE_DONE)
        return qint64(0);
    return error(rc, "query");
}

Result<QString> Db::queryText(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.status();
    const int rc = stmt->step();
    if (rc == SQLITE_ROW)
        return stmt->columnText(0);
    if (rc == SQLITE_DONE)
        return QString();
    return error(rc, "query");
}

Status Db::error(int rc, const char *what) const
{
    return internalError(QStringLiteral("SQLite %1 failed: %2 (%3)")
                             .arg(QLatin1String(what), QString::fromUtf8(sqlite3_errmsg(m_db)))
                             .arg(rc));
}

bool Db::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

} // namespace Gatehouse::Tables::Store
