#include "requestvalidation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <map>

namespace Gatehouse::Gateway {

namespace {

// "https://apigateway.amazonaws.com/restapis/abc/models/Pet" -> "#/components/schemas/Pet":
// API Gateway's own model URLs point at sibling models, which each compiled document carries.
QJsonValue rewriteRefs(const QJsonValue &value)
{
    static const QRegularExpression modelUrl(QStringLiteral("^https?://[^#]*/models/([^/#]+)$"));
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(rewriteRefs(v));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject out;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("$ref") && it.value().isString()) {
            const QRegularExpressionMatch m = modelUrl.match(it.value().toString());
            out.insert(it.key(), m.hasMatch() ? u"#/components/schemas/" + m.captured(1)
                                              : it.value().toString());
            continue;
        }
        out.insert(it.key(), rewriteRefs(it.value()));
    }
    return out;
}

QByteArrayView mediaTypeOf(QByteArrayView value)
{
    const qsizetype semicolon = value.indexOf(';');
    if (semicolon >= 0)
        value = value.first(semicolon);
    return value.trimmed();
}

// valijson's context ["<root>", "[items]", "[0]"] -> "/items/0".
QString pointerOf(const std::vector<std::string> &context)
{
    QString out;
    for (const std::string &part : context) {
        QString p = QString::fromStdString(part);
        if (p == QLatin1String("<root>"))
            continue;
        if (p.startsWith(u'[') && p.endsWith(u']'))
            p = p.mid(1, p.size() - 2);
        out += u'/' + p;
    }
    return out.isEmpty() ? QStringLiteral("/") : out;
}

} // namespace

struct ModelSchemas::Private
{
    std::map<QString, std::unique_ptr<valijson::Schema>> schemas; // null: did not compile
};

ModelSchemas::ModelSchemas() : d(std::make_unique<Private>()) {}
ModelSchemas::~ModelSchemas() = default;

std::shared_ptr<const ModelSchemas> ModelSchemas::compile(const RestApi &api, QStringList *problems)
{
    std::shared_ptr<ModelSchemas> compiled(new ModelSchemas);
    if (api.models.isEmpty())
        return compiled;
    // Every model document carries all models under both spellings of a local reference, so
    // "#/components/schemas/X" and "#/definitions/X" resolve inside it.
    QJsonObject all;
    for (auto it = api.models.cbegin(); it != api.models.cend(); ++it)
        all.insert(it.key(), rewriteRefs(it->schema));
    for (auto it = api.models.cbegin(); it != api.models.cend(); ++it) {
        QJsonObject root = rewriteRefs(it->schema).toObject();
        QJsonObject definitions = all;
        const QJsonObject own = root.value(QLatin1String("definitions")).toObject();
        for (auto d = own.begin(); d != own.end(); ++d)
            definitions.insert(d.key(), d.value());
        root.insert(QStringLiteral("definitions"), definitions);
        QJsonObject components = root.value(QLatin1String("components")).toObject();
        components.insert(QStringLiteral("schemas"), all);
        root.insert(QStringLiteral("components"), components);

        auto schema = std::make_unique<valijson::Schema>();
        try {
            valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
            const QJsonValue rootValue(root);
            valijson::adapters::QtJsonAdapter adapter(rootValue);
            parser.populateSchema(adapter, *schema);
        } catch (const std::exception &e) {
            if (problems) {
                *problems << QStringLiteral("model %1: the schema cannot be compiled: %2")
                                 .arg(it.key(), QString::fromUtf8(e.what()));
            }
            schema.reset();
        }
        compiled->d->schemas.emplace(it.key(), std::move(schema));
    }
    return compiled;
}

bool ModelSchemas::contains(const QString &model) const
{
    return d->schemas.count(model) != 0;
}

std::optional<QStringList> ModelSchemas::validate(const QString &model, const QByteArray &body) const
{
    const auto it = d->schemas.find(model);
    if (it == d->schemas.end() || !it->second)
        return std::nullopt;
    QJsonValue instance = QJsonObject();
    if (!body.trimmed().isEmpty()) {
        // Wrapped in an array so that a scalar body parses too.
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson('[' + body + ']', &error);
        if (error.error != QJsonParseError::NoError || doc.array().size() != 1) {
            return QStringList{QStringLiteral("Invalid JSON in request body: %1")
                                   .arg(error.error != QJsonParseError::NoError
                                            ? error.errorString()
                                            : QStringLiteral("not a single JSON value"))};
        }
        instance = doc.array().at(0);
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    const valijson::adapters::QtJsonAdapter target(instance);
    QStringList errors;
    try {
        if (validator.validate(*it->second, target, &results))
            return errors;
    } catch (const std::exception &e) {
        return QStringList{QString::fromUtf8(e.what())};
    }
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        errors << QStringLiteral("%1: %2").arg(pointerOf(error.context),
                                               QString::fromStdString(error.description));
    }
    if (errors.isEmpty())
        errors << QStringLiteral("/: does not match the schema");
    return errors;
}

QString requestModelFor(const Method &method, QByteArrayView contentType)
{
    if (method.requestModels.isEmpty())
        return QString();
    QByteArrayView type = mediaTypeOf(contentType);
    if (type.isEmpty())
        type = "application/json";
    for (auto it = method.requestModels.cbegin(); it != method.requestModels.cend(); ++it) {
        if (type.compare(it.key().toLatin1(), Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return method.requestModels.value(QStringLiteral("$default"));
}

QString bodyValidationError(const QString &contentType, const QStringList &errors)
{
    return QStringLiteral("Request body does not match model schema for content type %1: [%2]")
        .arg(contentType, errors.join(QLatin1String(", ")));
}

} // namespace Gatehouse::Gateway
