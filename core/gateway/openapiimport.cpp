#include <gateway/gatewaylogging.h>
#include <gateway/openapiimporter.h>
#include <gateway/orderedjson.h>

namespace Gatehouse::Gateway {

namespace OpenApiDetail {

QString pointer(const QString &parent, const QString &token)
{
    QString escaped = token;
    escaped.replace(u'~', QLatin1String("~0")).replace(u'/', QLatin1String("~1"));
    return parent + u'/' + escaped;
}

QString text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

QMap<QString, QString> stringMap(const QJsonValue &value)
{
    QMap<QString, QString> out;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(it.key(), text(it.value()));
    return out;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(text(item));
    return out;
}

QJsonValue rewriteRefs(const QJsonValue &value, const QString &from, const QString &to)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : value.toArray())
            out.append(rewriteRefs(item, from, to));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject out = value.toObject();
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (it.key() == QLatin1String("$ref") && it.value().isString() &&
            it.value().toString().startsWith(from))
            it.value() = QString(to + it.value().toString().mid(from.size()));
        else
            it.value() = rewriteRefs(it.value(), from, to);
    }
    return out;
}

DerivedAuth deriveAuthorization(const QJsonValue &security,
                                const QMap<QString, Authorizer> &authorizers)
{
    DerivedAuth auth;
    for (const QJsonValue &requirement : security.toArray()) {
        const QJsonObject req = requirement.toObject();
        for (auto it = req.begin(); it != req.end(); ++it) {
            const QJsonObject scheme = authorizers.value(it.key()).scheme;
            const QJsonObject authorizer = scheme.value(kExt + u"authorizer").toObject();
            if (!authorizer.isEmpty()) {
                const QString type = text(authorizer.value(QLatin1String("type"))).toUpper();
                auth.authorizationType =
                    type == QLatin1String("COGNITO_USER_POOLS") ? type : QStringLiteral("CUSTOM");
                auth.authorizerId = it.key();
                auth.scopes = stringList(it.value());
            } else if (text(scheme.value(kExt + u"authtype"))
                           .compare(QLatin1String("awsSigv4"), Qt::CaseInsensitive) == 0) {
                auth.authorizationType = QStringLiteral("AWS_IAM");
            } else if (text(scheme.value(QLatin1String("type"))) == QLatin1String("apiKey")) {
                auth.apiKeyRequired = true;
            }
        }
    }
    return auth;
}

Importer::Importer(const QJsonObject &root, const ImportOptions &options)
    : m_root(root), m_options(options)
{}

void Importer::warn(const QString &feature, const QString &location, const QString &message)
{
    m_warnings.append({feature, location, message});
}

Status Importer::fail(const QString &location, const QString &message) const
{
    return Status::error(GatewayError::InvalidDocument,
                         location.isEmpty() ? message : location + u": " + message);
}

Result<ImportResult> Importer::run()
{
    if (Status s = readVersion(); !s)
        return s;
    m_api.id = m_options.newId();
    readInfo();
    readServers();
    readModels();
    readSecuritySchemes();
    if (Status s = readDocumentExtensions(); !s)
        return s;
    if (Status s = readPaths(); !s)
        return s;
    m_api.ensureRoot(m_options.newId);
    return ImportResult{m_api, m_warnings};
}

Status Importer::readVersion()
{
    const QJsonValue openapi = m_root.value(QLatin1String("openapi"));
    const QJsonValue swagger = m_root.value(QLatin1String("swagger"));
    if (!openapi.isUndefined()) {
        const QString version = text(openapi);
        if (version.startsWith(QLatin1String("3.0")))
            return Status::ok();
        if (version.startsWith(QLatin1String("3."))) {
            warn(QStringLiteral("openapi"), QStringLiteral("/openapi"),
                 QStringLiteral("OpenAPI %1 is read as OpenAPI 3.0, as API Gateway reads it")
                     .arg(version));
            return Status::ok();
        }
        return fail({}, QStringLiteral("OpenAPI %1 is not supported: expected OpenAPI 3.0 or "
                                       "Swagger 2.0")
                            .arg(version));
    }
    if (!swagger.isUndefined()) {
        const QString version = text(swagger);
        if (version == QLatin1String("2.0")) {
            m_swagger = true;
            return Status::ok();
        }
        return fail({}, QStringLiteral("Swagger %1 is not supported: expected OpenAPI 3.0 or "
                                       "Swagger 2.0")
                            .arg(version));
    }
    return fail({}, QStringLiteral("not an OpenAPI document: neither \"openapi\" nor \"swagger\" "
                                   "is present"));
}

