#include <ui/routes/formwidgets.h>
#include <ui/routes/templatefield.h>

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

// Choice columns edit through an editable combo box: the usual values, or anything typed.
class ChoiceDelegate : public QStyledItemDelegate
{
public:
    ChoiceDelegate(const QList<RowTable::Column> *columns, QObject *parent)
        : QStyledItemDelegate(parent), m_columns(columns) {}

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() >= m_columns->size() || m_columns->at(index.column()).kind != RowTable::Column::Choice)
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto *combo = new QComboBox(parent);
        combo->setEditable(true);
        combo->addItems(m_columns->at(index.column()).choices);
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentText(index.data().toString());
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            model->setData(index, combo->currentText());
        else
            QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    const QList<RowTable::Column> *m_columns;
};

} // namespace

QGroupBox *formGroup(const QString &title, QWidget *content, QLayout *below)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->addWidget(content);
    if (below)
        layout->addLayout(below);
    return box;
}

QWidget *withButtons(QWidget *content, const QList<QWidget *> &buttons)
{
    auto *row = new QHBoxLayout;
    for (QWidget *button : buttons)
        row->addWidget(button);
    row->addStretch();
    auto *widget = new QWidget;
    auto *layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(content);
    layout->addLayout(row);
    return widget;
}

RowTable::RowTable(const QList<Column> &columns, QWidget *parent)
    : QWidget(parent)
    , m_columns(columns)
    , m_table(new QTableWidget(0, int(columns.size()), this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    QStringList titles;
    for (const Column &c : columns)
        titles << c.title;
    m_table->setHorizontalHeaderLabels(titles);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_table->setItemDelegate(new ChoiceDelegate(&m_columns, m_table));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    for (int c = 0; c < columns.size(); ++c) {
        m_table->horizontalHeader()->setSectionResizeMode(
            c, columns.at(c).kind == Column::Check ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
    }
    m_add->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_remove->setEnabled(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_setting)
            Q_EMIT rowsEdited();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        m_remove->setEnabled(!m_table->selectedItems().isEmpty());
    });
    connect(m_add, &QPushButton::clicked, this, [this] {
        QStringList values(m_columns.size());
        values[0] = m_newKey ? m_newKey() : QString();
        addRow(values);
        const int row = m_table->rowCount() - 1;
        m_table->setCurrentCell(row, 0);
        if (values.at(0).isEmpty())
            m_table->editItem(m_table->item(row, 0));
        else
            Q_EMIT rowsEdited();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
            rows << index.row();
        std::sort(rows.begin(), rows.end(), std::greater<int>());
        for (int row : rows)
            m_table->removeRow(row);
        Q_EMIT rowsEdited();
    });
}

void RowTable::addRow(const QStringList &values)
{
    const bool was = m_setting;
    m_setting = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    for (int c = 0; c < m_columns.size(); ++c) {
        auto *item = new QTableWidgetItem;
        if (m_columns.at(c).kind == Column::Check) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(values.value(c) == QLatin1String("true") ? Qt::Checked : Qt::Unchecked);
        } else {
            item->setText(values.value(c));
        }
        m_table->setItem(row, c, item);
    }
    m_setting = was;
}

void RowTable::setChoices(int column, const QStringList &choices)
{
    if (column >= 0 && column < m_columns.size())
        m_columns[column].choices = choices;
}

void RowTable::setRows(const QList<QStringList> &rows)
{
    if (rows == this->rows())
        return;
    m_setting = true;
    m_table->setRowCount(0);
    for (const QStringList &row : rows)
        addRow(row);
    m_setting = false;
}

QList<QStringList> RowTable::rows() const
{
    QList<QStringList> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QStringList values;
        for (int c = 0; c < m_columns.size(); ++c) {
            const QTableWidgetItem *item = m_table->item(row, c);
            if (m_columns.at(c).kind == Column::Check)
                values << ((item && item->checkState() == Qt::Checked) ? QStringLiteral("true") : QStringLiteral("false"));
            else
                values << (item ? item->text().trimmed() : QString());
        }
        if (!values.at(0).isEmpty())
            out << values;
    }
    return out;
}

