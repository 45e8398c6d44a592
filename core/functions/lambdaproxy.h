// Thread affinity: the thread that owns the QJSEngine passed in (QJSEngine is thread-affine).
#pragma once

#include <gateway/integration.h>

#include <QJSEngine>
#include <QJSValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace Gatehouse::Functions {

// Lambda proxy integration, payload format 1.0, as API Gateway REST APIs send and read it.

// What the event names that the request does not carry.
struct EventSettings
{
    QString accountId = QStringLiteral("123456789012");
};

// The event object, field for field as API Gateway sends it: null where it sends null (no query
// string, no path parameters, no stage variables, no body); headers and query parameters keep
// their last value, the multi-value forms every value in order; the body is base64 with
// isBase64Encoded true when its Content-Type is one of the API's binaryMediaTypes.
// The objects are made by a JavaScript function compiled once per engine from positional
// values: object literals with fixed names cost far less than naming each property from C++.
class ProxyEventBuilder
{
public:
    explicit ProxyEventBuilder(QJSEngine &engine);
    // REQUIRES: call.request, call.stage and call.method set.
    QJSValue build(const Gateway::IntegrationCall &call, const EventSettings &settings = {});

private:
    QJSEngine &m_engine;
    QJSValue m_make;
};

// ProxyEventBuilder(engine).build(call, settings), for one-off use.
QJSValue buildProxyEvent(QJSEngine &engine, const Gateway::IntegrationCall &call,
                         const EventSettings &settings = {});

// A media type against binaryMediaTypes ("image/png", "image/*", "*/*"); parameters ignored.
bool isBinaryMediaType(const QStringList &binaryMediaTypes, QByteArrayView contentType);

// How a function's result maps onto the method response.
struct ProxyResultMapping
{
    std::optional<Gateway::IntegrationResult> result; // empty: malformed
    QString problem; // why it is malformed, for the record
};

// statusCode (a number or a numeric string, 100-599), headers (string values; numbers and
// booleans as text), multiValueHeaders (arrays; merged with headers, its values winning for a
// name in both), body (a string or absent), isBase64Encoded (the body decoded when the client's
// Accept is one of `binaryMediaTypes`, else passed as the base64 text, as API Gateway does).
// Anything else (not an object, other members, wrong types) is a malformed Lambda proxy
// response. Content-Type defaults to application/json.
ProxyResultMapping mapProxyResult(const QJSValue &result, const QStringList &binaryMediaTypes,
                                  QByteArrayView accept);

} // namespace Gatehouse::Functions
