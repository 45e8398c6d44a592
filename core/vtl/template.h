// Thread affinity: any thread. A compiled Template is immutable and may be rendered from several
// threads at once, each with its own Context.
#pragma once

#include "value.h"

#include <common/status.h>

#include <QHash>
#include <QString>

#include <memory>

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
class Context
{
public:
    void set(const QString &name, Value value) { m_vars.insert(name, std::move(value)); }
    Value value(const QString &name) const { return m_vars.value(name); }
    bool contains(const QString &name) const { return m_vars.contains(name); }
    const QHash<QString, Value> &variables() const { return m_vars; }

private:
    QHash<QString, Value> m_vars;
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
