// Thread affinity: any thread; one Renderer per render call.
#pragma once

#include "ast.h"
#include "template.h"

#include <algorithm>

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

// The render output: appends inline (a bounds check and a copy), growing geometrically;
// QString::append costs a library call per piece, and a template appends thousands of pieces.
class OutBuffer
{
public:
    explicit OutBuffer(qsizetype capacity = 256)
    {
        m_text.resize(std::max<qsizetype>(capacity, 16));
    }
    void append(const QChar *data, qsizetype n)
    {
        if (m_size + n > m_text.size())
            grow(n);
        std::copy_n(data, n, m_text.data() + m_size);
        m_size += n;
    }
    void append(QStringView s) { append(s.data(), s.size()); }
    void append(const QString &s) { append(s.constData(), s.size()); }
    void append(QChar c) { append(&c, 1); }
    void appendLatin1(const char *data, qsizetype n)
    {
        if (m_size + n > m_text.size())
            grow(n);
        QChar *d = m_text.data() + m_size;
        for (qsizetype i = 0; i < n; ++i)
            d[i] = QLatin1Char(data[i]);
        m_size += n;
    }
    qsizetype size() const { return m_size; }
    QString take()
    {
        m_text.resize(m_size);
        return std::move(m_text);
    }

private:
    void grow(qsizetype n) { m_text.resize(std::max(m_text.size() * 2, m_size + n)); }

    QString m_text; // m_size characters used, the rest is capacity
    qsizetype m_size = 0;
};

class Renderer
{
public:
    Renderer(const Ast::TemplateData &data, const Context &context, const RenderLimits &limits);

    bool run(QString *out);
    VtlError error;

    enum class Flow { Normal, Break, Stop, Error };
    Flow renderBlock(const Ast::Block &block, OutBuffer &out);
    bool stringify(const Value &v, OutBuffer &out);

private:
    Flow renderNode(const Ast::Node &node, OutBuffer &out);
    Flow renderForeach(const Ast::Node &node, OutBuffer &out);
    Flow renderMacroCall(const Ast::Node &node, OutBuffer &out);
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
    const Value &slotValue(int slot) const
    {
        if (m_pending[size_t(slot)])
            fetch(slot);
        return m_slots[size_t(slot)];
    }
    void fetch(int slot) const;
    void setSlot(int slot, Value v)
    {
        m_pending[size_t(slot)] = 0;
        m_slots[size_t(slot)] = std::move(v);
    }

    const Ast::TemplateData &m_data;
    const Context &m_context;
    // One per TemplateData::slotNames; null = undefined. A slot naming a lazy context variable
    // stays pending until the render first reads it: a branch not taken builds nothing.
    mutable std::vector<Value> m_slots;
    mutable std::vector<char> m_pending;
    RenderLimits m_limits;
    int m_macroDepth = 0;
    int m_defineDepth = 0;
    std::vector<std::shared_ptr<class ForeachScope>> m_loops;
    qint64 m_iterations = 0;
};

} // namespace Gatehouse::Vtl