void Importer::readInfo()
{
    const QJsonObject info = m_root.value(QLatin1String("info")).toObject();
    m_api.name = text(info.value(QLatin1String("title")));
    m_api.description = text(info.value(QLatin1String("description")));
    m_api.version = text(info.value(QLatin1String("version")));
}

void Importer::readServers()
{
    if (!m_swagger) {
        m_api.servers = m_root.value(QLatin1String("servers"));
        return;
    }
    // Swagger's host and basePath, as AWS writes them, become the servers entry AWS writes
    // in OpenAPI 3, so one model exports to both.
    const QString host = text(m_root.value(QLatin1String("host")));
    if (host.isEmpty())
        return;
    const QStringList schemes = stringList(m_root.value(QLatin1String("schemes")));
    const QString scheme = schemes.isEmpty() ? QStringLiteral("https") : schemes.first();
    QString basePath = text(m_root.value(QLatin1String("basePath")));
    QJsonObject server;
    if (basePath.isEmpty() || basePath == QLatin1String("/")) {
        server.insert(QLatin1String("url"), QString(scheme + u"://" + host));
    } else {
        if (basePath.startsWith(u'/'))
            basePath.remove(0, 1);
        server.insert(QLatin1String("url"), QString(scheme + u"://" + host + u"/{basePath}"));
        server.insert(QLatin1String("variables"),
                      QJsonObject{{QLatin1String("basePath"),
                                   QJsonObject{{QLatin1String("default"), basePath}}}});
    }
    m_api.servers = QJsonArray{server};
}

QJsonObject Importer::normalizeSchema(const QJsonValue &schema) const
{
    if (!m_swagger)
        return schema.toObject();
    return rewriteRefs(schema, kDefinitionRefPrefix, kSchemaRefPrefix).toObject();
}

void Importer::readModels()
{
    const QJsonObject schemas = m_swagger ? m_root.value(QLatin1String("definitions")).toObject()
                                          : m_root.value(QLatin1String("components"))
                                                .toObject()
                                                .value(QLatin1String("schemas"))
                                                .toObject();
    for (auto it = schemas.begin(); it != schemas.end(); ++it) {
        Model model;
        model.name = it.key();
        model.schema = normalizeSchema(it.value());
        m_api.models.insert(model.name, model);
    }
}

void Importer::readSecuritySchemes()
{
    const QString base = m_swagger ? QStringLiteral("/securityDefinitions")
                                   : QStringLiteral("/components/securitySchemes");
    const QJsonObject schemes = m_swagger
                                    ? m_root.value(QLatin1String("securityDefinitions")).toObject()
                                    : m_root.value(QLatin1String("components"))
                                          .toObject()
                                          .value(QLatin1String("securitySchemes"))
                                          .toObject();
    for (auto it = schemes.begin(); it != schemes.end(); ++it) {
        Authorizer a;
        a.name = it.key();
        a.scheme = it.value().toObject();
        const QJsonObject authorizer = a.scheme.value(kExt + u"authorizer").toObject();
        if (!authorizer.isEmpty()) {
            a.type = text(authorizer.value(QLatin1String("type"))).toUpper();
            warn(kExt + u"authorizer", pointer(pointer(base, it.key()), kExt + u"authorizer"),
                 QStringLiteral("authorizer '%1' is carried, not enforced yet").arg(a.name));
        }
        m_api.authorizers.insert(a.name, a);
    }
}

