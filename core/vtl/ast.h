// Thread affinity: any thread. A compiled template is immutable after parsing and may be shared.
#pragma once

#include "value.h"

#include <QRegularExpression>

#include <atomic>
#include <memory>
#include <vector>

namespace Gatehouse::Vtl::Ast {

struct Expr;
struct Node;
using ExprPtr = std::unique_ptr<Expr>;
using NodePtr = std::unique_ptr<Node>;

struct Block
{
    std::vector<NodePtr> nodes;
};

struct Position
{
    int line = 0;
    int column = 0;
};

// One step after the root of a reference: .name, .name(args) or [index].
struct Accessor
{
    Accessor() = default;
    Accessor(Accessor &&other) noexcept
        : kind(other.kind), name(std::move(other.name)), args(std::move(other.args)),
          pos(other.pos), builtin(other.builtin), literalRegex(std::move(other.literalRegex))
    {}

    enum class Kind { Property, Method, Index };
    Kind kind = Kind::Property;
    QString name;
    std::vector<ExprPtr> args; // method arguments, or the index expression
    Position pos;
    int builtin = -1; // the built-in method this name denotes (methods.cpp), -1 if none
    // Where .name was found in the last map read here (see ValueMap::find). Shared by every
    // render of the template: a relaxed hint, any value is safe.
    mutable std::atomic<int> memberHint{-1};
    // A regular expression argument given as a string literal, compiled once at parse time
    // (replaceAll, replaceFirst, matches, split).
    std::shared_ptr<const QRegularExpression> literalRegex;
};

struct Reference
{
    QString root;
    int slot = -1; // the root's variable slot (TemplateData::slotNames)
    std::vector<Accessor> accessors;
    QString literal;     // the source text from '$' on, rendered when the value is null
    bool quiet = false;  // $!x
    int backslashes = 0; // escapes written before '$'
    Position pos;
};

struct Expr
{
    enum class Kind {
        Literal,
        Interpolated,
        List,
        Map,
        Range,
        Ref,
        Not,
        And,
        Or,
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        Add,
        Sub,
        Mul,
        Div,
        Mod,
    };
    Kind kind = Kind::Literal;
    Value literal;                       // Literal
    std::unique_ptr<Block> interpolated; // Interpolated (a double-quoted string with $ or #)
    std::vector<ExprPtr> items;          // List items, Map keys/values interleaved, Range ends,
                                         // operands of unary and binary operators
    std::unique_ptr<Reference> ref;      // Ref
    Position pos;
};

struct IfBranch
{
    ExprPtr condition; // null for #else
    Block body;
};

struct Node
{
    enum class Kind { Text, Ref, Set, If, Foreach, Break, Stop, Define, MacroCall };
    Kind kind = Kind::Text;
    QString text;                   // Text; the variable of Foreach and Define;
                                    // the macro name of MacroCall
    int slot = -1;                  // the variable slot of Foreach and Define
    QString literal;                // MacroCall: its source text, rendered when unknown
    std::unique_ptr<Reference> ref; // Ref; the target of Set
    ExprPtr expr;                   // Set value, Foreach collection
    std::vector<ExprPtr> args;      // MacroCall arguments
    std::vector<IfBranch> branches; // If
    std::unique_ptr<Block> body;    // Foreach, Define, MacroCall with a body (#@name)
    Position pos;
};

struct Macro
{
    QString name;
    QStringList params; // without '$'
    QList<int> paramSlots;
    Block body;
};

// Variables are resolved to slots when parsing, so rendering reads them by index. The first
// slots are fixed: the loop scope and Velocity's loop counters, and a block macro's body.
enum FixedSlot { ForeachSlot, VelocityCountSlot, VelocityHasNextSlot, BodyContentSlot };

struct TemplateData
{
    TemplateData()
    {
        for (const char *name : {"foreach", "velocityCount", "velocityHasNext", "bodyContent"})
            slotOf(QString::fromLatin1(name));
    }
    int slotOf(const QString &name)
    {
        const auto it = slotIndex.constFind(name);
        if (it != slotIndex.constEnd())
            return it.value();
        slotNames.append(name);
        slotIndex.insert(name, int(slotNames.size() - 1));
        return int(slotNames.size() - 1);
    }

    Block root;
    QHash<QString, std::shared_ptr<Macro>> macros;
    QString source;
    QStringList slotNames;
    QHash<QString, int> slotIndex;
    // The size of the last output, to reserve the next one (renders may run concurrently:
    // a relaxed atomic is enough for a hint).
    mutable std::atomic<qsizetype> outputSizeHint{0};
};

} // namespace Gatehouse::Vtl::Ast
