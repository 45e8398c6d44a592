// Thread affinity: any thread. Immutable once parsed; shared between requests freely.
#pragma once

#include <expressions/expressions.h>
#include <items/attributevalue.h>

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace Gatehouse::Expressions {

// One step of a document path: a map key (or top-level attribute name) or a list index.
struct PathElement
{
    QString name;
    int index = -1;  // >= 0 for a list index
    bool isIndex() const { return index >= 0; }
    bool operator==(const PathElement &o) const { return index == o.index && name == o.name; }
};
using DocumentPath = QList<PathElement>;

// The service's rendering of a path in messages: "[a, b, [2], c]".
QString pathToString(const DocumentPath &path);

// A value-producing operand: a path, a literal, or a function of operands.
struct Operand
{
    enum class Kind {
        Path,
        Value,
        Function,   // any named function; `function` says which
        Plus,       // update expressions only
        Minus,
    };
    enum class Fn {
        Unknown,
        AttributeExists,
        AttributeNotExists,
        AttributeType,
        BeginsWith,
        Contains,
        Size,
        IfNotExists,
        ListAppend,
    };
    Kind kind = Kind::Value;
    Fn function = Fn::Unknown;
    QString functionName;
    DocumentPath path;
    Items::AttributeValue value;
    bool valueDefined = false;  // false when the :placeholder was not defined (error recorded)
    std::vector<Operand> args;
};

struct ConditionNode
{
    enum class Kind { And, Or, Not, Compare, Between, In, Function };
    enum class Cmp { Eq, Ne, Lt, Le, Gt, Ge };
    Kind kind = Kind::Compare;
    Cmp cmp = Cmp::Eq;
    Operand::Fn function = Operand::Fn::Unknown;
    std::vector<std::shared_ptr<const ConditionNode>> children;  // And, Or, Not
    std::vector<Operand> operands;                               // the rest
};

struct UpdateAction
{
    enum class Kind { Set, Remove, Add, Delete };
    Kind kind = Kind::Set;
    DocumentPath path;
    Operand value;  // Set: the value expression; Add/Delete: the literal
};

struct UpdatePlan
{
    std::vector<UpdateAction> actions;  // in the order written
};

struct ProjectionPlan
{
    std::vector<DocumentPath> paths;
};

} // namespace Gatehouse::Expressions
