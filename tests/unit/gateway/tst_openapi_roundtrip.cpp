#include "openapitestutil.h"

#include <gateway/openapi.h>

#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;
using namespace GatewayTest;

Q_DECLARE_METATYPE(Gatehouse::Gateway::ExportFormat)

class TestOpenApiRoundTrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
};

void TestOpenApiRoundTrip::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("lossless"); // import -> export -> import gives the same model

    const struct
    {
        const char *file;
        bool swaggerLossless;
    } documents[] = {
        {"petstore.openapi3.yaml", true},
        {"petstore.swagger2.json", true},
        {"resources/demo/apis/bookstore.yaml", true},
        {"commerce.openapi3.yaml", false},
        {"platform.openapi3.json", false},
    };
    const struct
    {
        const char *name;
        ExportFormat format;
    } formats[] = {{"openapi3-json", ExportFormat::OpenApi3Json},
                   {"openapi3-yaml", ExportFormat::OpenApi3Yaml},
                   {"swagger2-json", ExportFormat::Swagger2Json},
                   {"swagger2-yaml", ExportFormat::Swagger2Yaml}};
    for (const auto &doc : documents) {
        for (const auto &f : formats) {
            const bool swagger =
                f.format == ExportFormat::Swagger2Json || f.format == ExportFormat::Swagger2Yaml;
            QTest::addRow("%s %s", doc.file, f.name)
                << QString::fromLatin1(doc.file) << f.format << (!swagger || doc.swaggerLossless);
        }
    }
}

void TestOpenApiRoundTrip::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(ExportFormat, format);
    QFETCH(bool, lossless);

    const QByteArray source = readGolden(file);
    QVERIFY2(!source.isEmpty(), qPrintable(file));
    const Result<ImportResult> first = importOpenApi(source, seededOptions(1));
    QVERIFY2(first.isOk(), qPrintable(first.status().toString()));
    QVERIFY(first->api.resources.size() > 1);

    const QByteArray exported = exportOpenApi(first->api, format);
    const Result<ImportResult> second = importOpenApi(exported, seededOptions(2));
    QVERIFY2(second.isOk(), qPrintable(second.status().toString() + u'\n' +
                                       QString::fromUtf8(exported.left(2000))));
    QString difference;
    if (lossless)
        QVERIFY2(equivalent(first->api, second->api, &difference), qPrintable(difference));
    // Exported in its own format, a document warns about the same things at the same places.
    const bool sourceIsSwagger = source.contains("\"swagger\"") || source.startsWith("swagger:");
    const bool exportIsSwagger =
        format == ExportFormat::Swagger2Json || format == ExportFormat::Swagger2Yaml;
    if (lossless && sourceIsSwagger == exportIsSwagger) {
        QStringList a, b;
        for (const ImportWarning &w : first->warnings)
            a.append(w.toString());
        for (const ImportWarning &w : second->warnings)
            b.append(w.toString());
        QCOMPARE(b.join(u'\n'), a.join(u'\n'));
    }
    const QByteArray again = exportOpenApi(second->api, format);
    QCOMPARE(again, exported);
    const Result<ImportResult> third = importOpenApi(again, seededOptions(3));
    QVERIFY(third.isOk());
    QVERIFY2(equivalent(second->api, third->api, &difference), qPrintable(difference));
}

QTEST_GUILESS_MAIN(TestOpenApiRoundTrip)
#include "tst_openapi_roundtrip.moc"
