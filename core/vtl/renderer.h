// Thread affinity: any thread; one Renderer per render call.
#pragma once

#include "ast.h"
#include "template.h"

namespace Gatehouse::Vtl {

// Built-in methods of strings, lists, maps and numbers (Java's names and behaviour).
// Returns false when the target has no such method (the reference then renders literally);
// sets *error when the call fails as Java's would throw.
bool callBuiltinMethod(const Value &target, const Ast::Accessor &accessor, const ArgList &args,
                       Value *result, QString *error);
// The id callBuiltinMethod dispatches on, resolved once when parsing; -1 for other names.
int builtinMethodId(const QString &name);
// $x.name on a built-in value: a map's entry, a string's or list's "empty".
bool builtinProperty(const Value &target, const QString &name, Value *result);

// Java's replacement string syntax ($1, ${name}, \$) applied to one regular expression match.
QString javaReplace(const QString &subject, const QRegularExpression &re,
                    const QString &replacement, bool all, QString *error);

class Renderer
{
public:
    Renderer(const Ast::TemplateData &data, const Context &context, const RenderLimits &limits);

    bool run(QString *out);
    VtlError error;

    enum class Flow { Normal, Break, Stop, Error };
    Flow renderBlock(const Ast::Block &block, QString &out);
    bool stringify(const Value &v, QString &out);

private:
    Flow renderNode(const Ast::Node &node, QString &out);
    Flow renderForeach(const Ast::Node &node, QString &out);
    Flow renderMacroCall(const Ast::Node &node, QString &out);
    Flow renderSet(const Ast::Node &node);

    bool evalRef(const Ast::Reference &ref, Value *out, size_t accessorCount);
    // The value of a reference without copying it: points into a variable, a map, or *holder.
    // Null on a runtime error.
    const Value *resolveRef(const Ast::Reference &ref, size_t accessorCount, Value *holder);
    bool value(const Ast::Expr &expr, Value *out);
    bool condition(const Ast::Expr &expr, bool *out);
    bool compare(const Ast::Expr &expr, bool *out);
    bool arithmetic(const Ast::Expr &expr, Value *out);
    bool failAt(const Ast::Position &pos, const QString &message);
    const Value *lookup(const Ast::Reference &ref, Value *holder) const;
    void setSlot(int slot, Value v) { m_slots[size_t(slot)] = std::move(v); }

    const Ast::TemplateData &m_data;
    std::vector<Value> m_slots;   // one per TemplateData::slotNames; null = undefined
    RenderLimits m_limits;
    int m_macroDepth = 0;
    int m_defineDepth = 0;
    std::vector<std::shared_ptr<class ForeachScope>> m_loops;
    qint64 m_iterations = 0;
};

} // namespace Gatehouse::Vtl
