// The transpiler against real npm packages: every JavaScript file that the real-client tests
// installed (tests/integration/js/node_modules: the AWS SDK for JavaScript v3 with its @smithy
// runtime in CommonJS and ES module builds, dynalite and its level stores, ...) compiles in Qt's
// engine once rewritten. These are what a function's own node_modules hold, written for current
// Node: class fields, private methods, async generators, import/export, BigInt literals,
// import(). Skipped when the packages are not installed (packaging/run-tests.sh installs them).
#include <functions/transpile.h>

#include <QDirIterator>
#include <QFile>
#include <QJSEngine>
#include <QLoggingCategory>
#include <QTest>

using namespace Gatehouse::Functions;

class TestPackageSyntax : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFileCompiles();
};

void TestPackageSyntax::everyFileCompiles()
{
    const QString root = QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/integration/js/node_modules");
    if (!QFileInfo::exists(root + QStringLiteral("/@aws-sdk/client-dynamodb")))
        QSKIP("the npm packages of the real-client tests are not installed");
    // The compiler's style warnings about the packages (their business, as in FunctionPool).
    QLoggingCategory::setFilterRules(QStringLiteral("qt.qml.compiler.warning=false"));
    QJSEngine engine;
    QStringList failures;
    int compiled = 0;
    QDirIterator it(root, {QStringLiteral("*.js"), QStringLiteral("*.cjs"), QStringLiteral("*.mjs")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        // Compiled as the worker compiles a module (a function around it), never called.
        const QJSValue result = engine.evaluate(
            QStringLiteral("(function (exports, require, module, __filename, __dirname) {") +
                transpileForEngine(QString::fromUtf8(file.readAll())) + QStringLiteral("\n})"),
            path);
        ++compiled;
        if (result.isError()) {
            failures << QStringLiteral("%1:%2: %3")
                            .arg(path.mid(root.size() + 1))
                            .arg(result.property(QStringLiteral("lineNumber")).toInt())
                            .arg(result.toString());
        }
    }
    qInfo("%d files compiled", compiled);
    QVERIFY(compiled > 1000); // the SDK alone has over a thousand
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestPackageSyntax)
#include "tst_packagesyntax.moc"
