#include <console.h>
#include <runtime.h>

#include <ui/mainwindow.h>
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>
#include <ui/tablesview.h>
#include <ui/urllabel.h>

#include <project/project.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Gatehouse;

namespace {

QNetworkReply *dynamo(QNetworkAccessManager &network, const QString &url, const QByteArray &operation,
                      const QByteArray &body)
{
    QNetworkRequest request{QUrl(url + u'/')};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-amz-json-1.0"));
    request.setRawHeader("X-Amz-Target", "DynamoDB_20120810." + operation);
    request.setRawHeader("X-Amz-Date", "20261125T090000Z");
    request.setRawHeader("Authorization", "AWS4-HMAC-SHA256 Credential=local/20261125/us-east-1/dynamodb/aws4_request, "
                                          "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00");
    return network.post(request, body);
}

int rowsMatching(Ui::RequestListModel *model, int column, const QString &text)
{
    int n = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        n += model->index(row, column).data().toString() == text;
    return n;
}

} // namespace

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void liveTrafficAndProjectSwitching()
    {
        QTemporaryDir tmp;
        const QString first = tmp.filePath(QStringLiteral("first"));
        QVERIFY(Project::copyDirectory(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo"), first).isOk());
        auto project = Project::Project::open(first);
        QVERIFY(project.isOk());

        App::Options options;
        options.gatewayPort = 0;
        options.tablesPort = 0;
        App::Runtime runtime;
        QVERIFY(runtime.start(App::runtimeConfigFor(options, *project)).isOk());
        const quint16 gatewayPort = runtime.gatewayPort();
        const quint16 tablesPort = runtime.tablesPort();
        QVERIFY(gatewayPort != 0 && tablesPort != 0);
        QCOMPARE(runtime.seedReport(), QStringList{QStringLiteral("seeded Books with 8 items")});

        App::Console console(options, runtime, std::move(project).value());
        Ui::MainWindow *window = console.window();
        window->resize(1400, 900);
        window->show();
        QCOMPARE(window->gatewayUrlLabel()->url(), runtime.gatewayUrl());
        QCOMPARE(window->tablesUrlLabel()->url(), runtime.tablesUrl());
        QTRY_COMPARE(window->tablesView()->list()->topLevelItemCount(), 1);
        QCOMPARE(window->tablesView()->list()->topLevelItem(0)->text(Ui::TablesView::ItemsColumn), QStringLiteral("8"));

        // Real requests to both listeners reach the inspector through the record hub.
        QNetworkAccessManager network;
        QNetworkReply *gateway = network.get(QNetworkRequest(QUrl(runtime.gatewayUrl() + QStringLiteral("/dev/books"))));
        QNetworkReply *list = dynamo(network, runtime.tablesUrl(), "ListTables", "{}");
        QNetworkReply *put = dynamo(network, runtime.tablesUrl(), "PutItem",
                                    R"({"TableName":"Books","Item":{"isbn":{"S":"9781098119065"},"title":{"S":"FSA"}}})");
        QTRY_VERIFY(gateway->isFinished() && list->isFinished() && put->isFinished());
        QCOMPARE(gateway->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
        QCOMPARE(put->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        Ui::RequestListModel *model = window->inspector()->model();
        QTRY_COMPARE(model->rowCount(), 3);
        QCOMPARE(rowsMatching(model, Ui::RequestListModel::TargetColumn, QStringLiteral("/dev/books")), 1);
        QCOMPARE(rowsMatching(model, Ui::RequestListModel::TargetColumn, QStringLiteral("ListTables")), 1);
        QCOMPARE(rowsMatching(model, Ui::RequestListModel::TargetColumn, QStringLiteral("PutItem Books")), 1);
        QCOMPARE(rowsMatching(model, Ui::RequestListModel::StatusColumn, QStringLiteral("403")), 1);

        // Save As moves the project and its table data; the listeners keep their ports.
        const QString second = tmp.filePath(QStringLiteral("second"));
        const Status saved = console.saveProjectAs(second);
        QVERIFY2(saved.isOk(), qPrintable(saved.toString()));
        QCOMPARE(console.project().directory(), second);
        QVERIFY(QFile::exists(second + QStringLiteral("/data/tables.sqlite")));
        QCOMPARE(runtime.gatewayPort(), gatewayPort);
        QCOMPARE(runtime.tablesPort(), tablesPort);
        QVERIFY(runtime.seedReport().isEmpty());   // the copy has the data: nothing re-seeded
        window->tablesView()->refresh();
        QTRY_COMPARE(window->tablesView()->list()->topLevelItemCount(), 1);
        QCOMPARE(window->tablesView()->list()->topLevelItem(0)->text(Ui::TablesView::ItemsColumn), QStringLiteral("9"));
        QVERIFY(window->windowTitle().startsWith(QStringLiteral("Bookstore demo")));

        // A folder that is not a project is refused and nothing changes.
        const Status refused = console.openProject(tmp.path());
        QCOMPARE(refused.code(), QStringLiteral("ProjectNotFound"));
        QCOMPARE(console.project().directory(), second);
        QVERIFY(runtime.isRunning());
        QCOMPARE(runtime.tablesPort(), tablesPort);

        // Opening the first project again serves its own data file (which holds the PutItem
        // made before Save As copied it).
        const Status reopened = console.openProject(first);
        QVERIFY2(reopened.isOk(), qPrintable(reopened.toString()));
        QCOMPARE(console.project().directory(), first);
        QCOMPARE(runtime.tablesPort(), tablesPort);
        QNetworkReply *after = dynamo(network, runtime.tablesUrl(), "DescribeTable", R"({"TableName":"Books"})");
        QTRY_VERIFY(after->isFinished());
        QCOMPARE(after->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject table = QJsonDocument::fromJson(after->readAll()).object().value(QStringLiteral("Table")).toObject();
        QCOMPARE(table.value(QStringLiteral("ItemCount")).toInt(), 9);
        runtime.stop();
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
