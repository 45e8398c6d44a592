#include "template.h"

#include "parser.h"
#include "renderer.h"
#include "vtllogging.h"

namespace Gatehouse::Vtl {

Q_LOGGING_CATEGORY(lcVtl, "gatehouse.core.vtl")

Result<Template> Template::compileWithError(const QString &source, VtlError *error)
{
    VtlError local;
    auto data = parseTemplate(source, &local);
    if (!data) {
        if (error)
            *error = local;
        return Status::error(QStringLiteral("VtlSyntaxError"),
                             u"line " + QString::number(local.line) + u", column " +
                                 QString::number(local.column) + u": " + local.message);
    }
    Template t;
    t.m_data = std::move(data);
    return t;
}

Result<Template> Template::compile(const QString &source)
{
    return compileWithError(source, nullptr);
}

QString Template::source() const
{
    return m_data ? m_data->source : QString();
}

void Context::set(const QString &name, Value value)
{
    const qsizetype i = indexOf(name);
    if (i >= 0) {
        m_vars[size_t(i)].value = std::move(value);
        m_vars[size_t(i)].make = nullptr;
        return;
    }
    m_vars.push_back({name, std::move(value), nullptr});
}

void Context::setLazy(const QString &name, Factory make)
{
    const qsizetype i = indexOf(name);
    if (i >= 0) {
        m_vars[size_t(i)].value = Value();
        m_vars[size_t(i)].make = std::move(make);
        return;
    }
    m_vars.push_back({name, Value(), std::move(make)});
}

qsizetype Context::indexOf(QStringView name) const
{
    for (size_t i = 0; i < m_vars.size(); ++i) {
        if (QStringView(m_vars[i].name) == name)
            return qsizetype(i);
    }
    return -1;
}

const Value *Context::find(QStringView name) const
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return nullptr;
    Variable &v = m_vars[size_t(i)];
    if (v.make) {
        // Taken out first: the factory may look up other variables of this context.
        Factory make = std::move(v.make);
        v.make = nullptr;
        Value built = make();
        m_vars[size_t(i)].value = std::move(built);
    }
    return &m_vars[size_t(i)].value;
}

const Value *Context::peek(QStringView name, bool *lazy) const
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return nullptr;
    *lazy = bool(m_vars[size_t(i)].make);
    return &m_vars[size_t(i)].value;
}

Value Context::value(const QString &name) const
{
    const Value *v = find(name);
    return v ? *v : Value();
}

bool Context::isBuilt(const QString &name) const
{
    const qsizetype i = indexOf(name);
    return i >= 0 && !m_vars[size_t(i)].make;
}

QString Template::render(const Context &context, VtlError *error, const RenderLimits &limits) const
{
    if (!m_data)
        return QString();
    Renderer renderer(*m_data, context, limits);
    QString out;
    if (!renderer.run(&out)) {
        qCDebug(lcVtl) << "render failed:" << renderer.error.message;
        if (error)
            *error = renderer.error;
        return QString();
    }
    if (error)
        *error = VtlError();
    return out;
}

} // namespace Gatehouse::Vtl
