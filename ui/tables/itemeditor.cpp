#include <ui/apicall.h>
#include <ui/tables/itemeditor.h>
#include <ui/tables/itemwrites.h>
#include <ui/tables/jsoneditor.h>
#include <ui/tables/tablejson.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

ItemEditor::ItemEditor(Tables::DynamoApi *api, const TableInfo &table, const QJsonObject &original,
                       const QJsonObject &initial, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_table(table)
    , m_original(original)
    , m_format(new QComboBox(this))
    , m_editor(new JsonEditor(this))
    , m_message(new QLabel(this))
    , m_reload(new QPushButton(tr("Reload"), this))
    , m_overwrite(new QPushButton(tr("Overwrite"), this))
    , m_save(new QPushButton(tr("Save"), this))
{
    setObjectName(QStringLiteral("itemEditor"));
    const QString key = TableJson::write(TableJson::plainFromItem(TableJson::keyOf(initial, table.keys.names()),
                                                                  table.keys.names()), -1);
    setWindowTitle(original.isEmpty() ? tr("New item in %1").arg(table.name)
                                      : tr("%1 %2").arg(table.name, key));
    m_format->setObjectName(QStringLiteral("itemFormat"));
    m_format->addItem(tr("DynamoDB JSON"), DynamoJson);
    m_format->addItem(tr("Plain JSON"), PlainJson);
    m_format->setToolTip(tr("Plain JSON has no sets or binary: they show as arrays and base64 text and "
                            "keep their type when switched back or saved."));
    m_editor->setObjectName(QStringLiteral("itemText"));
    m_editor->setMinimumSize(560, 360);
    m_message->setObjectName(QStringLiteral("itemMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setContentsMargins(6, 4, 6, 4);
    m_message->setAutoFillBackground(true);
    m_message->hide();
    m_reload->setObjectName(QStringLiteral("reloadItem"));
    m_reload->setToolTip(tr("Show the item as it is now; your edits are dropped"));
    m_overwrite->setObjectName(QStringLiteral("overwriteItem"));
    m_overwrite->setToolTip(tr("Save your version regardless of the change"));
    m_reload->hide();
    m_overwrite->hide();
    m_save->setObjectName(QStringLiteral("saveItem"));
    m_save->setDefault(true);

    auto *top = new QHBoxLayout;
    auto *keys = new QLabel(tr("Key: %1").arg(table.keys.rangeName.isEmpty()
                                                  ? QStringLiteral("%1 (%2)").arg(table.keys.hashName, table.keys.hashType)
                                                  : QStringLiteral("%1 (%2), %3 (%4)")
                                                        .arg(table.keys.hashName, table.keys.hashType,
                                                             table.keys.rangeName, table.keys.rangeType)),
                            this);
    top->addWidget(keys, 1);
    top->addWidget(new QLabel(tr("View as"), this));
    top->addWidget(m_format);

    auto *conflictRow = new QHBoxLayout;
    conflictRow->addWidget(m_message, 1);
    conflictRow->addWidget(m_reload, 0, Qt::AlignTop);
    conflictRow->addWidget(m_overwrite, 0, Qt::AlignTop);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    disconnect(buttons, &QDialogButtonBox::accepted, nullptr, nullptr);
    connect(m_save, &QPushButton::clicked, this, &ItemEditor::save);
    connect(m_reload, &QPushButton::clicked, this, &ItemEditor::reload);
    connect(m_overwrite, &QPushButton::clicked, this, &ItemEditor::overwrite);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    layout->addLayout(conflictRow);
    layout->addWidget(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this](int index) {
        const Format wanted = Format(m_format->itemData(index).toInt());
        if (wanted != m_formatValue)
            setFormat(wanted);
    });
    m_current = original;
    setText(initial);
    resize(720, 560);
}

QString ItemEditor::message() const
{
    return m_message->isVisible() || !m_message->text().isEmpty() ? m_message->text() : QString();
}

void ItemEditor::setFormat(Format format)
{
    if (format == m_formatValue)
        return;
    auto item = currentItem();
    if (!item) {
        // The text does not parse: stay where the error is.
        const QSignalBlocker block(m_format);
        m_format->setCurrentIndex(m_format->findData(m_formatValue));
        return;
    }
    m_formatValue = format;
    {
        const QSignalBlocker block(m_format);
        m_format->setCurrentIndex(m_format->findData(format));
    }
    setText(*item);
}

void ItemEditor::setText(const QJsonObject &item)
{
    const QStringList keys = m_table.keys.names();
    // Plain JSON leans on the item's types to bring sets and binary back.
    m_hints = item;
    const TableJson::Node node = m_formatValue == DynamoJson ? TableJson::dynamoNode(item, keys)
                                                             : TableJson::plainFromItem(item, keys);
    m_editor->setText(TableJson::write(node, 2) + u'\n');
}

Result<QJsonObject> ItemEditor::currentItem()
{
    TableJson::Node node;
    TableJson::ParseError error;
    if (!TableJson::parse(m_editor->text(), &node, &error)) {
        m_editor->showError(error.line, error.column);
        const QString text = tr("Line %1, column %2: %3").arg(error.line).arg(error.column).arg(error.message);
        showMessage(text, true);
        return Status::error(QStringLiteral("Parse"), text);
    }
    if (node.kind != TableJson::Node::Object) {
        const QString text = tr("An item is a JSON object: {\"attribute\": value, …}");
        showMessage(text, true);
        return Status::error(QStringLiteral("Parse"), text);
    }
    if (m_formatValue == DynamoJson)
        return TableJson::toQJson(node).toObject();
    auto item = TableJson::itemFromPlain(node, m_hints);
    if (!item)
        showMessage(item.status().message(), true);
    return item;
}

void ItemEditor::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    QPalette p = palette();
    if (error) {
        p.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
        p.setColor(QPalette::WindowText, QColor(0x8a, 0x1c, 0x12));
    } else {
        p.setColor(QPalette::Window, QColor(0xe8, 0xf5, 0xe9));
        p.setColor(QPalette::WindowText, QColor(0x1b, 0x5e, 0x20));
    }
    m_message->setPalette(p);
    m_message->setVisible(!text.isEmpty());
}

void ItemEditor::save()
{
    if (m_saving)
        return;
    auto item = currentItem();
    if (!item)
        return;
    const QString problem = m_table.keyProblem(*item);
    if (!problem.isEmpty()) {
        showMessage(problem, true);
        return;
    }
    const QStringList keys = m_table.keys.names();
    if (!isNew() && TableJson::keyId(*item, keys) != TableJson::keyId(m_original, keys)) {
        showMessage(tr("The key changed. An edit keeps the item's key; to copy the item under a new key, "
                       "use Duplicate."),
                    true);
        return;
    }
    send(*item, true);
}

void ItemEditor::overwrite()
{
    auto item = currentItem();
    if (!item)
        return;
    send(*item, false);
}

void ItemEditor::send(const QJsonObject &item, bool conditional)
{
    // Unconditional: the undo must restore what was really there, which the conflict told us.
    const QJsonObject before = conditional ? m_original : m_current;
    const ItemWrites::Write w = ItemWrites::write(m_table.name, m_table.keys.names(), m_original, item, conditional);
    m_saving = true;
    m_save->setEnabled(false);
    callApi(m_api, this, w.operation, w.request,
            [before, item](ItemEditor *self, const Tables::ApiReply &reply) {
                self->m_saving = false;
                self->m_save->setEnabled(true);
                if (reply.result.isOk()) {
                    self->m_conflict = false;
                    self->m_reload->hide();
                    self->m_overwrite->hide();
                    self->m_original = item;
                    self->m_current = item;
                    self->showMessage(tr("Saved."), false);
                    Q_EMIT self->saved(before, item);
                    self->accept();
                    return;
                }
                const Status status = reply.result.status();
                if (status.code() == QLatin1String("ConditionalCheckFailedException")) {
                    self->m_conflict = true;
                    self->m_current = reply.errorFields.value(QStringLiteral("Item")).toObject();
                    QString text;
                    if (self->isNew()) {
                        text = tr("An item with this key already exists in %1. Overwrite replaces it; "
                                  "Reload shows it.").arg(self->m_table.name);
                    } else if (self->m_current.isEmpty() && !reply.errorFields.contains(QStringLiteral("Item"))) {
                        text = tr("This item changed since you loaded it. Reload to see it as it is now "
                                  "(your edits are dropped), or Overwrite to save yours anyway.");
                    } else {
                        text = tr("This item changed since you loaded it: %1. Reload to see it as it is now "
                                  "(your edits are dropped), or Overwrite to save yours anyway.")
                                   .arg(ItemWrites::differences(self->m_original, self->m_current));
                    }
                    self->showMessage(text, true);
                    self->m_reload->show();
                    self->m_overwrite->show();
                    return;
                }
                self->showMessage(status.code() + u": " + status.message(), true);
            });
}

void ItemEditor::reload()
{
    auto edited = currentItem();
    const QJsonObject keySource = edited ? *edited : m_original;
    const QJsonObject key = TableJson::keyOf(keySource.isEmpty() ? m_original : keySource, m_table.keys.names());
    callApi(m_api, this, QStringLiteral("GetItem"),
            QJsonObject{{QStringLiteral("TableName"), m_table.name},
                        {QStringLiteral("Key"), key},
                        {QStringLiteral("ConsistentRead"), true}},
            [](ItemEditor *self, const Tables::ApiReply &reply) {
                if (!reply.result.isOk()) {
                    self->showMessage(reply.result.status().code() + u": " + reply.result.status().message(), true);
                    return;
                }
                const QJsonObject item = reply.result->value(QStringLiteral("Item")).toObject();
                self->m_conflict = false;
                self->m_reload->hide();
                self->m_overwrite->hide();
                self->m_original = item;
                self->m_current = item;
                if (item.isEmpty()) {
                    self->showMessage(tr("The item no longer exists; saving creates it again."), false);
                    return;   // keep the text: it becomes a new item
                }
                self->setText(item);
                self->showMessage(tr("Reloaded: this is the item as it is now."), false);
            });
}

} // namespace Gatehouse::Ui
