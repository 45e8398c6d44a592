// The transpiler against real npm packages: every CommonJS file that the real-client tests
// installed (tests/integration/js/node_modules: the AWS SDK for JavaScript v3 with its @smithy
// runtime, dynalite and its level stores, ...) compiles in Qt's engine once rewritten. These
// are what a function's own node_modules hold, written for current Node: class fields, private
// methods, async generators, BigInt literals, import(). ES modules (a package of "type":
// "module", or a file with import/export-list statements) are not loaded by require and are
// left out. Skipped when the packages are not installed (packaging/run-tests.sh installs them).
#include <functions/transpile.h>

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJSEngine>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTest>

using namespace Gatehouse::Functions;

class TestPackageSyntax : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commonJsFilesCompile();

private:
    bool inModulePackage(const QString &file);
    QHash<QString, bool> m_moduleDirs; // package folder -> "type": "module"
};

bool TestPackageSyntax::inModulePackage(const QString &file)
{
    QString dir = QFileInfo(file).absolutePath();
    while (dir.contains(QLatin1String("node_modules"))) {
        if (auto it = m_moduleDirs.constFind(dir); it != m_moduleDirs.constEnd())
            return *it;
        QFile manifest(dir + QStringLiteral("/package.json"));
        if (manifest.open(QIODevice::ReadOnly)) {
            const QJsonObject json = QJsonDocument::fromJson(manifest.readAll()).object();
            if (json.contains(QLatin1String("name")) || json.contains(QLatin1String("type"))) {
                const bool module = json.value(QLatin1String("type")).toString() == QLatin1String("module");
                m_moduleDirs.insert(dir, module);
                return module;
            }
        }
        dir = QFileInfo(dir).absolutePath();
    }
    return false;
}

void TestPackageSyntax::commonJsFilesCompile()
{
    const QString root = QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/integration/js/node_modules");
    if (!QFileInfo::exists(root + QStringLiteral("/@aws-sdk/client-dynamodb")))
        QSKIP("the npm packages of the real-client tests are not installed");
    static const QRegularExpression esm(QStringLiteral(R"(^(import\s*[\w{*'"]|export\s*[{*]))"),
                                        QRegularExpression::MultilineOption);
    // The compiler's style warnings about the packages (their business, as in FunctionPool).
    QLoggingCategory::setFilterRules(QStringLiteral("qt.qml.compiler.warning=false"));
    QJSEngine engine;
    QStringList failures;
    int compiled = 0;
    QDirIterator it(root, {QStringLiteral("*.js"), QStringLiteral("*.cjs")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String(".js")) && inModulePackage(path))
            continue;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString source = QString::fromUtf8(file.readAll());
        if (source.contains(esm))
            continue;
        // Compiled as the worker compiles a module (a function around it), never called.
        const QJSValue result = engine.evaluate(
            QStringLiteral("(function (exports, require, module, __filename, __dirname) {") +
                transpileForEngine(source) + QStringLiteral("\n})"),
            path);
        ++compiled;
        if (result.isError()) {
            failures << QStringLiteral("%1:%2: %3")
                            .arg(path.mid(root.size() + 1))
                            .arg(result.property(QStringLiteral("lineNumber")).toInt())
                            .arg(result.toString());
        }
    }
    qInfo("%d CommonJS files compiled", compiled);
    QVERIFY(compiled > 300); // the SDK alone has several hundred
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestPackageSyntax)
#include "tst_packagesyntax.moc"
