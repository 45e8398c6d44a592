// Thread affinity: any thread. Private to the OpenAPI import and export.
#pragma once

#include <gateway/model.h>
#include <gateway/openapi.h>

#include <QJsonArray>
#include <QJsonObject>

namespace Gatehouse::Gateway::OpenApiDetail {

inline const QString kExt = QStringLiteral("x-amazon-apigateway-");
inline const QString kSchemaRefPrefix = QStringLiteral("#/components/schemas/");
inline const QString kDefinitionRefPrefix = QStringLiteral("#/definitions/");

// A JSON pointer of `parent` extended by one reference token (RFC 6901 escaping).
QString pointer(const QString &parent, const QString &token);

// A scalar as text: numbers without a fraction as integers, booleans as true/false.
QString text(const QJsonValue &value);
QMap<QString, QString> stringMap(const QJsonValue &value);
QStringList stringList(const QJsonValue &value);

// Rewrites every "$ref" string in `value` that starts with `from` to start with `to`.
QJsonValue rewriteRefs(const QJsonValue &value, const QString &from, const QString &to);

// The authorization a method's security requirements imply, given the API's schemes:
// CUSTOM / COGNITO_USER_POOLS for an authorizer, AWS_IAM for a sigv4 scheme, NONE otherwise.
struct DerivedAuth
{
    QString authorizationType = QStringLiteral("NONE");
    QString authorizerId;
    QStringList scopes;
    bool apiKeyRequired = false;
};
DerivedAuth deriveAuthorization(const QJsonValue &security,
                                const QMap<QString, Authorizer> &authorizers);

// Operation keys of a path item, in export order, and the method each names.
struct OperationKey
{
    const char *key;
    const char *method;
};
inline constexpr OperationKey kOperationKeys[] = {
    {"get", "GET"},         {"put", "PUT"},
    {"post", "POST"},       {"delete", "DELETE"},
    {"options", "OPTIONS"}, {"head", "HEAD"},
    {"patch", "PATCH"},     {"x-amazon-apigateway-any-method", "ANY"}};

} // namespace Gatehouse::Gateway::OpenApiDetail
