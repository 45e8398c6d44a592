// Thread affinity: any thread. A compiled Template is immutable and may be rendered from several
// threads at once, each with its own Context.
#pragma once

#include "value.h"

#include <common/status.h>

#include <QHash>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace Gatehouse::Vtl {

namespace Ast {
struct TemplateData;
}

// Where and why a template failed: parse errors (compile) and runtime errors (render), with a
// 1-based line and column so an editor can underline the spot.
struct VtlError
{
    int line = 0;
    int column = 0;
    QString message; // e.g. "Encountered \"#end\" at line 3, column 5"
    bool isValid() const { return !message.isEmpty(); }
};

// The variables a render starts from. Lists, maps and host objects are shared by reference, so
// a template's #set($context.responseOverride.status = 404) changes a map the caller still holds.
// A variable may be lazy: built on its first lookup and kept, so a render pays only for the
// names its template mentions (a request template reading $input never builds $context).
// A Context belongs to one thread at a time (lookups may build, even through a const Context).
class Context
{
public:
    using Factory = std::function<Value()>;

    void set(const QString &name, Value value);
    void setLazy(const QString &name, Factory make);
    // The variable, built first if lazy; null when there is none.
    Value value(const QString &name) const;
    bool contains(const QString &name) const { return indexOf(name) >= 0; }
    // Points at the variable (built first if lazy), or null when there is none; valid until the
    // next set().
    const Value *find(QStringView name) const;
    // Whether a lazy variable has been built (a set() one always has).
    bool isBuilt(const QString &name) const;
    // The variable without building it: null when there is none; *lazy is set when it is a
    // lazy one not built yet (the pointer then points to a null value).
    const Value *peek(QStringView name, bool *lazy) const;

private:
    struct Variable
    {
        QString name;
        Value value;
        Factory make; // empty once built
    };
    qsizetype indexOf(QStringView name) const;

    // Few variables (four for a gateway render): a scan beats hashing.
    mutable std::vector<Variable> m_vars;
};

struct RenderLimits
{
    int maxMacroDepth = 20;         // Velocity's velocimacro.max.depth
    int maxLoopIterations = 100000; // guards a template against endless work
};

class Template
{
public:
    Template() = default;

    // Parses once. Errors carry Status code "VtlSyntaxError" and the message
    // "line L, column C: Encountered ..."; compileWithError gives the parts apart.
    static Result<Template> compile(const QString &source);
    static Result<Template> compileWithError(const QString &source, VtlError *error);

    bool isNull() const { return !m_data; }
    QString source() const;

    // Renders with Velocity 1.7 semantics. On a runtime error (a failing method, the macro
    // depth limit) returns an empty string and fills *error when given.
    QString render(const Context &context, VtlError *error = nullptr,
                   const RenderLimits &limits = {}) const;

private:
    std::shared_ptr<const Ast::TemplateData> m_data;
};

} // namespace Gatehouse::Vtl
