// Runs every case of tests/golden/vtl/*.test through the engine and the API Gateway bindings
// (format: goldencases.h).
#include "goldencases.h"

#include <QJsonDocument>
#include <QTest>

class TestGoldenVtl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void golden_data();
    void golden();

private:
    QList<GoldenCase> m_cases;
};

void TestGoldenVtl::initTestCase()
{
    QString problem;
    m_cases = loadGoldenCases(&problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The golden files are the specification: losing a file must not pass quietly.
    QVERIFY2(m_cases.size() >= 200, qPrintable(QString::number(m_cases.size())));
}

void TestGoldenVtl::golden_data()
{
    QTest::addColumn<int>("index");
    QString problem;
    const QList<GoldenCase> cases = loadGoldenCases(&problem);
    for (int i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases.at(i).id + u' ' + cases.at(i).name)) << i;
}

void TestGoldenVtl::golden()
{
    QFETCH(int, index);
    const GoldenCase &c = m_cases.at(index);
    const GoldenResult r = renderGolden(c);
    if (c.expectError) {
        QVERIFY2(r.failed, qPrintable(u"expected an error, got output: " + r.output));
        QCOMPARE(r.error.message, c.expected);
        return;
    }
    QVERIFY2(!r.failed, qPrintable(r.error.message));
    QCOMPARE(r.output, c.expected);
    if (c.hasOverride) {
        QCOMPARE(QString::fromUtf8(QJsonDocument(r.override).toJson(QJsonDocument::Compact)),
                 QString::fromUtf8(QJsonDocument(c.override).toJson(QJsonDocument::Compact)));
    }
}

QTEST_GUILESS_MAIN(TestGoldenVtl)
#include "tst_golden_vtl.moc"
