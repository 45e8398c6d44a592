// Thread affinity: any thread.
#pragma once

#include <QByteArray>
#include <QString>

namespace Gatehouse::Items {

// The single table of DynamoDB error codes: the __type each is reported with and its HTTP
// status. Every error the table endpoint returns goes through here, so exactness is reviewed
// in one file. Status codes: a Status whose code() is one of these names.
namespace ErrorCode {
inline const QString Validation = QStringLiteral("ValidationException");
inline const QString Serialization = QStringLiteral("SerializationException");
inline const QString UnknownOperation = QStringLiteral("UnknownOperationException");
inline const QString MissingAuthenticationToken = QStringLiteral("MissingAuthenticationTokenException");
inline const QString IncompleteSignature = QStringLiteral("IncompleteSignatureException");
inline const QString ResourceNotFound = QStringLiteral("ResourceNotFoundException");
inline const QString ResourceInUse = QStringLiteral("ResourceInUseException");
inline const QString ConditionalCheckFailed = QStringLiteral("ConditionalCheckFailedException");
inline const QString TransactionCanceled = QStringLiteral("TransactionCanceledException");
inline const QString TransactionConflict = QStringLiteral("TransactionConflictException");
inline const QString IdempotentParameterMismatch = QStringLiteral("IdempotentParameterMismatchException");
inline const QString ItemCollectionSizeLimitExceeded = QStringLiteral("ItemCollectionSizeLimitExceededException");
inline const QString LimitExceeded = QStringLiteral("LimitExceededException");
inline const QString ProvisionedThroughputExceeded = QStringLiteral("ProvisionedThroughputExceededException");
inline const QString RequestEntityTooLarge = QStringLiteral("RequestEntityTooLarge");
inline const QString InternalServerError = QStringLiteral("InternalServerError");
inline const QString InvalidSignature = QStringLiteral("InvalidSignatureException");
inline const QString UnrecognizedClient = QStringLiteral("UnrecognizedClientException");
inline const QString AccessDenied = QStringLiteral("AccessDeniedException");
inline const QString Throttling = QStringLiteral("ThrottlingException");
inline const QString RequestLimitExceeded = QStringLiteral("RequestLimitExceeded");
inline const QString TransactionInProgress = QStringLiteral("TransactionInProgressException");
} // namespace ErrorCode

struct ErrorInfo
{
    QByteArray type;  // full __type, e.g. "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    int httpStatus = 400;
};

// REQUIRES: code is one of ErrorCode; an unknown code maps to InternalServerError (500).
ErrorInfo errorInfo(const QString &code);

// The JSON body {"__type": ..., "message": ...} for an error.
QByteArray errorBody(const QString &code, const QString &message);

} // namespace Gatehouse::Items