Status Importer::readDocumentExtensions()
{
    for (auto it = m_root.begin(); it != m_root.end(); ++it) {
        const QString key = it.key();
        if (!key.startsWith(kExt))
            continue;
        const QString name = key.mid(kExt.size());
        const QString at = pointer(QString(), key);
        const QJsonValue v = it.value();
        if (name == QLatin1String("binary-media-types")) {
            m_api.binaryMediaTypes = stringList(v);
        } else if (name == QLatin1String("api-key-source")) {
            m_api.apiKeySource = text(v).toUpper();
        } else if (name == QLatin1String("minimum-compression-size")) {
            m_api.minimumCompressionSize = v.toInt();
            warn(key, at, QStringLiteral("carried, responses are not compressed yet"));
        } else if (name == QLatin1String("endpoint-configuration")) {
            m_api.endpointConfiguration = v;
        } else if (name == QLatin1String("policy")) {
            m_api.policy = v;
            warn(key, at, QStringLiteral("resource policy is carried, not enforced yet"));
        } else if (name == QLatin1String("request-validators")) {
            const QJsonObject validators = v.toObject();
            for (auto vit = validators.begin(); vit != validators.end(); ++vit) {
                const QJsonObject o = vit.value().toObject();
                RequestValidator rv;
                rv.validateRequestBody = o.value(QLatin1String("validateRequestBody")).toBool();
                rv.validateRequestParameters =
                    o.value(QLatin1String("validateRequestParameters")).toBool();
                m_api.requestValidators.insert(vit.key(), rv);
            }
        } else if (name == QLatin1String("request-validator")) {
            m_api.requestValidator = text(v);
        } else if (name == QLatin1String("gateway-responses")) {
            const QJsonObject responses = v.toObject();
            for (auto rit = responses.begin(); rit != responses.end(); ++rit) {
                const QJsonObject o = rit.value().toObject();
                GatewayResponse gr;
                gr.statusCode = text(o.value(QLatin1String("statusCode")));
                gr.responseParameters = stringMap(o.value(QLatin1String("responseParameters")));
                gr.responseTemplates = stringMap(o.value(QLatin1String("responseTemplates")));
                m_api.gatewayResponses.insert(rit.key(), gr);
            }
        } else if (name == QLatin1String("importexport-version")) {
            m_api.extensions.insert(key, v); // AWS's marker of its export format: nothing to do
        } else if (name == QLatin1String("documentation")) {
            m_api.extensions.insert(key, v);
            warn(key, at, QStringLiteral("documentation parts are carried, not interpreted"));
        } else {
            m_api.extensions.insert(key, v);
            warn(key, at, QStringLiteral("unknown extension, carried unchanged"));
        }
    }
    if (!m_api.requestValidator.isEmpty() &&
        !m_api.requestValidators.contains(m_api.requestValidator))
        return fail(
            pointer(QString(), kExt + u"request-validator"),
            QStringLiteral("Invalid request validator name '%1'").arg(m_api.requestValidator));
    if (m_root.contains(QLatin1String("security")))
        warn(QStringLiteral("security"), QStringLiteral("/security"),
             QStringLiteral("document-level security requirements are ignored, as API Gateway "
                            "ignores them: set them on each operation"));
    return Status::ok();
}

