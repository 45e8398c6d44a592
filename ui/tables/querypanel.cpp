#include <ui/tables/querypanel.h>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

using QueryBuilder::Op;

namespace {

void fillOps(QComboBox *box, const QList<Op> &ops)
{
    for (Op op : ops)
        box->addItem(QueryBuilder::opLabel(op), int(op));
}

Op currentOp(const QComboBox *box)
{
    return Op(box->currentData().toInt());
}

QString keyLabel(const QString &name, const QString &type)
{
    return name.isEmpty() ? QString() : QStringLiteral("%1 (%2)").arg(name, type);
}

} // namespace

QueryPanel::QueryPanel(QWidget *parent)
    : QWidget(parent)
    , m_operation(new QComboBox(this))
    , m_index(new QComboBox(this))
    , m_pkLabel(new QLabel(this))
    , m_pkValue(new QLineEdit(this))
    , m_skLabel(new QLabel(this))
    , m_skOp(new QComboBox(this))
    , m_skValue(new QLineEdit(this))
    , m_skAnd(new QLabel(tr("and"), this))
    , m_skValue2(new QLineEdit(this))
    , m_filterLayout(new QVBoxLayout)
    , m_projection(new QLineEdit(this))
    , m_limit(new QSpinBox(this))
    , m_direction(new QComboBox(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_previewTabs(new QTabWidget(this))
    , m_expression(new QPlainTextEdit(this))
    , m_cli(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("queryPanel"));
    m_operation->setObjectName(QStringLiteral("queryOperation"));
    m_operation->addItem(tr("Scan"), false);
    m_operation->addItem(tr("Query"), true);
    m_index->setObjectName(QStringLiteral("queryIndex"));
    m_index->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pkValue->setObjectName(QStringLiteral("partitionValue"));
    m_pkValue->setPlaceholderText(tr("partition key value"));
    fillOps(m_skOp, QueryBuilder::sortKeyOps());
    m_skValue->setPlaceholderText(tr("value"));
    m_skValue2->setPlaceholderText(tr("upper bound"));
    m_projection->setObjectName(QStringLiteral("projection"));
    m_projection->setPlaceholderText(tr("all attributes (or: title, price, info.pages)"));
    m_limit->setObjectName(QStringLiteral("limit"));
    m_limit->setRange(0, 1000000);
    m_limit->setSpecialValueText(tr("no limit"));
    m_limit->setToolTip(tr("DynamoDB's Limit: items evaluated in one page (before the filter). "
                           "With a limit, one page is read, as the AWS CLI does with --limit."));
    m_direction->addItem(tr("Ascending"), true);
    m_direction->addItem(tr("Descending"), false);
    m_run->setObjectName(QStringLiteral("runQuery"));
    m_run->setDefault(true);
    m_problem->setObjectName(QStringLiteral("queryProblem"));
    m_problem->setWordWrap(true);
    QPalette warn = m_problem->palette();
    warn.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    m_problem->setPalette(warn);

    auto *addFilter = new QToolButton(this);
    addFilter->setText(tr("+ Filter"));
    addFilter->setObjectName(QStringLiteral("addFilter"));
    connect(addFilter, &QToolButton::clicked, this, [this] {
        newFilterRow();
        updatePreview();
    });

    auto *form = new QGridLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setHorizontalSpacing(6);
    form->setVerticalSpacing(4);
    auto *opRow = new QHBoxLayout;
    opRow->addWidget(m_operation);
    opRow->addSpacing(12);
    opRow->addWidget(new QLabel(tr("Index"), this));
    opRow->addWidget(m_index);
    opRow->addStretch(1);
    form->addWidget(new QLabel(tr("Operation"), this), 0, 0);
    form->addLayout(opRow, 0, 1);

    auto *pkRow = new QHBoxLayout;
    pkRow->addWidget(m_pkLabel);
    pkRow->addWidget(new QLabel(QStringLiteral("="), this));
    pkRow->addWidget(m_pkValue, 1);
    form->addWidget(new QLabel(tr("Partition key"), this), 1, 0);
    form->addLayout(pkRow, 1, 1);

    auto *skRow = new QHBoxLayout;
    skRow->addWidget(m_skLabel);
    skRow->addWidget(m_skOp);
    skRow->addWidget(m_skValue, 1);
    skRow->addWidget(m_skAnd);
    skRow->addWidget(m_skValue2, 1);
    form->addWidget(new QLabel(tr("Sort key"), this), 2, 0);
    form->addLayout(skRow, 2, 1);

    m_filterLayout->setContentsMargins(0, 0, 0, 0);
    m_filterLayout->setSpacing(2);
    auto *filterBox = new QVBoxLayout;
    filterBox->setSpacing(2);
    filterBox->addLayout(m_filterLayout);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(addFilter);
    addRow->addStretch(1);
    filterBox->addLayout(addRow);
    form->addWidget(new QLabel(tr("Filters"), this), 3, 0, Qt::AlignTop);
    form->addLayout(filterBox, 3, 1);

    auto *lastRow = new QHBoxLayout;
    lastRow->addWidget(m_projection, 1);
    lastRow->addWidget(new QLabel(tr("Limit"), this));
    lastRow->addWidget(m_limit);
    lastRow->addWidget(m_direction);
    lastRow->addWidget(m_run);
    form->addWidget(new QLabel(tr("Projection"), this), 4, 0);
    form->addLayout(lastRow, 4, 1);
    form->addWidget(m_problem, 5, 1);
    form->setColumnStretch(1, 1);
    form->setRowStretch(6, 1);   // rows keep their height; spare room goes below

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *e : {m_expression, m_cli}) {
        e->setReadOnly(true);
        e->setFont(mono);
        e->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    }
    m_expression->setObjectName(QStringLiteral("expressionPreview"));
    m_cli->setObjectName(QStringLiteral("cliPreview"));
    m_previewTabs->addTab(m_expression, tr("Expression"));
    m_previewTabs->addTab(m_cli, tr("AWS CLI"));
    m_previewTabs->setDocumentMode(true);
    auto *copy = new QToolButton(this);
    copy->setObjectName(QStringLiteral("copyPreview"));
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the shown text to the clipboard"));
    connect(copy, &QToolButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_previewTabs->currentIndex() == 0 ? expressionText() : cliText());
    });
    m_previewTabs->setCornerWidget(copy, Qt::TopRightCorner);
    const int lineHeight = QFontMetrics(mono).lineSpacing();
    m_previewTabs->setMinimumHeight(lineHeight * 6);
    m_previewTabs->setMaximumHeight(lineHeight * 11);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addLayout(form, 11);
    layout->addWidget(m_previewTabs, 9);

    connect(m_operation, &QComboBox::currentIndexChanged, this, [this] { updateKeyFields(); });
    connect(m_index, &QComboBox::currentIndexChanged, this, [this] { updateKeyFields(); });
    connect(m_skOp, &QComboBox::currentIndexChanged, this, [this] { updateKeyFields(); });
    connect(m_direction, &QComboBox::currentIndexChanged, this, &QueryPanel::updatePreview);
    connect(m_limit, &QSpinBox::valueChanged, this, &QueryPanel::updatePreview);
    for (QLineEdit *e : {m_pkValue, m_skValue, m_skValue2, m_projection}) {
        connect(e, &QLineEdit::textChanged, this, &QueryPanel::updatePreview);
        connect(e, &QLineEdit::returnPressed, this, &QueryPanel::runRequested);
    }
    connect(m_run, &QPushButton::clicked, this, &QueryPanel::runRequested);
    updateKeyFields();
}

