#include <observe/accesslog.h>

#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace Gatehouse::Observe;

namespace {
RecordPtr makeRecord(const QByteArray &method, const QByteArray &target, int status,
                     qint64 bytes, const QVariantMap &notes = {})
{
    auto r = std::make_shared<RequestRecord>();
    r->requestId = "3f1c0e2a-1111-4222-8333-444455556666";
    r->peerAddress = QStringLiteral("127.0.0.1");
    r->startedAt = QDateTime(QDate(2026, 11, 5), QTime(9, 4, 3, 250), QTimeZone::utc());
    r->method = method;
    r->target = target;
    r->status = status;
    r->responseBodySize = bytes;
    r->notes = notes;
    return r;
}
} // namespace

class TestAccessLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formatLine_data();
    void formatLine();
    void writesOnFlush();
    void openFailure();
};

void TestAccessLog::formatLine_data()
{
    QTest::addColumn<RecordPtr>("record");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("get") << makeRecord("GET", "/items?x=1", 200, 17)
                         << QByteArray("127.0.0.1 - - [05/Nov/2026:09:04:03 +0000] \"GET "
                                       "/items?x=1 HTTP/1.1\" 200 17 "
                                       "\"3f1c0e2a-1111-4222-8333-444455556666\"");
    QTest::newRow("empty body, http/1.0")
        << makeRecord("HEAD", "/", 204, 0, {{QStringLiteral("httpVersion"), "HTTP/1.0"}})
        << QByteArray("127.0.0.1 - - [05/Nov/2026:09:04:03 +0000] \"HEAD / HTTP/1.0\" 204 - "
                      "\"3f1c0e2a-1111-4222-8333-444455556666\"");
    QTest::newRow("quotes and control bytes escaped")
        << makeRecord("GET", "/a\"b\nc", 400, 5)
        << QByteArray("127.0.0.1 - - [05/Nov/2026:09:04:03 +0000] \"GET /a\\x22b\\x0Ac "
                      "HTTP/1.1\" 400 5 \"3f1c0e2a-1111-4222-8333-444455556666\"");
}

void TestAccessLog::formatLine()
{
    QFETCH(RecordPtr, record);
    QFETCH(QByteArray, line);
    QCOMPARE(AccessLog::formatLine(*record), line);
}

void TestAccessLog::writesOnFlush()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    AccessLog log(path);
    QVERIFY(log.open().isOk());
    log.publish(makeRecord("GET", "/1", 200, 1));
    log.publish(makeRecord("POST", "/2", 201, 2));
    QFile file(path);
    QCOMPARE(file.size(), 0); // buffered, not written by publish()
    log.flush();
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).contains("\"GET /1 HTTP/1.1\" 200 1"));
    QVERIFY(lines.at(1).contains("\"POST /2 HTTP/1.1\" 201 2"));
    QVERIFY(lines.at(2).isEmpty());
    log.publish(makeRecord("GET", "/3", 200, 3));
    log.close(); // flushes
    file.seek(0);
    QCOMPARE(file.readAll().count('\n'), 3);
}

void TestAccessLog::openFailure()
{
    AccessLog log(QStringLiteral("/nonexistent-dir/for/sure/access.log"));
    const auto status = log.open();
    QVERIFY(!status.isOk());
    QVERIFY(status.message().contains(u"cannot open access log"));
}

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
