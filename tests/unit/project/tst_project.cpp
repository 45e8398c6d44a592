#include <project/demoproject.h>
#include <project/project.h>
#include <project/recentprojects.h>
#include <project/seedfile.h>

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Gatehouse;
using namespace Gatehouse::Project;

namespace {

QString demoDir() { return QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo"); }

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestProject : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void openDemo()
    {
        auto project = Project::Project::open(demoDir());
        QVERIFY2(project.isOk(), qPrintable(project.status().toString()));
        QCOMPARE(project->name(), QStringLiteral("Bookstore demo"));
        QCOMPARE(project->version(), QStringLiteral("1.0.0"));
        QCOMPARE(project->setting(QStringLiteral("stage")).toString(), QStringLiteral("dev"));
        QVERIFY(!project->isModified());
        QVERIFY(project->problems().isEmpty());

        QCOMPARE(project->apis().size(), 1);
        const ApiDocument &api = project->apis().first();
        QCOMPARE(api.title, QStringLiteral("Bookstore"));
        QStringList ops;
        for (const ApiOperation &op : api.operations)
            ops << op.method + u' ' + op.path + u' ' + op.integrationType;
        QCOMPARE(ops, QStringList({QStringLiteral("GET /health MOCK"), QStringLiteral("GET /stores MOCK"),
                                   QStringLiteral("GET /books AWS"), QStringLiteral("POST /books AWS"),
                                   QStringLiteral("GET /books/{isbn} AWS"),
                                   QStringLiteral("GET /books/{isbn}/recommendations AWS_PROXY")}));
        QCOMPARE(project->functionFiles(), QStringList{QStringLiteral("functions/recommend.js")});
        QCOMPARE(project->defaultDataFile(), QDir(demoDir()).absolutePath() + QStringLiteral("/data/tables.sqlite"));
    }

    void demoSeed()
    {
        auto project = Project::Project::open(demoDir());
        QVERIFY(project.isOk());
        QVERIFY(!project->seedFile().isEmpty());
        auto seed = readSeedFile(project->seedFile());
        QVERIFY2(seed.isOk(), qPrintable(seed.status().toString()));
        QCOMPARE(seed->size(), 1);
        QCOMPARE(seed->first().tableName(), QStringLiteral("Books"));
        QCOMPARE(seed->first().items.size(), 8);
        QVERIFY(seed->first().items.first().contains(QStringLiteral("isbn")));
    }

    void saveAsAndReopen()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        auto project = Project::Project::open(demoDir());
        QVERIFY(project.isOk());
        project->setName(QStringLiteral("My bookstore"));
        project->setSetting(QStringLiteral("stage"), QStringLiteral("prod"));
        QVERIFY(project->isModified());

        const QString target = tmp.path() + QStringLiteral("/copy");
        const Status saved = project->saveAs(target);
        QVERIFY2(saved.isOk(), qPrintable(saved.toString()));
        QVERIFY(!project->isModified());
        QCOMPARE(project->directory(), target);
        QVERIFY(QFile::exists(target + QStringLiteral("/apis/bookstore.yaml")));
        QVERIFY(QFile::exists(target + QStringLiteral("/functions/recommend.js")));
        QVERIFY(QFile::exists(target + QStringLiteral("/data/seed.json")));

        auto reopened = Project::Project::open(target);
        QVERIFY2(reopened.isOk(), qPrintable(reopened.status().toString()));
        QCOMPARE(reopened->name(), QStringLiteral("My bookstore"));
        QCOMPARE(reopened->setting(QStringLiteral("stage")).toString(), QStringLiteral("prod"));
        // Keys this version does not interpret survive a save.
        QCOMPARE(reopened->description(), project->description());
        QCOMPARE(reopened->apis().size(), 1);

        // The source was not touched.
        auto original = Project::Project::open(demoDir());
        QCOMPARE(original->name(), QStringLiteral("Bookstore demo"));

        // Saving again over a non-empty directory is refused.
        const Status again = reopened->saveAs(target);
        QCOMPARE(again.code(), ProjectError::TargetNotEmpty);
        const Status inside = reopened->saveAs(target + QStringLiteral("/nested"));
        QCOMPARE(inside.code(), ProjectError::TargetNotEmpty);
    }

