#include <items/dynamoerror.h>

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace Gatehouse::Items {

namespace {

struct Entry
{
    const char *type;
    int httpStatus;
};

// The service reports errors from three layers, each with its own __type namespace:
//   com.amazon.coral.validate#  - request validation (ValidationException);
//   com.amazon.coral.service#   - the protocol layer: JSON, operation name, authentication;
//   com.amazonaws.dynamodb.v20120810# - DynamoDB's own modelled errors.
// Sources: dynalite (index.js, db/index.js, actions/*.js, recorded against the live service) and
// the DynamoDB Developer Guide, "Error handling with DynamoDB", which lists every 4xx error of
// the service, authentication ones included, with HTTP 400 (the generic AWS "Common Errors"
// page says 403 for some of them, but DynamoDB answers 400).
const QHash<QString, Entry> &table()
{
    static const QHash<QString, Entry> t = {
        {ErrorCode::Validation, {"com.amazon.coral.validate#ValidationException", 400}},
        {ErrorCode::Serialization, {"com.amazon.coral.service#SerializationException", 400}},
        {ErrorCode::UnknownOperation, {"com.amazon.coral.service#UnknownOperationException", 400}},
        {ErrorCode::MissingAuthenticationToken,
         {"com.amazon.coral.service#MissingAuthenticationTokenException", 400}},
        {ErrorCode::IncompleteSignature,
         {"com.amazon.coral.service#IncompleteSignatureException", 400}},
        {ErrorCode::InvalidSignature, {"com.amazon.coral.service#InvalidSignatureException", 400}},
        {ErrorCode::UnrecognizedClient,
         {"com.amazon.coral.service#UnrecognizedClientException", 400}},
        {ErrorCode::AccessDenied, {"com.amazon.coral.service#AccessDeniedException", 400}},
        {ErrorCode::Throttling, {"com.amazon.coral.availability#ThrottlingException", 400}},
        {ErrorCode::ResourceNotFound,
         {"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", 400}},
        {ErrorCode::ResourceInUse, {"com.amazonaws.dynamodb.v20120810#ResourceInUseException", 400}},
        {ErrorCode::ConditionalCheckFailed,
         {"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", 400}},
        {ErrorCode::TransactionCanceled,
         {"com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400}},
        {ErrorCode::TransactionConflict,
         {"com.amazonaws.dynamodb.v20120810#TransactionConflictException", 400}},
        {ErrorCode::TransactionInProgress,
         {"com.amazonaws.dynamodb.v20120810#TransactionInProgressException", 400}},
        {ErrorCode::IdempotentParameterMismatch,
         {"com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException", 400}},
        {ErrorCode::ItemCollectionSizeLimitExceeded,
         {"com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException", 400}},
        {ErrorCode::LimitExceeded, {"com.amazonaws.dynamodb.v20120810#LimitExceededException", 400}},
        {ErrorCode::ProvisionedThroughputExceeded,
         {"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", 400}},
        {ErrorCode::RequestLimitExceeded,
         {"com.amazonaws.dynamodb.v20120810#RequestLimitExceeded", 400}},
        // Not verified against the service (dynalite answers an oversized body with a bare
        // 413 and no body); this is the AWS-wide protocol-layer name for it.
        {ErrorCode::RequestEntityTooLarge,
         {"com.amazon.coral.service#RequestEntityTooLargeException", 413}},
        {ErrorCode::InternalServerError, {"com.amazonaws.dynamodb.v20120810#InternalServerError", 500}},
    };
    return t;
}

} // namespace

ErrorInfo errorInfo(const QString &code)
{
    const auto &t = table();
    auto it = t.constFind(code);
    if (it == t.constEnd())
        it = t.constFind(ErrorCode::InternalServerError);
    return ErrorInfo{QByteArray(it->type), it->httpStatus};
}

QByteArray errorBody(const QString &code, const QString &message)
{
    QJsonObject o;
    o.insert(QLatin1String("__type"), QString::fromLatin1(errorInfo(code).type));
    // The protocol layer's deserializer writes "Message"; everything else writes "message"
    // (dynalite records both from the service; botocore reads either). Errors the service
    // sends without text (an unknown operation, a body that is not JSON) have no message.
    if (!message.isEmpty()) {
        const bool capital = code == ErrorCode::Serialization;
        o.insert(capital ? QLatin1String("Message") : QLatin1String("message"), message);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace Gatehouse::Items
