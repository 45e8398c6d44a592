// Thread affinity: any thread (a parsed filter is immutable and may be shared).
#pragma once

#include <observe/requestrecord.h>

#include <QString>

#include <memory>

namespace Gatehouse::Ui {

// Where and why a filter expression does not parse. `position` is a 0-based offset into the
// text, so the filter bar can point at it.
struct FilterError
{
    int position = -1;
    int length = 0;
    QString message;
};

// The inspector's display filter: a small expression language in the spirit of Wireshark's,
//   status >= 400 and path ~ "/pets"      op == "PutItem"      latency > 5ms
//   api == "bookstore" or not method == "GET"      status == 5xx      error
// parsed once and evaluated per record. An empty expression matches everything.
class RequestFilter
{
public:
    struct Node;

    RequestFilter() = default;
    static RequestFilter parse(const QString &text);

    bool isValid() const { return m_error.position < 0; }
    bool isEmpty() const { return isValid() && !m_root; }
    const FilterError &error() const { return m_error; }
    QString text() const { return m_text; }

    // REQUIRES: isValid(). An empty filter matches every record.
    bool matches(const Observe::RequestRecord &record) const;

    // The fields, operators and units, as rich text for the filter bar's tooltip.
    static QString helpText();

private:
    std::shared_ptr<const Node> m_root;
    FilterError m_error;
    QString m_text;
};

// The DynamoDB operation of a table record (from its notes, else from X-Amz-Target), or empty.
QString recordOperation(const Observe::RequestRecord &record);

} // namespace Gatehouse::Ui
