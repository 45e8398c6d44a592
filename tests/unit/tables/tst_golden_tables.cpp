// Runs tests/golden/tables/*.test. Each file is a scenario against one fresh in-memory engine:
//
//   ### title
//   call: <Operation> <request JSON, may continue on the following lines>
//   expect: ok | <exact response JSON> | <ErrorCode>: <exact message> [<extra error members JSON>]
//
// Lines starting with '#' (but not '###') are comments. "TableId" values read "*".
#include "enginefixture.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

struct Step
{
    QString title;
    int line = 0;
    QString operation;
    QByteArray request;
    QString expect;
};

QList<Step> parseFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot open " + path;
        return {};
    }
    QList<Step> steps;
    enum { None, Call, Expect } field = None;
    int lineNo = 0;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        ++lineNo;
        const QByteArray line = raw.trimmed();
        if (line.startsWith("###")) {
            steps.append(Step{QString::fromUtf8(line.mid(3).trimmed()), lineNo, {}, {}, {}});
            field = None;
        } else if (line.startsWith('#') || (line.isEmpty() && field != Call)) {
            continue;
        } else if (steps.isEmpty()) {
            *error = QStringLiteral("line %1: content before the first ### title").arg(lineNo);
            return {};
        } else if (line.startsWith("call:")) {
            const QByteArray rest = line.mid(5).trimmed();
            const qsizetype space = rest.indexOf(' ');
            steps.last().operation = QString::fromUtf8(space < 0 ? rest : rest.left(space));
            steps.last().request = space < 0 ? QByteArray("{}") : rest.mid(space + 1);
            field = Call;
        } else if (line.startsWith("expect:")) {
            steps.last().expect = QString::fromUtf8(line.mid(7).trimmed());
            field = Expect;
        } else if (field == Call) {
            steps.last().request += ' ' + line;
        } else if (field == Expect) {
            steps.last().expect += u' ' + QString::fromUtf8(line);
        } else {
            *error = QStringLiteral("line %1: expected call: or expect:").arg(lineNo);
            return {};
        }
    }
    for (const Step &s : steps) {
        if (s.operation.isEmpty() || s.expect.isEmpty()) {
            *error = QStringLiteral("line %1: step '%2' needs call: and expect:").arg(s.line).arg(s.title);
            return {};
        }
    }
    return steps;
}

// The expected text in the form outcome() produces.
QString expectedForm(const QString &expect)
{
    if (expect.startsWith(u'{'))
        return normalised(expect.toUtf8());
    // "Code: message {extra}": normalise a trailing JSON object.
    const qsizetype brace = expect.indexOf(u" {\"");
    if (brace > 0 && expect.endsWith(u'}')) {
        QJsonParseError error;
        const QJsonDocument extra = QJsonDocument::fromJson(expect.mid(brace + 1).toUtf8(), &error);
        if (error.error == QJsonParseError::NoError && extra.isObject())
            return expect.left(brace) + u' ' + compact(extra.object());
    }
    return expect;
}

} // namespace

class TestGoldenTables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
};

void TestGoldenTables::golden_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/golden/tables"));
    const QStringList files = dir.entryList({QStringLiteral("*.test")}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), "no golden files");
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestGoldenTables::golden()
{
    QFETCH(QString, path);
    QString error;
    const QList<Step> steps = parseFile(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!steps.isEmpty());
    auto engine = makeEngine();
    QVERIFY(engine);
    QStringList failures;
    for (const Step &step : steps) {
        const ApiReply reply = engine->callAndWait(step.operation, parseObject(step.request));
        const QString actual = outcome(reply);
        bool pass;
        if (step.expect == u"ok")
            pass = reply.result.isOk();
        else
            pass = actual == expectedForm(step.expect);
        if (!pass)
            failures.append(QStringLiteral("%1:%2 [%3]\n   actual:   %4\n   expected: %5")
                                .arg(QFileInfo(path).fileName()).arg(step.line).arg(step.title, actual,
                                                                                    expectedForm(step.expect)));
        // Reads answer the HTTP endpoint (callJson) with text written straight from the items:
        // it must read back as the same response.
        if (step.operation == u"GetItem" || step.operation == u"Query" || step.operation == u"Scan") {
            const QString text = outcomeAsText(*engine, step.operation, parseObject(step.request));
            if (text != actual)
                failures.append(QStringLiteral("%1:%2 [%3] as text\n   text:     %4\n   object:   %5")
                                    .arg(QFileInfo(path).fileName()).arg(step.line).arg(step.title, text,
                                                                                        actual));
        }
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestGoldenTables)
#include "tst_golden_tables.moc"
