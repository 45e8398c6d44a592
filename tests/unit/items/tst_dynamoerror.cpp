#include <items/dynamoerror.h>

#include <QTest>

using namespace Gatehouse::Items;

class TestDynamoError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void info_data();
    void info();
    void unknownCodeIsInternal();
    void body_data();
    void body();
};

void TestDynamoError::info_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<int>("status");

    const QByteArray coral = "com.amazon.coral.service#";
    const QByteArray ddb = "com.amazonaws.dynamodb.v20120810#";
    auto row = [](const QString &code, const QByteArray &type, int status) {
        QTest::newRow(qPrintable(code)) << code << type << status;
    };
    row(ErrorCode::Validation, "com.amazon.coral.validate#ValidationException", 400);
    row(ErrorCode::Serialization, coral + "SerializationException", 400);
    row(ErrorCode::UnknownOperation, coral + "UnknownOperationException", 400);
    row(ErrorCode::MissingAuthenticationToken, coral + "MissingAuthenticationTokenException", 400);
    row(ErrorCode::IncompleteSignature, coral + "IncompleteSignatureException", 400);
    row(ErrorCode::InvalidSignature, coral + "InvalidSignatureException", 400);
    row(ErrorCode::UnrecognizedClient, coral + "UnrecognizedClientException", 400);
    row(ErrorCode::AccessDenied, coral + "AccessDeniedException", 400);
    row(ErrorCode::Throttling, "com.amazon.coral.availability#ThrottlingException", 400);
    row(ErrorCode::ResourceNotFound, ddb + "ResourceNotFoundException", 400);
    row(ErrorCode::ResourceInUse, ddb + "ResourceInUseException", 400);
    row(ErrorCode::ConditionalCheckFailed, ddb + "ConditionalCheckFailedException", 400);
    row(ErrorCode::TransactionCanceled, ddb + "TransactionCanceledException", 400);
    row(ErrorCode::TransactionConflict, ddb + "TransactionConflictException", 400);
    row(ErrorCode::TransactionInProgress, ddb + "TransactionInProgressException", 400);
    row(ErrorCode::IdempotentParameterMismatch, ddb + "IdempotentParameterMismatchException", 400);
    row(ErrorCode::ItemCollectionSizeLimitExceeded,
        ddb + "ItemCollectionSizeLimitExceededException", 400);
    row(ErrorCode::LimitExceeded, ddb + "LimitExceededException", 400);
    row(ErrorCode::ProvisionedThroughputExceeded, ddb + "ProvisionedThroughputExceededException",
        400);
    row(ErrorCode::RequestLimitExceeded, ddb + "RequestLimitExceeded", 400);
    row(ErrorCode::RequestEntityTooLarge, coral + "RequestEntityTooLargeException", 413);
    row(ErrorCode::InternalServerError, ddb + "InternalServerError", 500);
}

void TestDynamoError::info()
{
    QFETCH(QString, code);
    QFETCH(QByteArray, type);
    QFETCH(int, status);
    const ErrorInfo info = errorInfo(code);
    QCOMPARE(info.type, type);
    QCOMPARE(info.httpStatus, status);
    // The part after '#' is what SDKs match on: it is the code itself, except for the one
    // error named after the AWS-wide RequestEntityTooLargeException.
    const QString shown = QString::fromLatin1(info.type.mid(info.type.indexOf('#') + 1));
    if (code == ErrorCode::RequestEntityTooLarge)
        QCOMPARE(shown, code + QStringLiteral("Exception"));
    else
        QCOMPARE(shown, code);
}

void TestDynamoError::unknownCodeIsInternal()
{
    const ErrorInfo info = errorInfo(QStringLiteral("NoSuchThing"));
    QCOMPARE(info.type, QByteArray("com.amazonaws.dynamodb.v20120810#InternalServerError"));
    QCOMPARE(info.httpStatus, 500);
}

void TestDynamoError::body_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("validation")
        << ErrorCode::Validation << QStringLiteral("1 validation error detected")
        << QByteArray(R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                      R"("message":"1 validation error detected"})");
    QTest::newRow("not found")
        << ErrorCode::ResourceNotFound
        << QStringLiteral("Requested resource not found: Table: t not found")
        << QByteArray(R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
                      R"("message":"Requested resource not found: Table: t not found"})");
    QTest::newRow("serialization writes Message")
        << ErrorCode::Serialization << QStringLiteral("Unexpected field type")
        << QByteArray(R"({"Message":"Unexpected field type",)"
                      R"("__type":"com.amazon.coral.service#SerializationException"})");
    QTest::newRow("no message") << ErrorCode::UnknownOperation << QString()
                                << QByteArray(R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
    QTest::newRow("escaping")
        << ErrorCode::Validation << QStringLiteral("quote \" backslash \\ newline \n é")
        << QByteArray(R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                      R"("message":"quote \" backslash \\ newline \n é"})");
}

void TestDynamoError::body()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QByteArray, body);
    QCOMPARE(errorBody(code, message), body);
}

QTEST_GUILESS_MAIN(TestDynamoError)
#include "tst_dynamoerror.moc"