    void saveKeepsEdits()
    {
        QTemporaryDir tmp;
        QVERIFY(copyDirectory(demoDir(), tmp.path()).isOk());
        auto project = Project::Project::open(tmp.path());
        QVERIFY(project.isOk());
        project->setVersion(QStringLiteral("2.0.0"));
        QVERIFY(project->isModified());
        QVERIFY(project->save().isOk());
        QVERIFY(!project->isModified());
        QCOMPARE(Project::Project::open(tmp.path())->version(), QStringLiteral("2.0.0"));
    }

    void badManifest_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("messageEnd");
        QTest::newRow("not json") << QByteArray("{\"name\": ") << ProjectError::InvalidManifest
                                  << QStringLiteral("gatehouse.json: unterminated object at offset 9");
        QTest::newRow("array") << QByteArray("[]") << ProjectError::InvalidManifest
                               << QStringLiteral("gatehouse.json: the manifest must be a JSON object");
        QTest::newRow("no name") << QByteArray("{\"version\": \"1\"}") << ProjectError::InvalidManifest
                                 << QStringLiteral("gatehouse.json: \"name\" must be a non-empty string");
        QTest::newRow("blank name") << QByteArray("{\"name\": \"  \"}") << ProjectError::InvalidManifest
                                    << QStringLiteral("gatehouse.json: \"name\" must be a non-empty string");
        QTest::newRow("version number") << QByteArray("{\"name\": \"x\", \"version\": 2}")
                                        << ProjectError::InvalidManifest
                                        << QStringLiteral("gatehouse.json: \"version\" must be a string");
        QTest::newRow("settings array") << QByteArray("{\"name\": \"x\", \"settings\": []}")
                                        << ProjectError::InvalidManifest
                                        << QStringLiteral("gatehouse.json: \"settings\" must be an object");
        QTest::newRow("format 1.5") << QByteArray("{\"name\": \"x\", \"format\": 1.5}")
                                    << ProjectError::InvalidManifest
                                    << QStringLiteral("gatehouse.json: \"format\" must be a positive integer");
        QTest::newRow("future format") << QByteArray("{\"name\": \"x\", \"format\": 7}")
                                       << ProjectError::UnsupportedFormat
                                       << QStringLiteral("gatehouse.json: format 7 is newer than this Gatehouse reads (1)");
    }

    void badManifest()
    {
        QFETCH(QByteArray, manifest);
        QFETCH(QString, code);
        QFETCH(QString, messageEnd);
        QTemporaryDir tmp;
        writeFile(tmp.filePath(QStringLiteral("gatehouse.json")), manifest);
        auto project = Project::Project::open(tmp.path());
        QVERIFY(!project.isOk());
        QCOMPARE(project.status().code(), code);
        QVERIFY2(project.status().message().endsWith(messageEnd), qPrintable(project.status().message()));
    }

    void notAProject()
    {
        QTemporaryDir tmp;
        auto project = Project::Project::open(tmp.path());
        QCOMPARE(project.status().code(), ProjectError::NotFound);
        QVERIFY(project.status().message().endsWith(QStringLiteral("no gatehouse.json (not a Gatehouse project)")));
        auto missing = Project::Project::open(tmp.path() + QStringLiteral("/nope"));
        QCOMPARE(missing.status().code(), ProjectError::NotFound);
    }

    void badApiDocument_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("message");
        QTest::newRow("swagger 2") << QByteArray("swagger: \"2.0\"\npaths: {}\n")
                                   << QStringLiteral("api.yaml: Swagger 2.0 is not supported: export the API as OpenAPI 3");
        QTest::newRow("no openapi") << QByteArray("info: {title: x}\n")
                                    << QStringLiteral("api.yaml: missing \"openapi\": expected an OpenAPI 3 document");
        QTest::newRow("syntax") << QByteArray("openapi: 3.0.1\npaths: [\n")
                                << QStringLiteral("api.yaml: line 3, column 1: end of sequence flow not found");
        QTest::newRow("paths list") << QByteArray("openapi: 3.0.1\npaths: [1]\n")
                                    << QStringLiteral("api.yaml: \"paths\" must be a map");
    }

    void badApiDocument()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        writeFile(tmp.filePath(QStringLiteral("gatehouse.json")), "{\"name\": \"p\"}");
        writeFile(tmp.filePath(QStringLiteral("apis/api.yaml")), document);
        auto project = Project::Project::open(tmp.path());
        QVERIFY(project.isOk());
        QCOMPARE(project->problems().size(), 1);
        QCOMPARE(project->problems().first().code(), ProjectError::InvalidApiDocument);
        QCOMPARE(project->problems().first().message(), message);
    }

    void jsonApiDocument()
    {
        QTemporaryDir tmp;
        writeFile(tmp.filePath(QStringLiteral("gatehouse.json")), "{\"name\": \"p\"}");
        writeFile(tmp.filePath(QStringLiteral("apis/pets.json")),
                  R"({"openapi": "3.0.1", "info": {"title": "Pets"}, "paths": {"/pets": {
                     "x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": {"type": "http_proxy"}}}}})");
        auto project = Project::Project::open(tmp.path());
        QVERIFY(project.isOk());
        QCOMPARE(project->apis().size(), 1);
        QCOMPARE(project->apis().first().title, QStringLiteral("Pets"));
        QCOMPARE(project->apis().first().operations.size(), 1);
        QCOMPARE(project->apis().first().operations.first().method, QStringLiteral("ANY"));
        QCOMPARE(project->apis().first().operations.first().integrationType, QStringLiteral("HTTP_PROXY"));
    }

    void recentProjects()
    {
        QTemporaryDir tmp;
        QSettings settings(tmp.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        RecentProjects recent(&settings);
        QVERIFY(recent.list().isEmpty());
        QDir(tmp.path()).mkpath(QStringLiteral("a"));
        QDir(tmp.path()).mkpath(QStringLiteral("b"));
        const QString a = QDir(tmp.filePath(QStringLiteral("a"))).canonicalPath();
        const QString b = QDir(tmp.filePath(QStringLiteral("b"))).canonicalPath();
        recent.add(a);
        recent.add(b);
        QCOMPARE(recent.list(), QStringList({b, a}));
        recent.add(tmp.filePath(QStringLiteral("a/../a")));   // same directory: moves to the front
        QCOMPARE(recent.list(), QStringList({a, b}));
        for (int i = 0; i < 15; ++i)
            recent.add(tmp.filePath(QStringLiteral("p%1").arg(i)));
        QCOMPARE(recent.list().size(), RecentProjects::MaxEntries);
        QVERIFY(recent.list().first().endsWith(QStringLiteral("/p14")));
        recent.remove(tmp.filePath(QStringLiteral("p14")));
        QVERIFY(recent.list().first().endsWith(QStringLiteral("/p13")));

        // Persisted: a second reader sees the same list.
        QSettings again(tmp.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QCOMPARE(RecentProjects(&again).list(), recent.list());
        recent.clear();
        QVERIFY(recent.list().isEmpty());
    }

    void installDemoConcurrently()
    {
        QTemporaryDir tmp;
        const QString target = tmp.filePath(QStringLiteral("demo"));
        std::vector<std::thread> threads;
        std::atomic<int> ok{0};
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&] {
                if (installDemoProject(demoDir(), target).isOk())
                    ++ok;
            });
        }
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(ok.load(), 4);
        QVERIFY(Project::Project::open(target).isOk());
        // No partial copies left behind.
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{QStringLiteral("demo")});
    }

    void installDemoOnce()
    {
        QTemporaryDir tmp;
        const QString target = tmp.filePath(QStringLiteral("demo"));
        auto installed = installDemoProject(demoDir(), target);
        QVERIFY2(installed.isOk(), qPrintable(installed.status().toString()));
        QCOMPARE(*installed, target);
        auto project = Project::Project::open(target);
        QVERIFY(project.isOk());
        project->setName(QStringLiteral("Edited"));
        QVERIFY(project->save().isOk());
        // A second run keeps the user's copy.
        QVERIFY(installDemoProject(demoDir(), target).isOk());
        QCOMPARE(Project::Project::open(target)->name(), QStringLiteral("Edited"));
        QVERIFY(!installDemoProject(tmp.filePath(QStringLiteral("none")), tmp.filePath(QStringLiteral("x"))).isOk());
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
