// The lazy item grid: pages on demand, never a full load, columns keys first, values by type.
#include "tablestesthelpers.h"

#include <ui/tables/backgroundapi.h>
#include <ui/tables/itemgridmodel.h>
#include <ui/tables/tablejson.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Gatehouse;
using TestSupport::json;

class TestTableGrid : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_engine = TestSupport::memoryEngine();
        QVERIFY(m_engine);
        QVERIFY(m_engine->callAndWait(QStringLiteral("CreateTable"), json(R"({"TableName":"Big","BillingMode":"PAY_PER_REQUEST",
            "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"n","AttributeType":"N"}],
            "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"n","KeyType":"RANGE"}]})")).result.isOk());
        for (int i = 0; i < kItems; ++i) {
            QJsonObject item{{QStringLiteral("pk"), QJsonObject{{QStringLiteral("S"), QStringLiteral("p%1").arg(i % 7)}}},
                             {QStringLiteral("n"), QJsonObject{{QStringLiteral("N"), QString::number(i)}}},
                             {QStringLiteral("price"), QJsonObject{{QStringLiteral("N"), QStringLiteral("12345678901234567890.25")}}}};
            if (i == kItems - 3)
                item.insert(QStringLiteral("rare"), QJsonObject{{QStringLiteral("SS"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}}});
            QVERIFY(m_engine->callAndWait(QStringLiteral("PutItem"),
                                          {{QStringLiteral("TableName"), QStringLiteral("Big")}, {QStringLiteral("Item"), item}})
                        .result.isOk());
        }
    }

    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->store().close();
    }

    void pagesOnDemand()
    {
        TestSupport::CountingApi api(m_engine.get());
        Ui::ItemGridModel model;
        model.setApi(&api);
        model.setPageSize(100);
        model.setKeyNames({QStringLiteral("pk"), QStringLiteral("n")});
        model.setSource(QStringLiteral("Scan"), {{QStringLiteral("TableName"), QStringLiteral("Big")}});

        // Opening asks for exactly one page.
        QTRY_COMPARE(model.rowCount(), 100);
        QCOMPARE(api.count(QStringLiteral("Scan")), 1);
        QCOMPARE(model.pagesFetched(), 1);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(api.requests().first().second.value(QStringLiteral("Limit")).toInt(), 100);
        QVERIFY(!api.requests().first().second.contains(QStringLiteral("ExclusiveStartKey")));

        // Keys first, then the other attributes; numbers right-aligned and exact.
        QCOMPARE(model.attributeNames().mid(0, 3), (QStringList{QStringLiteral("pk"), QStringLiteral("n"), QStringLiteral("price")}));
        const QModelIndex price = model.index(0, 2);
        QCOMPARE(price.data().toString(), QStringLiteral("12345678901234567890.25"));
        QCOMPARE(price.data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
        QCOMPARE(price.data(Ui::ItemGridModel::TypeRole).toString(), QStringLiteral("N"));
        QVERIFY(price.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Number (N)")));
        QVERIFY(model.headerData(0, Qt::Horizontal, Qt::FontRole).value<QFont>().bold());

        // Each fetchMore is one more page, continuing from LastEvaluatedKey.
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 200);
        QCOMPARE(api.count(QStringLiteral("Scan")), 2);
        QVERIFY(api.requests().last().second.contains(QStringLiteral("ExclusiveStartKey")));
        // While a page is on its way, no second request for the same page.
        model.fetchMore({});
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 300);
        QCOMPARE(api.count(QStringLiteral("Scan")), 3);

        // To the end: the rare attribute's column appears when its item arrives, and paging stops.
        while (model.hasMore()) {
            model.fetchMore({});
            QTRY_VERIFY(!model.isFetching());
        }
        QCOMPARE(model.rowCount(), kItems);
        QCOMPARE(api.count(QStringLiteral("Scan")), kItems / 100 + 1);   // the last page says "no more"
        QVERIFY(model.attributeNames().contains(QStringLiteral("rare")));
        const int rare = int(model.attributeNames().indexOf(QStringLiteral("rare")));
        int found = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (!model.index(row, rare).data().isNull()) {
                QCOMPARE(model.index(row, rare).data().toString(), QStringLiteral("{a, b}"));
                ++found;
            }
        }
        QCOMPARE(found, 1);
    }

    // The model's contract, checked by Qt's tester while it pages and while rows change.
    void underModelTester()
    {
        Ui::ItemGridModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setApi(m_engine.get());
        model.setPageSize(300);
        model.setKeyNames({QStringLiteral("pk"), QStringLiteral("n")});
        model.setSource(QStringLiteral("Scan"), {{QStringLiteral("TableName"), QStringLiteral("Big")}});
        QTRY_VERIFY(model.rowCount() >= 300);
        while (model.hasMore()) {
            model.fetchMore({});
            QTRY_VERIFY(!model.isFetching());
        }
        QCOMPARE(model.rowCount(), kItems);
        const QJsonObject first = model.item(0);
        QJsonObject changed = first;
        changed.insert(QStringLiteral("extra"), QJsonObject{{QStringLiteral("BOOL"), true}});
        model.putItem(changed);
        QCOMPARE(model.rowCount(), kItems);
        QCOMPARE(model.index(0, int(model.attributeNames().indexOf(QStringLiteral("extra")))).data().toString(),
                 QStringLiteral("true"));
        model.removeItem(Ui::TableJson::keyId(first, model.keyNames()));
        QCOMPARE(model.rowCount(), kItems - 1);
        QCOMPARE(model.rowOfKey(Ui::TableJson::keyId(model.item(5), model.keyNames())), 5);
        model.putItem(first);
        QCOMPARE(model.rowCount(), kItems);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // A view on the model asks only for what it shows, through a background thread, and scrolling
    // to the bottom asks for one more page at a time.
    void viewFetchesWhatItShows()
    {
        TestSupport::CountingApi counting(m_engine.get());
        Ui::BackgroundApi api(&counting);
        Ui::ItemGridModel model;
        model.setApi(&api);
        model.setPageSize(50);
        model.setKeyNames({QStringLiteral("pk"), QStringLiteral("n")});
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.setModel(&model);
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        model.setSource(QStringLiteral("Scan"), {{QStringLiteral("TableName"), QStringLiteral("Big")}});
        QTRY_COMPARE(model.rowCount(), 50);
        // Let the view settle: 50 rows fill 400 pixels, so it asks for nothing more.
        QTest::qWait(50);
        QCOMPARE(counting.count(QStringLiteral("Scan")), 1);

        view.scrollToBottom();
        QTRY_COMPARE(model.rowCount(), 100);
        QTest::qWait(50);
        QCOMPARE(counting.count(QStringLiteral("Scan")), 2);
        view.scrollToBottom();
        QTRY_COMPARE(model.rowCount(), 150);
        QCOMPARE(counting.count(QStringLiteral("Scan")), 3);
        QVERIFY(model.rowCount() < kItems);
    }

    // A filter that empties whole pages: the model keeps going by itself (no view would notice an
    // empty page), each request still one page.
    void emptyPagesContinue()
    {
        TestSupport::CountingApi api(m_engine.get());
        Ui::ItemGridModel model;
        model.setApi(&api);
        model.setPageSize(100);
        model.setKeyNames({QStringLiteral("pk"), QStringLiteral("n")});
        model.setSource(QStringLiteral("Scan"), json(R"j({"TableName":"Big","FilterExpression":"attribute_exists(rare)"})j"));
        QTRY_COMPARE(model.rowCount(), 1);
        QTRY_VERIFY(!model.isFetching());
        QVERIFY(api.count(QStringLiteral("Scan")) >= kItems / 100);
        for (const auto &r : api.requests())
            QCOMPARE(r.second.value(QStringLiteral("Limit")).toInt(), 100);
    }

    // With the user's own Limit the model reads one page and stops, as the CLI's --limit does.
    void singlePageWithLimit()
    {
        TestSupport::CountingApi api(m_engine.get());
        Ui::ItemGridModel model;
        model.setApi(&api);
        model.setKeyNames({QStringLiteral("pk"), QStringLiteral("n")});
        model.setSource(QStringLiteral("Query"), json(R"({"TableName":"Big","KeyConditionExpression":"pk = :p",
            "ExpressionAttributeValues":{":p":{"S":"p3"}},"Limit":5,"ScanIndexForward":false})"), true);
        QTRY_COMPARE(model.rowCount(), 5);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(api.count(QStringLiteral("Query")), 1);
        // Descending: the largest sort key first.
        QVERIFY(model.index(0, 1).data().toInt() > model.index(4, 1).data().toInt());
    }

    // An engine error is the model's error, in DynamoDB's words.
    void errorShown()
    {
        TestSupport::CountingApi api(m_engine.get());
        Ui::ItemGridModel model;
        model.setApi(&api);
        QSignalSpy spy(&model, &Ui::ItemGridModel::errorOccurred);
        model.setSource(QStringLiteral("Scan"), {{QStringLiteral("TableName"), QStringLiteral("Nope")}});
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(model.lastError(), QStringLiteral("ResourceNotFoundException: Requested resource not found"));
        QVERIFY(!model.canFetchMore({}));
    }

    // A reload drops a page still on its way from the previous source.
    void staleAnswersDropped()
    {
        TestSupport::CountingApi counting(m_engine.get());
        Ui::BackgroundApi api(&counting);
        Ui::ItemGridModel model;
        model.setApi(&api);
        model.setPageSize(100);
        model.setKeyNames({QStringLiteral("pk"), QStringLiteral("n")});
        model.setSource(QStringLiteral("Scan"), {{QStringLiteral("TableName"), QStringLiteral("Big")}});
        model.setSource(QStringLiteral("Query"), json(R"({"TableName":"Big","KeyConditionExpression":"pk = :p",
            "ExpressionAttributeValues":{":p":{"S":"p1"}}})"));
        QTRY_VERIFY(model.pagesFetched() == 1 && !model.isFetching());
        QTest::qWait(20);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row, 0).data().toString(), QStringLiteral("p1"));
    }

private:
    static constexpr int kItems = 1050;
    std::shared_ptr<Tables::TableEngine> m_engine;
};

QTEST_MAIN(TestTableGrid)
#include "tst_tablegrid.moc"
