// The table browser driven as a user would, checked through the engine: edit, conflicts, undo,
// add/duplicate/delete, import/export, create table.
#include "tablestesthelpers.h"

#include <ui/tables/backgroundapi.h>
#include <ui/tables/createtabledialog.h>
#include <ui/tables/itemeditor.h>
#include <ui/tables/itemgridmodel.h>
#include <ui/tables/itemtransfer.h>
#include <ui/tables/jsoneditor.h>
#include <ui/tables/querypanel.h>
#include <ui/tables/tablebrowser.h>
#include <ui/tables/tablejson.h>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QJsonArray>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Gatehouse;
using TestSupport::json;
using Ui::TableJson::typeOf;

namespace {
QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
}

class TestTableBrowser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_engine = TestSupport::memoryEngine();
        QVERIFY(m_engine);
        QVERIFY(call("CreateTable", R"({"TableName":"Books","BillingMode":"PAY_PER_REQUEST",
            "AttributeDefinitions":[{"AttributeName":"isbn","AttributeType":"S"}],
            "KeySchema":[{"AttributeName":"isbn","KeyType":"HASH"}]})").result.isOk());
        for (int i = 0; i < 30; ++i) {
            QJsonObject item = json(R"({"title":{"S":"Book"},"price":{"N":"10.5"},"tags":{"SS":["a","b"]},
                                        "blob":{"B":"AAEC"},"info":{"M":{"pages":{"N":"100"},"list":{"L":[{"S":"x"},{"N":"1"}]}}}})");
            item.insert(QStringLiteral("isbn"), QJsonObject{{QStringLiteral("S"), QStringLiteral("b%1").arg(i, 2, 10, QLatin1Char('0'))}});
            QVERIFY(m_engine->callAndWait(QStringLiteral("PutItem"), {{QStringLiteral("TableName"), QStringLiteral("Books")},
                                                                       {QStringLiteral("Item"), item}}).result.isOk());
        }
        m_counting = std::make_unique<TestSupport::CountingApi>(m_engine.get());
        m_api = std::make_unique<Ui::BackgroundApi>(m_counting.get());
        m_browser = std::make_unique<Ui::TableBrowser>();
        m_browser->setApi(m_api.get());
        m_browser->setEndpointUrl(QStringLiteral("http://127.0.0.1:8000"));
        m_browser->resize(1100, 700);
        m_browser->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_browser.get()));
    }

    void cleanupTestCase()
    {
        m_browser.reset();
        m_api.reset();
        if (m_engine)
            m_engine->store().close();
    }

    void opensTable()
    {
        m_browser->openTable(QStringLiteral("Books"));
        QTRY_COMPARE(m_browser->model()->rowCount(), 30);
        QCOMPARE(m_browser->table().keys.hashName, QStringLiteral("isbn"));
        QCOMPARE(m_browser->model()->attributeNames().first(), QStringLiteral("isbn"));
        QTRY_VERIFY(m_browser->statusText().startsWith(QStringLiteral("30 of about 30 items shown, 1 page of Scan")));
    }

    void queryBuilderRunsQuery()
    {
        Ui::QueryPanel *panel = m_browser->queryPanel();
        panel->setQueryMode(true);
        panel->setPartitionValue(QStringLiteral("b07"));
        QVERIFY(panel->cliText().startsWith(QStringLiteral(
            "aws dynamodb query \\\n    --endpoint-url http://127.0.0.1:8000 \\\n    --table-name Books \\\n"
            "    --key-condition-expression '#isbn = :isbn' \\\n")));
        QVERIFY(panel->expressionText().startsWith(QStringLiteral("KeyConditionExpression: #isbn = :isbn")));
        m_counting->reset();
        m_browser->runQuery();
        QTRY_COMPARE(m_counting->count(QStringLiteral("Query")), 1);
        QTRY_COMPARE(m_browser->model()->rowCount(), 1);
        QCOMPARE(m_browser->model()->index(0, 0).data().toString(), QStringLiteral("b07"));
        // The copy button puts the command on the clipboard.
        auto *copy = panel->findChild<QWidget *>(QStringLiteral("copyPreview"));
        QVERIFY(copy);
        panel->findChild<QTabWidget *>()->setCurrentIndex(1);
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), panel->cliText());
        // Back to the whole table.
        panel->setQueryMode(false);
        m_browser->runQuery();
        QTRY_COMPARE(m_browser->model()->rowCount(), 30);
    }

    void keySchemaCheckedBeforeSave()
    {
        QPointer<Ui::ItemEditor> editor = m_browser->addItem();
        QVERIFY(editor);
        m_counting->reset();
        editor->editor()->setText(QStringLiteral(R"({"title": {"S": "No key"}})"));
        editor->save();
        QCOMPARE(editor->message(), QStringLiteral("The item has no \"isbn\": every item of Books needs its key attribute (isbn)."));
        editor->editor()->setText(QStringLiteral(R"({"isbn": {"N": "7"}})"));
        editor->save();
        QCOMPARE(editor->message(), QStringLiteral("The key attribute \"isbn\" must be of type S, not N."));
        // A syntax error is placed in the text.
        editor->editor()->setText(QStringLiteral("{\n  \"isbn\": {\"S\": \"x\"}\n  \"t\": 1\n}"));
        editor->save();
        QCOMPARE(editor->message(), QStringLiteral("Line 3, column 3: ',' or '}' was expected"));
        QCOMPARE(editor->editor()->errorLine(), 3);
        QTest::qWait(20);
        QCOMPARE(m_counting->count(QStringLiteral("PutItem")), 0);   // nothing reached the engine
        editor->close();
    }

    void editSavesAndUndoes()
    {
        const int row = m_browser->model()->rowOfKey(R"({"isbn":{"S":"b03"}})");
        QVERIFY(row >= 0);
        QPointer<Ui::ItemEditor> editor = m_browser->editItem(row);
        QVERIFY(editor);
        // Plain JSON: numbers exact; sets and binary keep their types when saved.
        editor->setFormat(Ui::ItemEditor::PlainJson);
        QString text = editor->editor()->text();
        QVERIFY(text.contains(QStringLiteral("\"price\": 10.5")));
        QVERIFY(text.contains(QStringLiteral("\"tags\": [")));
        text.replace(QStringLiteral("\"price\": 10.5"), QStringLiteral("\"price\": 12345678901234567890.123"));
        editor->editor()->setText(text);
        QSignalSpy saved(editor.data(), &Ui::ItemEditor::saved);
        editor->save();
        QTRY_COMPARE(saved.count(), 1);
        QTRY_VERIFY(!editor);   // closed after the save
        QJsonObject stored = getItem("b03");
        QCOMPARE(stored.value(QStringLiteral("price")).toObject().value(QStringLiteral("N")).toString(),
                 QStringLiteral("12345678901234567890.123"));
        QCOMPARE(typeOf(stored.value(QStringLiteral("tags")).toObject()), QStringLiteral("SS"));
        QCOMPARE(typeOf(stored.value(QStringLiteral("blob")).toObject()), QStringLiteral("B"));
        QCOMPARE(m_browser->undoStack()->count(), 1);
        QCOMPARE(m_browser->model()->index(row, int(m_browser->model()->attributeNames().indexOf(QStringLiteral("price")))).data().toString(),
                 QStringLiteral("12345678901234567890.123"));

        m_browser->undoStack()->undo();
        QTRY_COMPARE(getItem("b03").value(QStringLiteral("price")).toObject().value(QStringLiteral("N")).toString(), QStringLiteral("10.5"));
        m_browser->undoStack()->redo();
        QTRY_COMPARE(getItem("b03").value(QStringLiteral("price")).toObject().value(QStringLiteral("N")).toString(),
                     QStringLiteral("12345678901234567890.123"));
        m_browser->undoStack()->undo();
        QTRY_COMPARE(getItem("b03").value(QStringLiteral("price")).toObject().value(QStringLiteral("N")).toString(), QStringLiteral("10.5"));
        QTRY_COMPARE(m_browser->pendingWrites(), 0);
    }

    void conflictSaysWhatChanged()
    {
        const int row = m_browser->model()->rowOfKey(R"({"isbn":{"S":"b05"}})");
        QPointer<Ui::ItemEditor> editor = m_browser->editItem(row);
        QVERIFY(editor);
        // Someone else changes the item after it was loaded.
        QVERIFY(call("UpdateItem", R"({"TableName":"Books","Key":{"isbn":{"S":"b05"}},
            "UpdateExpression":"SET price = :p, stock = :s","ExpressionAttributeValues":{":p":{"N":"99"},":s":{"N":"3"}}})").result.isOk());
        QString text = editor->editor()->text();
        text.replace(QStringLiteral("\"Book\""), QStringLiteral("\"Mine\""));
        editor->editor()->setText(text);
        editor->save();
        QTRY_VERIFY(editor->hasConflict());
        QCOMPARE(editor->message(), QStringLiteral(
            "This item changed since you loaded it: price is 99 now (you loaded 10.5); stock was added. "
            "Reload to see it as it is now (your edits are dropped), or Overwrite to save yours anyway."));
        QVERIFY(editor->findChild<QPushButton *>(QStringLiteral("reloadItem"))->isVisible());
        // Nothing was overwritten.
        QCOMPARE(getItem("b05").value(QStringLiteral("title")).toObject().value(QStringLiteral("S")).toString(), QStringLiteral("Book"));

        // Reload: the current item replaces the text.
        editor->reload();
        QTRY_VERIFY(!editor->hasConflict() && editor->editor()->text().contains(QStringLiteral("\"stock\"")));
        QVERIFY(editor->editor()->text().contains(QStringLiteral("\"99\"")));

        // Another change, then Overwrite: the user's version wins.
        QVERIFY(call("UpdateItem", R"({"TableName":"Books","Key":{"isbn":{"S":"b05"}},
            "UpdateExpression":"SET price = :p","ExpressionAttributeValues":{":p":{"N":"1"}}})").result.isOk());
        text = editor->editor()->text();
        text.replace(QStringLiteral("\"Book\""), QStringLiteral("\"Mine\""));
        editor->editor()->setText(text);
        editor->save();
        QTRY_VERIFY(editor->hasConflict());
        QVERIFY(editor->message().contains(QStringLiteral("price is 1 now (you loaded 99)")));
        editor->overwrite();
        QTRY_VERIFY(!editor);
        const QJsonObject stored = getItem("b05");
        QCOMPARE(stored.value(QStringLiteral("title")).toObject().value(QStringLiteral("S")).toString(), QStringLiteral("Mine"));
        QCOMPARE(stored.value(QStringLiteral("price")).toObject().value(QStringLiteral("N")).toString(), QStringLiteral("99"));
        // Undo puts back what the overwrite replaced (price 1), not what was first loaded.
        m_browser->undoStack()->undo();
        QTRY_COMPARE(getItem("b05").value(QStringLiteral("price")).toObject().value(QStringLiteral("N")).toString(), QStringLiteral("1"));
    }

    void addDuplicateDelete()
    {
        Ui::ItemGridModel *model = m_browser->model();
        const int rows = model->rowCount();
        // Duplicate keeps the key until changed: saving it as is would overwrite, which is refused.
        QPointer<Ui::ItemEditor> copy = m_browser->duplicateItem(model->rowOfKey(R"({"isbn":{"S":"b01"}})"));
        QVERIFY(copy && copy->isNew());
        copy->save();
        QTRY_VERIFY(copy->hasConflict());
        QCOMPARE(copy->message(), QStringLiteral("An item with this key already exists in Books. Overwrite replaces it; Reload shows it."));
        QString text = copy->editor()->text();
        text.replace(QStringLiteral("\"b01\""), QStringLiteral("\"new1\""));
        copy->editor()->setText(text);
        copy->save();
        QTRY_VERIFY(!copy);
        QCOMPARE(getItem("new1").value(QStringLiteral("title")), getItem("b01").value(QStringLiteral("title")));
        QCOMPARE(model->rowCount(), rows + 1);

        // Add from the key skeleton.
        QPointer<Ui::ItemEditor> added = m_browser->addItem();
        QVERIFY(added->editor()->text().contains(QStringLiteral("\"isbn\"")));
        added->editor()->setText(QStringLiteral(R"({"isbn":{"S":"new2"},"n":{"NS":["1","2"]}})"));
        added->save();
        QTRY_VERIFY(!added);
        QVERIFY(!getItem("new2").isEmpty());

        // Delete three at once: one undoable step.
        const int undoBefore = m_browser->undoStack()->count();
        m_browser->deleteItems({model->item(model->rowOfKey(R"({"isbn":{"S":"new1"}})")),
                                model->item(model->rowOfKey(R"({"isbn":{"S":"new2"}})")),
                                model->item(model->rowOfKey(R"({"isbn":{"S":"b10"}})"))},
                               false);
        QTRY_VERIFY(getItem("new1").isEmpty() && getItem("new2").isEmpty() && getItem("b10").isEmpty());
        QTRY_COMPARE(model->rowCount(), rows - 1);
        QCOMPARE(m_browser->undoStack()->count(), undoBefore + 1);
        m_browser->undoStack()->undo();
        QTRY_VERIFY(!getItem("new1").isEmpty() && !getItem("new2").isEmpty() && !getItem("b10").isEmpty());
        QTRY_COMPARE(model->rowCount(), rows + 2);
        // Undo twice more: the add and the duplicate go.
        m_browser->undoStack()->undo();
        m_browser->undoStack()->undo();
        QTRY_VERIFY(getItem("new1").isEmpty() && getItem("new2").isEmpty());
        QTRY_COMPARE(m_browser->pendingWrites(), 0);
        QTRY_COMPARE(model->rowCount(), rows);
    }

    void exportImportRoundTrip_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("batchWrite");
        QTest::newRow("json lines") << int(Ui::ItemFormats::Format::DynamoJsonLines) << QStringLiteral("books.jsonl") << true;
        QTest::newRow("json lines, no BatchWriteItem") << int(Ui::ItemFormats::Format::DynamoJsonLines)
                                                        << QStringLiteral("books2.jsonl") << false;
        QTest::newRow("csv") << int(Ui::ItemFormats::Format::Csv) << QStringLiteral("books.csv") << true;
    }
    void exportImportRoundTrip()
    {
        QFETCH(int, format);
        QFETCH(QString, file);
        QFETCH(bool, batchWrite);
        m_browser->openTable(QStringLiteral("Books"));
        QTRY_COMPARE(m_browser->model()->rowCount(), 30);
        const QString path = m_dir.filePath(file);
        Ui::ItemExport *exporter = m_browser->exportFile(path, format);
        QVERIFY(exporter);
        QSignalSpy exported(exporter, &Ui::ItemExport::finished);
        QTRY_COMPARE(exported.count(), 1);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY(QFile::exists(path));

        const QString copy = QStringLiteral("Copy%1").arg(++m_copies);
        QVERIFY(call("CreateTable", QStringLiteral(R"({"TableName":"%1","BillingMode":"PAY_PER_REQUEST",
            "AttributeDefinitions":[{"AttributeName":"isbn","AttributeType":"S"}],
            "KeySchema":[{"AttributeName":"isbn","KeyType":"HASH"}]})").arg(copy).toUtf8()).result.isOk());
        m_browser->openTable(copy);
        QTRY_COMPARE(m_browser->table().name, copy);
        TestSupport::CountingApi *counting = m_counting.get();
        counting->reset();
        counting->setUnknown(QStringLiteral("BatchWriteItem"), !batchWrite);
        Ui::ItemImport *importer = m_browser->importFile(path);
        QVERIFY(importer);
        QSignalSpy imported(importer, &Ui::ItemImport::finished);
        QTRY_COMPARE(imported.count(), 1);
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        const bool engineBatches = batchWrite && Tables::TableEngine::isKnownOperation(QStringLiteral("BatchWriteItem"));
        QCOMPARE(counting->count(QStringLiteral("PutItem")), engineBatches ? 0 : 30);
        // One probe when the endpoint lacks it; 30 items in groups of 25 when it has it.
        QCOMPARE(counting->count(QStringLiteral("BatchWriteItem")), engineBatches ? 2 : 1);
        QVERIFY(imported.first().at(1).toString().startsWith(QStringLiteral("Imported 30 items with %1.")
                    .arg(engineBatches ? QStringLiteral("BatchWriteItem") : QStringLiteral("PutItem"))));
        QCOMPARE(scanAll(copy), scanAll(QStringLiteral("Books")));
        QTRY_COMPARE(m_browser->model()->rowCount(), 30);
        counting->setUnknown(QStringLiteral("BatchWriteItem"), false);
    }

    void exportCancelLeavesNoFile()
    {
        m_browser->openTable(QStringLiteral("Books"));
        QTRY_COMPARE(m_browser->model()->rowCount(), 30);
        const QString path = m_dir.filePath(QStringLiteral("cancelled.jsonl"));
        Ui::ItemExport *exporter = m_browser->exportFile(path, int(Ui::ItemFormats::Format::DynamoJsonLines));
        QSignalSpy done(exporter, &Ui::ItemExport::finished);
        exporter->cancel();
        QTRY_COMPARE(done.count(), 1);
        QVERIFY(!done.first().at(0).toBool());
        QVERIFY(done.first().at(1).toString().startsWith(QStringLiteral("Export cancelled")));
        QVERIFY(!QFile::exists(path));
    }

    void createTableDialog()
    {
        Ui::CreateTableDialog dialog(m_api.get());
        dialog.setTableName(QStringLiteral("Orders"));
        dialog.setPartitionKey(QStringLiteral("customer"), QStringLiteral("S"));
        dialog.setSortKey(QStringLiteral("orderedAt"), QStringLiteral("N"));
        dialog.setProvisioned(true, 7, 3);
        dialog.addIndex(QStringLiteral("GSI"), QStringLiteral("byStatus"), QStringLiteral("status"), QStringLiteral("S"),
                        QStringLiteral("orderedAt"), QStringLiteral("N"), QStringLiteral("INCLUDE"), QStringLiteral("total, items"));
        dialog.addIndex(QStringLiteral("LSI"), QStringLiteral("byTotal"), QStringLiteral("customer"), QStringLiteral("S"),
                        QStringLiteral("total"), QStringLiteral("N"), QStringLiteral("KEYS_ONLY"));
        dialog.setTimeToLiveAttribute(QStringLiteral("expiresAt"));
        const QJsonObject request = dialog.createTableRequest();
        QCOMPARE(request.value(QStringLiteral("AttributeDefinitions")).toArray().size(), 4);
        QCOMPARE(request.value(QStringLiteral("GlobalSecondaryIndexes"))[0][QStringLiteral("Projection")][QStringLiteral("NonKeyAttributes")]
                     .toArray().size(), 2);
        QCOMPARE(request.value(QStringLiteral("ProvisionedThroughput"))[QStringLiteral("ReadCapacityUnits")].toInt(), 7);
        QSignalSpy created(&dialog, &Ui::CreateTableDialog::created);
        dialog.create();
        QTRY_COMPARE(created.count(), 1);
        QTRY_VERIFY(!dialog.isBusy());
        const QJsonObject table = call("DescribeTable", R"({"TableName":"Orders"})").result->value(QStringLiteral("Table")).toObject();
        QCOMPARE(table.value(QStringLiteral("GlobalSecondaryIndexes"))[0][QStringLiteral("IndexName")].toString(), QStringLiteral("byStatus"));
        QCOMPARE(table.value(QStringLiteral("LocalSecondaryIndexes"))[0][QStringLiteral("IndexName")].toString(), QStringLiteral("byTotal"));
        if (Tables::TableEngine::isKnownOperation(QStringLiteral("UpdateTimeToLive"))) {
            QCOMPARE(dialog.message(), QStringLiteral("Created Orders with time to live on \"expiresAt\"."));
        } else {
            // The engine's own error, shown as it comes.
            QVERIFY2(dialog.message().startsWith(QStringLiteral("Created Orders, but time to live was not set: UnknownOperationException")),
                     qPrintable(dialog.message()));
        }

        // The engine's validation message for a bad request, word for word.
        Ui::CreateTableDialog bad(m_api.get());
        bad.setTableName(QStringLiteral("x"));
        bad.setPartitionKey(QStringLiteral("id"), QStringLiteral("S"));
        bad.create();
        QTRY_VERIFY(!bad.isBusy());
        QCOMPARE(bad.message(), QStringLiteral("ValidationException: 1 validation error detected: Value 'x' at 'tableName' failed to "
                                               "satisfy constraint: Member must have length greater than or equal to 3"));
    }

    // The index list comes from DescribeTable; a Query on a GSI with a BETWEEN sort-key condition.
    void queryOnIndex()
    {
        for (int i = 1; i <= 6; ++i) {
            QVERIFY(call("PutItem", QStringLiteral(R"({"TableName":"Orders","Item":{"customer":{"S":"c%1"},
                "orderedAt":{"N":"%1"},"status":{"S":"%2"},"total":{"N":"%1.5"}}})")
                                        .arg(i).arg(i % 2 ? QStringLiteral("open") : QStringLiteral("shipped")).toUtf8())
                        .result.isOk());
        }
        m_browser->openTable(QStringLiteral("Orders"));
        QTRY_COMPARE(m_browser->table().name, QStringLiteral("Orders"));
        QTRY_COMPARE(m_browser->model()->rowCount(), 6);
        QCOMPARE(m_browser->table().indexes.size(), 2);
        Ui::QueryPanel *panel = m_browser->queryPanel();
        panel->setQueryMode(true);
        panel->setIndex(QStringLiteral("byStatus"));
        panel->setPartitionValue(QStringLiteral("open"));
        panel->setSortCondition(Ui::QueryBuilder::Op::Between, QStringLiteral("2"), QStringLiteral("5"));
        panel->setForward(false);
        QVERIFY(panel->cliText().contains(QStringLiteral("--index-name byStatus")));
        QVERIFY(panel->cliText().contains(QStringLiteral("'#status = :status AND #orderedAt BETWEEN :orderedAt_from AND :orderedAt_to'")));
        m_browser->runQuery();
        QTRY_VERIFY(m_browser->model()->pagesFetched() == 1 && !m_browser->model()->isFetching());
        QCOMPARE(m_browser->model()->lastError(), QString());
        QCOMPARE(m_browser->model()->rowCount(), 2);   // orders 3 and 5, descending
        const int orderedAt = int(m_browser->model()->attributeNames().indexOf(QStringLiteral("orderedAt")));
        QCOMPARE(m_browser->model()->index(0, orderedAt).data().toString(), QStringLiteral("5"));
        QCOMPARE(m_browser->model()->index(1, orderedAt).data().toString(), QStringLiteral("3"));
    }

