// Thread affinity: call from the GUI thread; `onReply` runs on the GUI thread.
#pragma once

#include <tables/dynamoapi.h>

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

namespace Gatehouse::Ui {

// Calls the DynamoDB API and delivers the reply on the GUI thread to `receiver`, or drops it
// when the receiver is gone. Reads answer synchronously; writes answer on the store's writer
// thread, so the reply is posted through the application object (which outlives every view)
// and the receiver is checked only once back on the GUI thread.
template<typename Receiver, typename Fn>
void callApi(Tables::DynamoApi *api, Receiver *receiver, const QString &operation,
             const QJsonObject &request, Fn onReply)
{
    QPointer<Receiver> guard(receiver);
    QThread *guiThread = receiver->thread();
    api->call(operation, request, [guard, guiThread, onReply](Tables::ApiReply reply) {
        if (QThread::currentThread() == guiThread) {
            if (guard)
                onReply(guard.data(), reply);
            return;
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, onReply, reply]() {
                if (guard)
                    onReply(guard.data(), reply);
            },
            Qt::QueuedConnection);
    });
}

} // namespace Gatehouse::Ui
