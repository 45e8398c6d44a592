// The inspector's display filter: parsing (valid and invalid expressions, error positions),
// and the proxy narrowing a list of 1,000 records to what a filter selects.
#include "inspectortestdata.h"

#include <ui/inspector/requestfilter.h>
#include <ui/inspector/requestfilterproxy.h>
#include <ui/requestlistmodel.h>

#include <QAbstractItemModelTester>
#include <QTest>

#include <functional>

using namespace Gatehouse;
using namespace InspectorTestData;

namespace {

// 1,000 exchanges: even ones table operations, odd ones gateway requests, latency 10 µs * i.
Observe::RecordPtr thousandRecord(int i)
{
    if (i % 2 == 0)
        return tableRecord(i, i % 4 == 0 ? QStringLiteral("PutItem") : QStringLiteral("GetItem"), i % 10 == 0 ? 400 : 200);
    const QString api = i % 3 == 0 ? QStringLiteral("bookstore") : QStringLiteral("petstore");
    const QByteArray method = i % 4 == 1 ? "GET" : "POST";
    const int status = i % 5 == 0 ? 500 : (i % 7 == 0 ? 404 : 200);
    return gatewayRecord(i, api, method, "/dev/pets/" + QByteArray::number(i), status);
}

// The expected selection, written independently of the filter code: from the generator's rules.
struct Facts
{
    bool table;
    QString op;
    QString api;
    QString method;
    int status;
    qint64 latencyUs;
    int i;
};

Facts factsOf(int i)
{
    Facts f{i % 2 == 0, {}, {}, {}, 0, 10LL * i, i};
    if (f.table) {
        f.op = i % 4 == 0 ? QStringLiteral("PutItem") : QStringLiteral("GetItem");
        f.method = QStringLiteral("POST");
        f.status = i % 10 == 0 ? 400 : 200;
    } else {
        f.api = i % 3 == 0 ? QStringLiteral("bookstore") : QStringLiteral("petstore");
        f.method = i % 4 == 1 ? QStringLiteral("GET") : QStringLiteral("POST");
        f.status = i % 5 == 0 ? 500 : (i % 7 == 0 ? 404 : 200);
    }
    return f;
}

int countWhere(const std::function<bool(const Facts &)> &predicate)
{
    int n = 0;
    for (int i = 0; i < 1000; ++i)
        n += predicate(factsOf(i)) ? 1 : 0;
    return n;
}

} // namespace

class TestInspectorFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("blank") << QStringLiteral("   ");
        QTest::newRow("issue example") << QStringLiteral("status >= 400 and path ~ \"/pets\"");
        QTest::newRow("operation") << QStringLiteral("op == \"PutItem\"");
        QTest::newRow("latency unit") << QStringLiteral("latency > 5ms");
        QTest::newRow("or not") << QStringLiteral("api == \"bookstore\" or not method == \"GET\"");
        QTest::newRow("status class") << QStringLiteral("status == 5xx");
        QTest::newRow("bare field") << QStringLiteral("error");
        QTest::newRow("parentheses") << QStringLiteral("(status == 200 or status == 201) and size < 1KB");
        QTest::newRow("symbols") << QStringLiteral("!(method == GET) && path contains pets || op matches '^Put'");
        QTest::newRow("microseconds") << QStringLiteral("latency <= 250us");
        QTest::newRow("single equals") << QStringLiteral("method = POST");
        QTest::newRow("escaped quote") << QStringLiteral("body contains \"say \\\"hi\\\"\"");
        QTest::newRow("upper case") << QStringLiteral("STATUS >= 400 AND NOT Method == get");
    }

    void parseValid()
    {
        QFETCH(QString, text);
        const Ui::RequestFilter filter = Ui::RequestFilter::parse(text);
        QVERIFY2(filter.isValid(), qPrintable(filter.error().message));
        QCOMPARE(filter.isEmpty(), text.trimmed().isEmpty());
    }

    void parseInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field") << QStringLiteral("stauts == 200") << 0 << QStringLiteral("unknown field 'stauts'");
        QTest::newRow("missing value") << QStringLiteral("status >= ") << 7 << QStringLiteral("expected a value after '>='");
        QTest::newRow("not a number") << QStringLiteral("status >= abc") << 10 << QStringLiteral("status needs a number, not 'abc'");
        QTest::newRow("text ordered") << QStringLiteral("path < \"/a\"") << 5 << QStringLiteral("'<' compares numbers, and path is text");
        QTest::newRow("bad regex") << QStringLiteral("path ~ \"(a\"") << 10 << QStringLiteral("invalid regular expression: missing closing parenthesis");
        QTest::newRow("word after value") << QStringLiteral("latency > 5 parsecs") << 12 << QStringLiteral("expected 'and' or 'or' before 'parsecs'");
        QTest::newRow("unknown unit") << QStringLiteral("latency > 5xs") << 11 << QStringLiteral("unknown unit 'xs' for latency (µs, ms or s)");
        QTest::newRow("size unit on latency") << QStringLiteral("latency > 5KB") << 11 << QStringLiteral("unknown unit 'kb' for latency (µs, ms or s)");
        QTest::newRow("unit on status") << QStringLiteral("status == 200ms") << 13 << QStringLiteral("unknown unit 'ms' for status (no unit)");
        QTest::newRow("unclosed paren") << QStringLiteral("(status == 200") << 0 << QStringLiteral("'(' is never closed");
        QTest::newRow("extra paren") << QStringLiteral("status == 200)") << 13 << QStringLiteral("')' without a matching '('");
        QTest::newRow("unterminated string") << QStringLiteral("path ~ \"/pets") << 7 << QStringLiteral("unterminated string");
        QTest::newRow("dangling and") << QStringLiteral("status == 200 and") << 17 << QStringLiteral("expected a field name at the end");
        QTest::newRow("missing operator") << QStringLiteral("status 200") << 7 << QStringLiteral("expected an operator (==, !=, <, <=, >, >=, ~, contains) before '200'");
        QTest::newRow("class ordered") << QStringLiteral("status > 4xx") << 9 << QStringLiteral("a status class works with == and != only");
        QTest::newRow("operator first") << QStringLiteral("== 200") << 0 << QStringLiteral("expected a field name before '=='");
        QTest::newRow("lone ampersand") << QStringLiteral("status == 200 & op == Scan") << 14 << QStringLiteral("expected 'and' or 'or' before '&'");
    }

    void parseInvalid()
    {
        QFETCH(QString, text);
        QFETCH(int, position);
        QFETCH(QString, message);
        const Ui::RequestFilter filter = Ui::RequestFilter::parse(text);
        QVERIFY(!filter.isValid());
        QVERIFY(!filter.isEmpty());
        QCOMPARE(filter.error().message, message);
        QCOMPARE(filter.error().position, position);
        QVERIFY(filter.error().length >= 1);
    }

    void helpNamesEveryField()
    {
        const QString help = Ui::RequestFilter::helpText();
        for (const char *field : {"status", "latency", "size", "method", "path", "op", "table", "api", "stage",
                                  "resource", "listener", "error", "console", "body"})
            QVERIFY2(help.contains(QStringLiteral("<code>%1</code>").arg(QLatin1String(field))), field);
    }

    void filterThousand_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");
        QTest::newRow("none") << QString() << 1000;
        QTest::newRow("errors on pets") << QStringLiteral("status >= 400 and path ~ \"/pets\"")
                                        << countWhere([](const Facts &f) { return !f.table && f.status >= 400; });
        QTest::newRow("put item") << QStringLiteral("op == \"PutItem\"")
                                  << countWhere([](const Facts &f) { return f.op == QLatin1String("PutItem"); });
        QTest::newRow("slow") << QStringLiteral("latency > 5ms")
                              << countWhere([](const Facts &f) { return f.latencyUs > 5000; });
        QTest::newRow("slow us") << QStringLiteral("latency >= 2500us")
                                 << countWhere([](const Facts &f) { return f.latencyUs >= 2500; });
        QTest::newRow("api or not get") << QStringLiteral("api == \"bookstore\" or not method == \"GET\"")
                                        << countWhere([](const Facts &f) {
                                               return f.api == QLatin1String("bookstore") || f.method != QLatin1String("GET");
                                           });
        QTest::newRow("server errors") << QStringLiteral("status == 5xx")
                                       << countWhere([](const Facts &f) { return f.status >= 500; });
        QTest::newRow("not 2xx") << QStringLiteral("status != 2xx")
                                 << countWhere([](const Facts &f) { return f.status / 100 != 2; });
        QTest::newRow("tables listener") << QStringLiteral("listener == tables and status == 400")
                                         << countWhere([](const Facts &f) { return f.table && f.status == 400; });
        QTest::newRow("precedence") << QStringLiteral("op == GetItem or api == petstore and method == GET")
                                    << countWhere([](const Facts &f) {
                                           return f.op == QLatin1String("GetItem")
                                                  || (f.api == QLatin1String("petstore") && f.method == QLatin1String("GET"));
                                       });
        QTest::newRow("regex anchored") << QStringLiteral("path ~ \"^/dev/pets/1[0-9]$\"")
                                        << countWhere([](const Facts &f) { return !f.table && f.i >= 10 && f.i <= 19; });
        QTest::newRow("exact path") << QStringLiteral("path == /dev/pets/7") << 1;
        QTest::newRow("nothing") << QStringLiteral("method == DELETE") << 0;
    }

    void filterThousand()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        QVERIFY(expected > 0 || text.contains(QLatin1String("DELETE")));

        Ui::RequestListModel model;
        Ui::RequestFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Ui::RequestFilter filter = Ui::RequestFilter::parse(text);
        QVERIFY2(filter.isValid(), qPrintable(filter.error().message));

        // Half the records arrive before the filter is set, half after: both paths filter.
        QList<Observe::RecordPtr> batch;
        for (int i = 0; i < 500; ++i)
            batch << thousandRecord(i);
        model.appendRecords(batch);
        proxy.setFilter(filter);
        batch.clear();
        for (int i = 500; i < 1000; ++i) {
            batch << thousandRecord(i);
            if (batch.size() == 100) {
                model.appendRecords(batch);
                batch.clear();
            }
        }
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(proxy.rowCount(), expected);
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const auto record = model.record(proxy.mapToSource(proxy.index(row, 0)).row());
            QVERIFY(filter.matches(*record));
        }
        // An invalid filter leaves the last valid one in place; an empty one shows everything.
        proxy.setFilter(Ui::RequestFilter::parse(QStringLiteral("status >")));
        QCOMPARE(proxy.rowCount(), expected);
        proxy.setFilter(Ui::RequestFilter::parse(QString()));
        QCOMPARE(proxy.rowCount(), 1000);
    }

    void proxyFollowsTrimAndClear()
    {
        Ui::RequestListModel model;
        model.setCapacity(300);
        Ui::RequestFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setFilter(Ui::RequestFilter::parse(QStringLiteral("listener == gateway")));
        for (int first = 0; first < 1000; first += 100) {
            QList<Observe::RecordPtr> batch;
            for (int i = first; i < first + 100; ++i)
                batch << thousandRecord(i);
            model.appendRecords(batch);
        }
        QCOMPARE(model.rowCount(), 300);
        QCOMPARE(proxy.rowCount(), 150);
        QCOMPARE(model.record(proxy.mapToSource(proxy.index(0, 0)).row())->requestId, QByteArray("g-701"));
        model.clear();
        QCOMPARE(proxy.rowCount(), 0);
    }
};

QTEST_MAIN(TestInspectorFilter)
#include "tst_inspectorfilter.moc"
