#include <common/handoff.h>

#include <QStringList>
#include <QTest>

#include <thread>

using Gatehouse::HandOffScope;

class TestHandOff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Without a scope nothing is kept: the caller wakes the receiver itself.
    void noScopeDefersNothing()
    {
        int woken = 0;
        QVERIFY(!HandOffScope::defer(this, [&woken] { ++woken; }));
        QCOMPARE(woken, 0);
    }

    // In a scope, the wake-ups wait for its end, then run once per receiver, in order.
    void wakesOncePerReceiverAtTheEnd()
    {
        QStringList log;
        int a = 0, b = 0;
        {
            HandOffScope scope;
            QVERIFY(HandOffScope::defer(&a, [&log] { log << "a"; }));
            QVERIFY(HandOffScope::defer(&b, [&log] { log << "b"; }));
            QVERIFY(HandOffScope::defer(&a, [&log] { log << "a again"; }));
            QVERIFY(log.isEmpty());
        }
        QCOMPARE(log, QStringList({"a", "b"}));
        // The scope is gone: nothing is kept any more, and nothing runs twice.
        QVERIFY(!HandOffScope::defer(&a, [&log] { log << "late"; }));
        QCOMPARE(log, QStringList({"a", "b"}));
    }

    // Nested scopes deliver at the end of the outermost one.
    void nestedScopesDeliverAtTheOutermostEnd()
    {
        QStringList log;
        int a = 0;
        {
            HandOffScope outer;
            {
                HandOffScope inner;
                QVERIFY(HandOffScope::defer(&a, [&log] { log << "a"; }));
            }
            QVERIFY(log.isEmpty());
        }
        QCOMPARE(log, QStringList({"a"}));
    }

    // A scope belongs to its thread: another thread's hand-offs are not held by it.
    void scopesArePerThread()
    {
        HandOffScope scope;
        bool deferredThere = true;
        std::thread other([&deferredThere] {
            int r = 0;
            deferredThere = HandOffScope::defer(&r, [] {});
        });
        other.join();
        QVERIFY(!deferredThere);
    }

    // A wake-up that opens a scope and defers again runs what it gathered itself.
    void wakeThatDefersAgain()
    {
        QStringList log;
        int a = 0, b = 0;
        {
            HandOffScope scope;
            HandOffScope::defer(&a, [&log, &b] {
                log << "a";
                HandOffScope inner;
                QVERIFY(HandOffScope::defer(&b, [&log] { log << "b"; }));
            });
        }
        QCOMPARE(log, QStringList({"a", "b"}));
    }
};

QTEST_APPLESS_MAIN(TestHandOff)
#include "tst_handoff.moc"
