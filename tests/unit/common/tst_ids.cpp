#include <common/ids.h>

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <thread>

class TestIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // x-amzn-RequestId has the shape of a random UUID: version 4, RFC 4122 variant, lower case.
    void requestIdShape()
    {
        const QRegularExpression shape(QStringLiteral(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        for (int i = 0; i < 1000; ++i) {
            const QByteArray id = Gatehouse::newRequestId();
            QVERIFY2(shape.match(QString::fromLatin1(id)).hasMatch(), id.constData());
        }
    }

    // Ids from several threads (each with its own generator) never collide.
    void requestIdsUniqueAcrossThreads()
    {
        constexpr int perThread = 20000;
        QList<QByteArray> ids[4];
        std::thread threads[4];
        for (int t = 0; t < 4; ++t) {
            threads[t] = std::thread([&ids, t] {
                for (int i = 0; i < perThread; ++i)
                    ids[t].append(Gatehouse::newRequestId());
            });
        }
        for (auto &thread : threads)
            thread.join();
        QSet<QByteArray> all;
        for (const auto &list : ids) {
            for (const QByteArray &id : list)
                all.insert(id);
        }
        QCOMPARE(all.size(), 4 * perThread);
    }
};

QTEST_GUILESS_MAIN(TestIds)
#include "tst_ids.moc"