void QueryPanel::setTable(const TableInfo &table)
{
    m_table = table;
    const QSignalBlocker block(m_index);
    m_index->clear();
    m_index->addItem(tr("table: %1").arg(table.keys.names().join(QStringLiteral(", "))), QString());
    for (const IndexInfo &i : table.indexes)
        m_index->addItem(QStringLiteral("%1 %2: %3").arg(i.global ? QStringLiteral("GSI") : QStringLiteral("LSI"), i.name,
                                                         i.keys.names().join(QStringLiteral(", "))),
                         i.name);
    m_index->setEnabled(m_index->count() > 1);
    m_index->setToolTip(m_index->count() > 1 ? QString() : tr("The table has no secondary index"));
    m_pkValue->clear();
    m_skValue->clear();
    m_skValue2->clear();
    m_skOp->setCurrentIndex(0);
    clearFilters();
    m_projection->clear();
    m_limit->setValue(0);
    m_direction->setCurrentIndex(0);
    m_operation->setCurrentIndex(0);
    setKnownAttributes(table.keys.names());
    updateKeyFields();
}

void QueryPanel::setEndpointUrl(const QString &url)
{
    m_endpoint = url;
    updatePreview();
}

void QueryPanel::setKnownAttributes(const QStringList &names)
{
    m_attributes = names;
    for (FilterRow &f : m_filters) {
        const QString current = f.attribute->currentText();
        const QSignalBlocker block(f.attribute);
        f.attribute->clear();
        f.attribute->addItems(m_attributes);
        f.attribute->setCurrentText(current);
    }
}