TemplateMapEditor::TemplateMapEditor(QWidget *parent)
    : QWidget(parent)
    , m_types(new QComboBox(this))
    , m_editor(new TemplateField(this))
    , m_add(new QPushButton(tr("Add…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_types->setObjectName(QStringLiteral("contentTypes"));
    m_types->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_types->setMinimumContentsLength(16);
    m_editor->setLanguage(TemplateField::Language::Vtl);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Content type:")));
    top->addWidget(m_types, 1);
    top->addWidget(m_add);
    top->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    m_editor->setEnabled(false);

    connect(m_types, &QComboBox::currentTextChanged, this, &TemplateMapEditor::showSelected);
    connect(m_editor, &TemplateField::textEdited, this, [this] {
        const QString type = m_types->currentText();
        if (type.isEmpty())
            return;
        m_templates.insert(type, m_editor->text());
        Q_EMIT templatesEdited(type);
    });
    connect(m_add, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString type = QInputDialog::getText(this, tr("Add a template"), tr("Content type:"), QLineEdit::Normal,
                                                   m_templates.contains(QStringLiteral("application/json"))
                                                       ? QStringLiteral("application/xml") : QStringLiteral("application/json"),
                                                   &ok).trimmed();
        if (!ok || type.isEmpty() || m_templates.contains(type))
            return;
        m_templates.insert(type, QString());
        setTemplates(m_templates);
        selectContentType(type);
        Q_EMIT templatesEdited(QString());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QString type = m_types->currentText();
        if (type.isEmpty())
            return;
        m_templates.remove(type);
        setTemplates(m_templates);
        Q_EMIT templatesEdited(QString());
    });
}

void TemplateMapEditor::setTemplates(const QMap<QString, QString> &templates)
{
    m_templates = templates;
    QStringList shown;
    for (int i = 0; i < m_types->count(); ++i)
        shown << m_types->itemText(i);
    if (shown != templates.keys()) {
        const QString current = m_types->currentText();
        const QSignalBlocker blocker(m_types);
        m_types->clear();
        m_types->addItems(templates.keys());
        const int found = m_types->findText(current);
        m_types->setCurrentIndex(found >= 0 ? found : (templates.isEmpty() ? -1 : 0));
    }
    showSelected();
}

void TemplateMapEditor::selectContentType(const QString &contentType)
{
    const int found = m_types->findText(contentType);
    if (found >= 0)
        m_types->setCurrentIndex(found);
}

void TemplateMapEditor::showSelected()
{
    const QString type = m_types->currentText();
    m_remove->setEnabled(!type.isEmpty());
    m_editor->setEnabled(!type.isEmpty());
    m_editor->setText(m_templates.value(type));
}

void compactCombos(QWidget *form)
{
    for (QComboBox *combo : form->findChildren<QComboBox *>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }
}

QList<QStringList> rowsOf(const QMap<QString, QString> &map)
{
    QList<QStringList> rows;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        rows << QStringList{it.key(), it.value()};
    return rows;
}

QList<QStringList> rowsOf(const QMap<QString, bool> &map)
{
    QList<QStringList> rows;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        rows << QStringList{it.key(), it.value() ? QStringLiteral("true") : QStringLiteral("false")};
    return rows;
}

QMap<QString, QString> stringMapOf(const QList<QStringList> &rows)
{
    QMap<QString, QString> map;
    for (const QStringList &row : rows)
        map.insert(row.value(0), row.value(1));
    return map;
}

QMap<QString, bool> boolMapOf(const QList<QStringList> &rows)
{
    QMap<QString, bool> map;
    for (const QStringList &row : rows)
        map.insert(row.value(0), row.value(1) == QLatin1String("true"));
    return map;
}

} // namespace Gatehouse::Ui
