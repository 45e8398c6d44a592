// Thread affinity: a Db and its statements are used by one thread at a time (callers serialise).
#pragma once

#include <common/status.h>

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace Gatehouse::Tables::Store {

class Db;

// A prepared statement borrowed from a Db's cache; reset and handed back on destruction, so a
// hot statement is compiled once per connection.
class Statement
{
public:
    Statement() = default;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    sqlite3_stmt *handle() const { return m_stmt; }

    void bindBlob(int index, const QByteArray &bytes);
    void bindBlob(int index, const char *data, qsizetype size);
    void bindText(int index, const QString &text);
    void bindInt64(int index, qint64 value);

    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    // Runs a statement that returns no rows.
    Status run(const char *what);

    qint64 columnInt64(int column) const;
    QByteArray columnBlob(int column) const; // deep copy
    QString columnText(int column) const;
    const char *columnData(int column, qsizetype *size) const; // valid until the next step

private:
    friend class Db;
    Statement(sqlite3_stmt *stmt, bool *inUse) : m_stmt(stmt), m_inUse(inUse) {}
    void release();

    sqlite3_stmt *m_stmt = nullptr;
    bool *m_inUse = nullptr; // the cache slot's flag; null for a statement of its own
};

// One SQLite connection with a cache of prepared statements keyed by their SQL text.
class Db
{
public:
    enum class Mode { ReadWrite, ReadOnly };
    // vfs: an SQLite VFS name, nullptr for the default one.
    static Result<std::unique_ptr<Db>> open(const QString &path, Mode mode, const char *vfs = nullptr);
    ~Db();
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;

    sqlite3 *handle() const { return m_db; }

    // Borrows the cached statement for sql; while that one is borrowed (a nested read on the
    // same connection) a private statement is prepared and finalised after use.
    Result<Statement> prepare(const char *sql);
    Status exec(const char *sql);               // statements without results (may be several)
    Result<qint64> queryInt64(const char *sql); // the first column of the first row
    Result<QString> queryText(const char *sql);

    // An InternalServerError status naming the failed step and SQLite's message.
    Status error(int rc, const char *what) const;
    bool inTransaction() const;

private:
    explicit Db(sqlite3 *db) : m_db(db) {}

    struct Cached
    {
        sqlite3_stmt *stmt = nullptr;
        bool inUse = false;
    };
    struct KeyHash
    {
        size_t operator()(const QByteArray &key) const { return qHash(key); }
    };
    sqlite3 *m_db = nullptr;
    // Node-based so a borrowed statement's inUse flag keeps its address.
    std::unordered_map<QByteArray, Cached, KeyHash> m_cache;
};

Status internalError(const QString &message);

} // namespace Gatehouse::Tables::Store