QueryBuilder::Spec QueryPanel::spec() const
{
    QueryBuilder::Spec s;
    s.table = m_table.name;
    s.query = m_operation->currentData().toBool();
    s.index = m_index->currentData().toString();
    const KeyPair keys = m_table.keysOf(s.index);
    s.partitionKey = keys.hashName;
    s.partitionType = keys.hashType;
    s.partitionValue = m_pkValue->text();
    if (s.query && !keys.rangeName.isEmpty()) {
        s.sortKey.attribute = keys.rangeName;
        s.sortKey.type = keys.rangeType;
        s.sortKey.op = currentOp(m_skOp);
        s.sortKey.value = m_skValue->text();
        s.sortKey.value2 = m_skValue2->text();
    }
    for (const FilterRow &f : m_filters) {
        QueryBuilder::Condition c;
        c.attribute = f.attribute->currentText().trimmed();
        c.op = currentOp(f.op);
        c.type = f.type->currentText();
        c.value = f.value->text();
        c.value2 = f.value2->text();
        s.filters << c;
    }
    for (const QString &p : m_projection->text().split(u',', Qt::SkipEmptyParts))
        s.projection << p.trimmed();
    s.limit = m_limit->value();
    s.forward = m_direction->currentData().toBool();
    return s;
}

QString QueryPanel::expressionText() const
{
    const QueryBuilder::Built b = built();
    return b.error.isEmpty() ? QueryBuilder::expressionText(b.request) : QString();
}

QString QueryPanel::cliText() const
{
    const QueryBuilder::Built b = built();
    return b.error.isEmpty() ? QueryBuilder::cliCommand(b.operation, b.request, m_endpoint) : QString();
}

void QueryPanel::setQueryMode(bool query)
{
    m_operation->setCurrentIndex(query ? 1 : 0);
}

void QueryPanel::setIndex(const QString &index)
{
    const int i = m_index->findData(index);
    if (i >= 0)
        m_index->setCurrentIndex(i);
}

void QueryPanel::setPartitionValue(const QString &value)
{
    m_pkValue->setText(value);
}

void QueryPanel::setSortCondition(Op op, const QString &value, const QString &value2)
{
    m_skOp->setCurrentIndex(m_skOp->findData(int(op)));
    m_skValue->setText(value);
    m_skValue2->setText(value2);
}

void QueryPanel::addFilter(const QueryBuilder::Condition &condition)
{
    FilterRow &f = newFilterRow();
    f.attribute->setCurrentText(condition.attribute);
    f.op->setCurrentIndex(f.op->findData(int(condition.op)));
    f.type->setCurrentText(condition.type);
    f.value->setText(condition.value);
    f.value2->setText(condition.value2);
    updatePreview();
}

void QueryPanel::clearFilters()
{
    for (const FilterRow &f : std::as_const(m_filters))
        f.row->deleteLater();
    m_filters.clear();
    updatePreview();
}

void QueryPanel::setProjection(const QString &commaSeparated)
{
    m_projection->setText(commaSeparated);
}

void QueryPanel::setLimit(int limit)
{
    m_limit->setValue(limit);
}

void QueryPanel::setForward(bool forward)
{
    m_direction->setCurrentIndex(forward ? 0 : 1);
}

