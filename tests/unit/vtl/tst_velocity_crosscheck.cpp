// Renders every golden case marked "velocity: yes" through Apache Velocity 1.7 (the engine
// API Gateway's template language comes from) and through ours, and compares byte for byte.
// Error cases must fail in both, at the same line and column. The Java side is
// velocity/RenderVelocity.java, compiled here with javac into the build directory.
#include "goldencases.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const char *const kJars[] = {"velocity-1.7.jar", "commons-collections3.jar", "commons-lang.jar"};

QString javaDir()
{
    return qEnvironmentVariable("GATEHOUSE_JAVA_LIBS", QStringLiteral("/usr/share/java"));
}

} // namespace

class TestVelocityCrosscheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void crosscheck_data();
    void crosscheck();

private:
    QList<GoldenCase> m_cases; // the velocity: yes ones
    QTemporaryDir m_work;
};

void TestVelocityCrosscheck::initTestCase()
{
    QString problem;
    const QList<GoldenCase> all = loadGoldenCases(&problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    for (const GoldenCase &c : all) {
        if (c.velocity)
            m_cases.append(c);
    }
    QVERIFY(m_cases.size() >= 100);

    const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
    const QString javac = QStandardPaths::findExecutable(QStringLiteral("javac"));
    if (java.isEmpty() || javac.isEmpty())
        QSKIP("java/javac not found: install default-jdk-headless to cross-check against Velocity");
    QStringList classPath;
    for (const char *jar : kJars) {
        const QString path = javaDir() + u'/' + QLatin1String(jar);
        if (!QFileInfo::exists(path))
            QSKIP(qPrintable(path + u" not found: install the Debian package 'velocity' "
                                    "(apt-get install --no-install-recommends velocity)"));
        classPath.append(path);
    }
    const QString classDir = QStringLiteral(GATEHOUSE_BINARY_DIR "/vtl-velocity-harness");
    QDir().mkpath(classDir);
    QProcess compile;
    compile.start(
        javac,
        {QStringLiteral("-cp"), classPath.join(u':'), QStringLiteral("-d"), classDir,
         QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/vtl/velocity/RenderVelocity.java")});
    QVERIFY(compile.waitForFinished(120000));
    QVERIFY2(compile.exitCode() == 0, compile.readAllStandardError().constData());

    QVERIFY(m_work.isValid());
    QStringList args{QStringLiteral("-cp"), (QStringList{classDir} + classPath).join(u':'),
                     QStringLiteral("RenderVelocity"), m_work.filePath(QStringLiteral("out"))};
    QDir().mkpath(m_work.filePath(QStringLiteral("out")));
    for (int i = 0; i < m_cases.size(); ++i) {
        const QString path = m_work.filePath(u"case" + QString::number(i));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_cases.at(i).tmpl.toUtf8());
        args.append(path);
    }
    QProcess run;
    run.start(java, args);
    QVERIFY(run.waitForFinished(300000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
}

void TestVelocityCrosscheck::crosscheck_data()
{
    QTest::addColumn<int>("index");
    QString problem;
    int i = 0;
    for (const GoldenCase &c : loadGoldenCases(&problem)) {
        if (c.velocity)
            QTest::newRow(qPrintable(c.id + u' ' + c.name)) << i++;
    }
}

void TestVelocityCrosscheck::crosscheck()
{
    QFETCH(int, index);
    const GoldenCase &c = m_cases.at(index);
    const QString base = m_work.filePath(u"out/case" + QString::number(index));
    const GoldenResult ours = renderGolden(c);
    QFile out(base + u".out");
    QFile err(base + u".err");
    if (err.open(QIODevice::ReadOnly)) {
        const QString message = QString::fromUtf8(err.readAll());
        QVERIFY2(ours.failed, qPrintable(u"Velocity failed (" + message.section(u'\n', 0, 0) +
                                         u") but we rendered: " + ours.output));
        // "... at case12[line 3, column 5]": the position must agree.
        static const QRegularExpression where(QStringLiteral("\\[line (\\d+), column (\\d+)\\]"));
        const auto m = where.match(message);
        if (m.hasMatch()) {
            QCOMPARE(ours.error.line, m.captured(1).toInt());
            QCOMPARE(ours.error.column, m.captured(2).toInt());
        }
        return;
    }
    QVERIFY(out.open(QIODevice::ReadOnly));
    QVERIFY2(!ours.failed, qPrintable(u"we failed: " + ours.error.message));
    QCOMPARE(ours.output, QString::fromUtf8(out.readAll()));
}

QTEST_GUILESS_MAIN(TestVelocityCrosscheck)
#include "tst_velocity_crosscheck.moc"
