// Thread affinity: any thread (pure functions on value types).
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Gatehouse::Ui::QueryBuilder {

enum class Op { None, Eq, Ne, Lt, Le, Gt, Ge, Between, BeginsWith, Contains, NotContains, Exists,
                NotExists };

// The operators a sort-key condition allows (KeyConditionExpression), and those of a filter.
QList<Op> sortKeyOps();
QList<Op> filterOps();
QString opLabel(Op op);     // "=", "BETWEEN", "begins_with", ...
int operandCount(Op op);    // 0, 1 or 2

// One comparison: attribute, operator, and the operands typed as `type` (S, N, B, BOOL, NULL).
struct Condition
{
    QString attribute;
    Op op = Op::None;
    QString type = QStringLiteral("S");
    QString value;
    QString value2;  // BETWEEN's upper bound
};

struct Spec
{
    QString table;
    bool query = false;    // Query (needs the partition key value) or Scan
    QString index;         // empty: the table itself
    QString partitionKey, partitionType = QStringLiteral("S"), partitionValue;
    Condition sortKey;     // op None: no sort-key condition
    QList<Condition> filters;  // joined with AND
    QStringList projection;
    int limit = 0;         // 0: none; otherwise DynamoDB's Limit, one page (as the CLI's --limit)
    bool forward = true;   // ScanIndexForward (Query only)
};

struct Built
{
    QString operation;     // "Query" or "Scan"
    QJsonObject request;
    QString error;         // set when the spec cannot make a request (a missing value)
};

// The request for `spec`, every attribute name and value behind a placeholder (#name, :name) so
// reserved words and odd characters need no thought.
Built build(const Spec &spec);

// The expressions of a request with their names and values, one per line, for people to read.
QString expressionText(const QJsonObject &request);

// The same call as an AWS CLI command line, quoted for a POSIX shell, one option per line.
QString cliCommand(const QString &operation, const QJsonObject &request, const QString &endpointUrl);

// POSIX shell quoting: bare when safe, otherwise in single quotes (a quote inside as '\'').
QString shellQuote(const QString &text);

} // namespace Gatehouse::Ui::QueryBuilder