QueryPanel::FilterRow &QueryPanel::newFilterRow()
{
    FilterRow f;
    f.row = new QWidget(this);
    auto *h = new QHBoxLayout(f.row);
    h->setContentsMargins(0, 0, 0, 0);
    f.attribute = new QComboBox(f.row);
    f.attribute->setEditable(true);
    f.attribute->addItems(m_attributes);
    f.attribute->setCurrentText(QString());
    f.attribute->lineEdit()->setPlaceholderText(tr("attribute"));
    f.attribute->setMinimumContentsLength(10);
    f.op = new QComboBox(f.row);
    fillOps(f.op, QueryBuilder::filterOps());
    f.type = new QComboBox(f.row);
    f.type->addItems({QStringLiteral("S"), QStringLiteral("N"), QStringLiteral("B"), QStringLiteral("BOOL"),
                      QStringLiteral("NULL")});
    f.type->setToolTip(tr("The type of the value compared with"));
    f.value = new QLineEdit(f.row);
    f.value->setPlaceholderText(tr("value"));
    f.value2 = new QLineEdit(f.row);
    f.value2->setPlaceholderText(tr("upper bound"));
    auto *remove = new QToolButton(f.row);
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this filter"));
    h->addWidget(f.attribute, 2);
    h->addWidget(f.op);
    h->addWidget(f.type);
    h->addWidget(f.value, 2);
    h->addWidget(f.value2, 2);
    h->addWidget(remove);
    QWidget *row = f.row;
    connect(remove, &QToolButton::clicked, this, [this, row] { removeFilterRow(row); });
    auto refresh = [this, row] {
        for (const FilterRow &r : std::as_const(m_filters)) {
            if (r.row == row) {
                const int n = QueryBuilder::operandCount(currentOp(r.op));
                r.value->setVisible(n >= 1);
                r.type->setVisible(n >= 1);
                r.value2->setVisible(n == 2);
            }
        }
        updatePreview();
    };
    connect(f.attribute, &QComboBox::currentTextChanged, this, refresh);
    connect(f.op, &QComboBox::currentIndexChanged, this, refresh);
    connect(f.type, &QComboBox::currentIndexChanged, this, refresh);
    connect(f.value, &QLineEdit::textChanged, this, refresh);
    connect(f.value2, &QLineEdit::textChanged, this, refresh);
    connect(f.value, &QLineEdit::returnPressed, this, &QueryPanel::runRequested);
    f.value2->setVisible(false);
    m_filterLayout->addWidget(f.row);
    m_filters.append(f);
    return m_filters.last();
}

void QueryPanel::removeFilterRow(QWidget *row)
{
    for (int i = 0; i < m_filters.size(); ++i) {
        if (m_filters[i].row == row) {
            m_filters.removeAt(i);
            row->deleteLater();
            break;
        }
    }
    updatePreview();
}

void QueryPanel::updateKeyFields()
{
    const bool query = m_operation->currentData().toBool();
    const KeyPair keys = m_table.keysOf(m_index->currentData().toString());
    m_pkLabel->setText(keyLabel(keys.hashName, keys.hashType));
    m_pkValue->setEnabled(query);
    const bool hasSort = !keys.rangeName.isEmpty();
    m_skLabel->setText(hasSort ? keyLabel(keys.rangeName, keys.rangeType) : tr("(none)"));
    m_skOp->setEnabled(query && hasSort);
    const int operands = QueryBuilder::operandCount(currentOp(m_skOp));
    m_skValue->setEnabled(query && hasSort && operands >= 1);
    m_skValue2->setVisible(operands == 2);
    m_skAnd->setVisible(operands == 2);
    m_direction->setEnabled(query);
    updatePreview();
}

void QueryPanel::updatePreview()
{
    const QueryBuilder::Built b = built();
    m_problem->setText(b.error);
    m_problem->setVisible(!b.error.isEmpty());
    m_run->setEnabled(b.error.isEmpty() && !m_table.name.isEmpty());
    if (b.error.isEmpty()) {
        m_expression->setPlainText(QueryBuilder::expressionText(b.request));
        m_cli->setPlainText(QueryBuilder::cliCommand(b.operation, b.request, m_endpoint));
    } else {
        m_expression->setPlainText(QString());
        m_cli->setPlainText(QString());
    }
    Q_EMIT changed();
}

} // namespace Gatehouse::Ui
