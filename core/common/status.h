// Thread affinity: any thread (plain value types).
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace Gatehouse {

// An error as a value. `code` is a machine-readable code owned by the module that raised it
// (for the table engine: the DynamoDB error code such as "ValidationException"); `message` is
// the exact text a client will see. An empty code means success.
class Status
{
public:
    Status() = default;
    static Status ok() { return {}; }
    static Status error(QString code, QString message)
    {
        Status s;
        s.m_code = std::move(code);
        s.m_message = std::move(message);
        if (s.m_code.isEmpty())
            s.m_code = QStringLiteral("Error");
        return s;
    }

    bool isOk() const { return m_code.isEmpty(); }
    explicit operator bool() const { return isOk(); }
    const QString &code() const { return m_code; }
    const QString &message() const { return m_message; }
    QString toString() const { return isOk() ? QStringLiteral("OK") : m_code + u": " + m_message; }

private:
    QString m_code;
    QString m_message;
};

// A value or the Status explaining why there is none.
template<typename T>
class Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Status status) : m_data(std::in_place_index<1>, std::move(status))
    {
        Q_ASSERT(!std::get<1>(m_data).isOk());
    }

    bool isOk() const { return m_data.index() == 0; }
    explicit operator bool() const { return isOk(); }

    // REQUIRES: isOk()
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    // Status::ok() when a value is held.
    Status status() const { return isOk() ? Status::ok() : std::get<1>(m_data); }

private:
    std::variant<T, Status> m_data;
};

} // namespace Gatehouse
