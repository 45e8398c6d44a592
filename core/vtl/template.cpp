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
