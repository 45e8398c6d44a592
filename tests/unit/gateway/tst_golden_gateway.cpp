// Golden files tests/golden/gateway/*.test: an API document, then requests each followed by the
// exact response (status, the headers listed, the body), run through Pipeline::invoke.
//
//   === api
//   <OpenAPI document, YAML or JSON>
//   === request
//   GET /pets/1?q=x
//   Accept: application/xml
//   <blank line, then the body, if any>
//   === response
//   200
//   Content-Type: application/xml
//   <blank line, then the exact body>
//
// Lines starting with '#' before a section are comments. A document applies to the requests
// after it; the stage is "test" with the variable color=blue.
#include <gateway/compiledapi.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

class NullTrace final : public PipelineTrace
{
public:
    qint64 nowUs() const override { return 1; }
    void addStage(const QString &, qint64, qint64) override {}
    void setNote(const QString &key, const QVariant &value) override { notes.insert(key, value); }
    QVariantMap notes;
};

struct Section
{
    QString kind;
    QByteArray text;
    int line = 0;
};

QList<Section> sections(const QByteArray &content)
{
    QList<Section> out;
    const QList<QByteArray> lines = content.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.startsWith("=== ")) {
            out.append({QString::fromLatin1(line.mid(4).trimmed()), QByteArray(), i + 1});
            continue;
        }
        if (out.isEmpty() || (line.startsWith('#') && out.last().kind != QLatin1String("api")))
            continue;
        out.last().text += line + '\n';
    }
    for (Section &s : out) {
        // The last newline belongs to the file layout, not to a body.
        while (s.text.endsWith("\n\n"))
            s.text.chop(1);
        if (s.text.endsWith('\n'))
            s.text.chop(1);
    }
    return out;
}

// "head\r\nlines\n\nbody" -> first line, headers, body.
void splitMessage(const QByteArray &text, QByteArray *first, Http::HeaderList *headers, QByteArray *body)
{
    const qsizetype blank = text.indexOf("\n\n");
    const QByteArray head = blank < 0 ? text : text.left(blank);
    *body = blank < 0 ? QByteArray() : text.mid(blank + 2);
    const QList<QByteArray> lines = head.split('\n');
    *first = lines.value(0).trimmed();
    for (int i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            headers->append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
    }
}

} // namespace

class TestGoldenGateway : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
};

void TestGoldenGateway::golden_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/golden/gateway"));
    const QStringList files = dir.entryList({QStringLiteral("*.test")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestGoldenGateway::golden()
{
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<Section> parts = sections(f.readAll());
    CompiledStage stage;
    stage.name = QStringLiteral("test");
    stage.variables = {{QStringLiteral("color"), QStringLiteral("blue")}};
    int checked = 0;
    for (int i = 0; i < parts.size(); ++i) {
        const Section &s = parts[i];
        if (s.kind == QLatin1String("api")) {
            auto imported = importOpenApi(s.text, {IdGenerator::seeded(5)});
            QVERIFY2(imported, qPrintable(QStringLiteral("line %1: %2").arg(s.line).arg(imported.status().message())));
            stage.api = CompiledApi::compile(std::make_shared<const RestApi>(imported->api));
            continue;
        }
        QCOMPARE(s.kind, QStringLiteral("request"));
        QVERIFY2(i + 1 < parts.size() && parts[i + 1].kind == QLatin1String("response"),
                 qPrintable(QStringLiteral("line %1: a request needs a response after it").arg(s.line)));
        QVERIFY(stage.api);
        const Section &expected = parts[++i];

        QByteArray requestLine;
        InvocationRequest request;
        splitMessage(s.text, &requestLine, &request.headers, &request.body);
        const QList<QByteArray> words = requestLine.split(' ');
        request.method = words.value(0);
        const QByteArray target = words.value(1);
        const qsizetype q = target.indexOf('?');
        request.resourcePath = q < 0 ? target : target.left(q);
        request.query = q < 0 ? QByteArray() : target.mid(q + 1);
        request.path = u"/test" + QString::fromUtf8(request.resourcePath);
        request.requestId = QStringLiteral("11111111-2222-4333-8444-555555555555");
        request.requestTimeEpochMs = 1764064800000; // 25/Nov/2025:10:00:00 +0000
        request.sourceIp = QStringLiteral("198.51.100.7");

        QByteArray statusLine;
        Http::HeaderList expectHeaders;
        QByteArray expectBody;
        splitMessage(expected.text, &statusLine, &expectHeaders, &expectBody);

        NullTrace trace;
        const Http::HttpResponse response = Pipeline::invoke(stage, request, &trace);
        const QString where = QStringLiteral("%1 line %2: %3 (error note: %4)")
                                  .arg(QFileInfo(file).fileName())
                                  .arg(s.line)
                                  .arg(QString::fromUtf8(requestLine),
                                       trace.notes.value(QStringLiteral("error")).toString());
        QVERIFY2(QByteArray::number(response.status) == statusLine,
                 qPrintable(where + QStringLiteral(": status %1").arg(response.status)));
        for (const auto &[name, value] : expectHeaders)
            QVERIFY2(response.header(name) == value,
                     qPrintable(where + u": header " + QString::fromLatin1(name) + u" is '" +
                                QString::fromUtf8(response.header(name)) + u'\''));
        QVERIFY2(response.body == expectBody,
                 qPrintable(where + u": body\n" + QString::fromUtf8(response.body)));
        ++checked;
    }
    QVERIFY(checked > 0);
}

QTEST_GUILESS_MAIN(TestGoldenGateway)
#include "tst_golden_gateway.moc"