Status Importer::readPaths()
{
    const QJsonValue pathsValue = m_root.value(QLatin1String("paths"));
    if (!pathsValue.isObject())
        return fail({}, pathsValue.isUndefined() ? QStringLiteral("the document has no \"paths\"")
                                                 : QStringLiteral("\"paths\" must be a map"));
    const QJsonObject paths = pathsValue.toObject();
    m_api.ensureRoot(m_options.newId);
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QString path = it.key();
        const QString at = pointer(QStringLiteral("/paths"), path);
        if (path.startsWith(QLatin1String("x-")))
            continue;
        if (!path.startsWith(u'/'))
            return fail(at, QStringLiteral("a path must begin with '/'"));
        Result<Resource *> resource = m_api.ensurePath(path, m_options.newId);
        if (!resource)
            return fail(at, resource.status().message());
        const QJsonObject item = it.value().toObject();
        if (item.contains(QLatin1String("$ref")))
            warn(QStringLiteral("$ref"), pointer(at, QStringLiteral("$ref")),
                 QStringLiteral("path item references are not followed"));
        const QJsonArray pathParameters = item.value(QLatin1String("parameters")).toArray();
        for (const OperationKey &key : kOperationKeys) {
            const QString opKey = QLatin1String(key.key);
            if (!item.contains(opKey))
                continue;
            const QString method = QLatin1String(key.method);
            // ensurePath may have grown the list: look the resource up again.
            Resource *target = m_api.resourceByPath((*resource)->path);
            if (Status s = readOperation(*target, method, item.value(opKey).toObject(),
                                         pathParameters, pointer(at, opKey));
                !s)
                return s;
        }
        for (auto e = item.begin(); e != item.end(); ++e) {
            if (!e.key().startsWith(kExt) || e.key() == kExt + u"any-method")
                continue;
            m_api.resourceByPath((*resource)->path)->extensions.insert(e.key(), e.value());
            warn(e.key(), pointer(at, e.key()),
                 QStringLiteral("unknown extension, carried unchanged"));
        }
        if (item.contains(QLatin1String("trace")))
            warn(QStringLiteral("trace"), pointer(at, QStringLiteral("trace")),
                 QStringLiteral("API Gateway has no TRACE method: the operation is ignored"));
    }
    return Status::ok();
}

QJsonValue Importer::resolve(const QJsonValue &value) const
{
    const QString ref = value.toObject().value(QLatin1String("$ref")).toString();
    if (!ref.startsWith(QLatin1String("#/")))
        return value;
    QJsonValue current = m_root;
    const QStringList tokens = ref.mid(2).split(u'/');
    for (QString token : tokens) {
        token.replace(QLatin1String("~1"), QLatin1String("/"))
            .replace(QLatin1String("~0"), QLatin1String("~"));
        current = current.toObject().value(token);
    }
    return current.isUndefined() ? value : current;
}

QString Importer::modelFor(const QJsonValue &schema, const QString &suggestedName,
                           const QString &at)
{
    const QString ref = schema.toObject().value(QLatin1String("$ref")).toString();
    const QString prefix = m_swagger ? kDefinitionRefPrefix : kSchemaRefPrefix;
    if (!ref.isEmpty()) {
        if (ref.startsWith(prefix) && m_api.models.contains(ref.mid(prefix.size())))
            return ref.mid(prefix.size());
        warn(
            QStringLiteral("$ref"), pointer(at, QStringLiteral("$ref")),
            QStringLiteral("reference '%1' does not name a model: the schema is ignored").arg(ref));
        return {};
    }
    // API Gateway keeps inline schemas as models of their own.
    QString base;
    for (QChar c : suggestedName) {
        if (c.isLetterOrNumber())
            base += c;
    }
    QString name = base;
    for (int n = 2; m_api.models.contains(name); ++n)
        name = base + QString::number(n);
    Model model;
    model.name = name;
    model.schema = normalizeSchema(schema);
    m_api.models.insert(name, model);
    return name;
}

} // namespace OpenApiDetail

Result<ImportResult> importOpenApi(const QJsonValue &document, const ImportOptions &options)
{
    if (!document.isObject())
        return Status::error(GatewayError::InvalidDocument,
                             QStringLiteral("not an OpenAPI document: the top level is not a map"));
    OpenApiDetail::Importer importer(document.toObject(), options);
    return importer.run();
}

Result<ImportResult> importOpenApi(const QByteArray &document, const ImportOptions &options)
{
    Result<QJsonValue> parsed = parseYamlOrJson(document);
    if (!parsed)
        return parsed.status();
    return importOpenApi(*parsed, options);
}

} // namespace Gatehouse::Gateway
