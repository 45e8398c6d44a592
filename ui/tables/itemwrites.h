// Thread affinity: GUI thread (the undo commands); the request builders are pure.
#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QUndoCommand>

namespace Gatehouse::Ui {

class TableBrowser;

namespace ItemWrites {

// The condition "the item is still exactly `item`": every attribute equal (#a0 = :v0 AND ...),
// or, for no item, "no item has this key" (attribute_not_exists on the partition key). Merged
// into `request` with its names and values.
void addUnchangedCondition(QJsonObject *request, const QJsonObject &item, const QStringList &keyNames);

// PutItem of `after` (or DeleteItem of `before`'s key when `after` is empty) that succeeds only
// if the stored item is still `before` (empty: absent). `conditional` false: unconditional.
struct Write
{
    QString operation;
    QJsonObject request;
};
Write write(const QString &table, const QStringList &keyNames, const QJsonObject &before,
            const QJsonObject &after, bool conditional = true);

// A short description of what differs between two items, for a conflict message:
// "price is 12 now (you loaded 10); stock was added".
QString differences(const QJsonObject &loaded, const QJsonObject &current, int maxParts = 4);

} // namespace ItemWrites

// One item write (add, edit or delete) on the undo stack: redo writes `after`, undo writes
// `before` back, each conditional on the item being what the other side left, so an undo never
// silently overwrites someone else's later change. The write itself is asynchronous; the browser
// reports failures.
class ItemWriteCommand : public QUndoCommand
{
public:
    ItemWriteCommand(TableBrowser *browser, const QJsonObject &before, const QJsonObject &after,
                     const QString &text, bool alreadyDone, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    TableBrowser *m_browser;
    QJsonObject m_before;
    QJsonObject m_after;
    bool m_skipRedo;
};

} // namespace Gatehouse::Ui