private:
    Tables::ApiReply call(const char *operation, const QByteArray &body)
    {
        return m_engine->callAndWait(QLatin1String(operation), QJsonDocument::fromJson(body).object());
    }
    QJsonObject getItem(const char *isbn)
    {
        const Tables::ApiReply reply = m_engine->callAndWait(
            QStringLiteral("GetItem"), {{QStringLiteral("TableName"), QStringLiteral("Books")},
                                        {QStringLiteral("Key"), QJsonObject{{QStringLiteral("isbn"), QJsonObject{{QStringLiteral("S"), QLatin1String(isbn)}}}}},
                                        {QStringLiteral("ConsistentRead"), true}});
        return reply.result.isOk() ? reply.result->value(QStringLiteral("Item")).toObject() : QJsonObject();
    }
    QStringList scanAll(const QString &table)
    {
        QStringList items;
        const Tables::ApiReply reply = m_engine->callAndWait(QStringLiteral("Scan"), {{QStringLiteral("TableName"), table}});
        for (const QJsonValue &v : reply.result->value(QStringLiteral("Items")).toArray())
            items << compact(v.toObject());
        items.sort();
        return items;
    }

    std::shared_ptr<Tables::TableEngine> m_engine;
    std::unique_ptr<TestSupport::CountingApi> m_counting;
    std::unique_ptr<Ui::BackgroundApi> m_api;
    std::unique_ptr<Ui::TableBrowser> m_browser;
    QTemporaryDir m_dir;
    int m_copies = 0;
};

QTEST_MAIN(TestTableBrowser)
#include "tst_tablebrowser.moc"
