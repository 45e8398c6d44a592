#include <ui/tables/itemwrites.h>
#include <ui/tables/tablebrowser.h>
#include <ui/tables/tablejson.h>

#include <QCoreApplication>

namespace Gatehouse::Ui {

namespace ItemWrites {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Gatehouse::Ui::ItemWrites", text, disambiguation, n);
}
}

void addUnchangedCondition(QJsonObject *request, const QJsonObject &item, const QStringList &keyNames)
{
    QJsonObject names = request->value(QStringLiteral("ExpressionAttributeNames")).toObject();
    QJsonObject values = request->value(QStringLiteral("ExpressionAttributeValues")).toObject();
    QStringList parts;
    if (item.isEmpty()) {
        const QString n = QStringLiteral("#k0");
        names.insert(n, keyNames.value(0));
        parts << QStringLiteral("attribute_not_exists(%1)").arg(n);
    } else {
        int i = 0;
        for (auto it = item.begin(); it != item.end(); ++it, ++i) {
            const QString n = QStringLiteral("#a%1").arg(i);
            const QString v = QStringLiteral(":v%1").arg(i);
            names.insert(n, it.key());
            values.insert(v, it.value());
            parts << QStringLiteral("%1 = %2").arg(n, v);
        }
    }
    request->insert(QStringLiteral("ConditionExpression"), parts.join(QStringLiteral(" AND ")));
    request->insert(QStringLiteral("ExpressionAttributeNames"), names);
    if (!values.isEmpty())
        request->insert(QStringLiteral("ExpressionAttributeValues"), values);
}

Write write(const QString &table, const QStringList &keyNames, const QJsonObject &before,
            const QJsonObject &after, bool conditional)
{
    Write w;
    if (after.isEmpty()) {
        w.operation = QStringLiteral("DeleteItem");
        w.request = {{QStringLiteral("TableName"), table},
                     {QStringLiteral("Key"), TableJson::keyOf(before, keyNames)}};
    } else {
        w.operation = QStringLiteral("PutItem");
        w.request = {{QStringLiteral("TableName"), table}, {QStringLiteral("Item"), after}};
    }
    if (conditional) {
        addUnchangedCondition(&w.request, before, keyNames);
        // The item as it is now comes back with a failed check: the conflict message can say
        // what changed, and "reload" needs no second call.
        w.request.insert(QStringLiteral("ReturnValuesOnConditionCheckFailure"), QStringLiteral("ALL_OLD"));
    }
    return w;
}

QString differences(const QJsonObject &loaded, const QJsonObject &current, int maxParts)
{
    if (current.isEmpty())
        return tr("the item was deleted");
    QStringList parts;
    for (auto it = loaded.begin(); it != loaded.end(); ++it) {
        const auto now = current.constFind(it.key());
        if (now == current.constEnd())
            parts << tr("%1 was removed").arg(it.key());
        else if (now.value() != it.value())
            parts << tr("%1 is %2 now (you loaded %3)")
                         .arg(it.key(), TableJson::cellText(now.value().toObject(), 40),
                              TableJson::cellText(it.value().toObject(), 40));
    }
    for (auto it = current.begin(); it != current.end(); ++it) {
        if (!loaded.contains(it.key()))
            parts << tr("%1 was added").arg(it.key());
    }
    if (parts.size() > maxParts) {
        const int more = int(parts.size()) - maxParts;
        parts = parts.mid(0, maxParts);
        parts << TableJson::count(more, tr("more change"), tr("more changes"));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace ItemWrites

ItemWriteCommand::ItemWriteCommand(TableBrowser *browser, const QJsonObject &before, const QJsonObject &after,
                                   const QString &text, bool alreadyDone, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_browser(browser)
    , m_before(before)
    , m_after(after)
    , m_skipRedo(alreadyDone)
{
}

void ItemWriteCommand::redo()
{
    if (std::exchange(m_skipRedo, false))
        return;
    m_browser->applyWrite(m_before, m_after, text());
}

void ItemWriteCommand::undo()
{
    m_browser->applyWrite(m_after, m_before, QCoreApplication::translate("Gatehouse::Ui::ItemWrites", "Undo %1").arg(text()));
}

} // namespace Gatehouse::Ui
