#include <common/handoff.h>
#include <http/connectionlink.h>
#include <http/threadmailbox.h>

#include <QCoreApplication>
#include <QEvent>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

using namespace Gatehouse;
using namespace Gatehouse::Http;

namespace {

// Counts the queued calls (the mailbox's drain events) a receiver gets.
class Receiver : public QObject
{
public:
    std::atomic<int> metaCalls{0};
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::MetaCall)
            ++metaCalls;
        return QObject::event(e);
    }
};

// A link whose connection is "open". The mailbox only tests the pointer, never follows it.
std::shared_ptr<ConnectionLink> openLink(const std::shared_ptr<ThreadMailbox> &mailbox)
{
    static int stand_in;
    auto link = std::make_shared<ConnectionLink>();
    link->connection = reinterpret_cast<HttpConnection *>(&stand_in);
    link->mailbox = mailbox;
    return link;
}

} // namespace

class TestThreadMailbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Tasks from another thread run on the receiver's thread, in the order they were posted.
    void runsOnTheReceiversThreadInOrder()
    {
        Receiver receiver;
        auto mailbox = std::make_shared<ThreadMailbox>(&receiver);
        auto link = openLink(mailbox);
        std::vector<int> order;
        std::atomic<bool> wrongThread{false};
        QThread *const mine = QThread::currentThread();
        std::thread poster([&] {
            for (int i = 0; i < 50; ++i) {
                mailbox->post(link, [&order, &wrongThread, mine, i] {
                    if (QThread::currentThread() != mine)
                        wrongThread = true;
                    order.push_back(i);
                });
            }
        });
        poster.join();
        QTRY_COMPARE(order.size(), size_t(50));
        QVERIFY(!wrongThread);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(order[size_t(i)], i);
        // Fifty posts while the receiver was not draining: far fewer events than tasks.
        QVERIFY2(receiver.metaCalls < 50, qPrintable(QString::number(receiver.metaCalls)));
    }

    // Inside a HandOffScope, a group's answers reach the receiver only when the scope ends,
    // with one wake-up for all of them.
    void oneWakeUpForAGroupAtItsEnd()
    {
        QThread listener;
        listener.start();
        auto receiver = std::make_unique<Receiver>();
        receiver->moveToThread(&listener);
        auto mailbox = std::make_shared<ThreadMailbox>(receiver.get());
        // Also on a failed check: the receiver goes with its thread, then the thread.
        const auto stop = qScopeGuard([&] {
            mailbox->close();
            QMetaObject::invokeMethod(receiver.release(), &QObject::deleteLater);
            listener.quit();
            listener.wait();
        });
        auto link = openLink(mailbox);
        QSemaphore ran;
        {
            HandOffScope scope;
            for (int i = 0; i < 8; ++i)
                mailbox->post(link, [&ran] { ran.release(); });
            // The listener thread is idle and would run a posted task at once: none arrives
            // while the scope is open.
            QVERIFY(!ran.tryAcquire(1, 50));
        }
        QVERIFY(ran.tryAcquire(8, 10000));
        QCOMPARE(receiver->metaCalls.load(), 1);
    }

    // A task whose connection closed before it ran is dropped.
    void dropsTasksOfClosedConnections()
    {
        Receiver receiver;
        auto mailbox = std::make_shared<ThreadMailbox>(&receiver);
        auto open = openLink(mailbox);
        auto closed = openLink(mailbox);
        int openRan = 0, closedRan = 0;
        mailbox->post(open, [&openRan] { ++openRan; });
        mailbox->post(closed, [&closedRan] { ++closedRan; });
        closed->connection = nullptr; // as ~HttpConnection does, before the drain
        QTRY_COMPARE(openRan, 1);
        QCoreApplication::processEvents();
        QCOMPARE(closedRan, 0);
    }

    // After close() (the server is going away) posts and queued tasks are dropped.
    void closedMailboxDropsEverything()
    {
        auto receiver = std::make_unique<Receiver>();
        auto mailbox = std::make_shared<ThreadMailbox>(receiver.get());
        auto link = openLink(mailbox);
        int ran = 0;
        mailbox->post(link, [&ran] { ++ran; });
        mailbox->close();
        mailbox->post(link, [&ran] { ++ran; });
        receiver.reset(); // Qt discards the drain event posted to it
        QCoreApplication::processEvents();
        QCOMPARE(ran, 0);
    }
};

QTEST_GUILESS_MAIN(TestThreadMailbox)
#include "tst_threadmailbox.moc"
