#include <ui/apicall.h>
#include <ui/tables/createtabledialog.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

enum IndexColumn { KindCol, NameCol, HashCol, HashTypeCol, RangeCol, RangeTypeCol, ProjectionCol, NonKeyCol, IndexColumns };

QComboBox *typeBox(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->addItems({QStringLiteral("S"), QStringLiteral("N"), QStringLiteral("B")});
    return box;
}

QString cellText(const QTableWidget *t, int row, int col)
{
    if (auto *box = qobject_cast<QComboBox *>(t->cellWidget(row, col)))
        return box->currentText();
    const QTableWidgetItem *item = t->item(row, col);
    return item ? item->text().trimmed() : QString();
}

QJsonArray keySchema(const QString &hash, const QString &range)
{
    QJsonArray schema{QJsonObject{{QStringLiteral("AttributeName"), hash}, {QStringLiteral("KeyType"), QStringLiteral("HASH")}}};
    if (!range.isEmpty())
        schema.append(QJsonObject{{QStringLiteral("AttributeName"), range}, {QStringLiteral("KeyType"), QStringLiteral("RANGE")}});
    return schema;
}

} // namespace

CreateTableDialog::CreateTableDialog(Tables::DynamoApi *api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_name(new QLineEdit(this))
    , m_hashName(new QLineEdit(this))
    , m_hashType(typeBox(this))
    , m_rangeName(new QLineEdit(this))
    , m_rangeType(typeBox(this))
    , m_billing(new QComboBox(this))
    , m_read(new QSpinBox(this))
    , m_write(new QSpinBox(this))
    , m_ttl(new QLineEdit(this))
    , m_indexes(new QTableWidget(0, IndexColumns, this))
    , m_preview(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
    , m_create(new QPushButton(tr("Create table"), this))
{
    setObjectName(QStringLiteral("createTableDialog"));
    setWindowTitle(tr("Create table"));
    m_name->setObjectName(QStringLiteral("tableName"));
    m_name->setPlaceholderText(tr("3 to 255 characters: a-z A-Z 0-9 _ - ."));
    m_hashName->setObjectName(QStringLiteral("hashName"));
    m_hashName->setPlaceholderText(tr("e.g. pk, userId"));
    m_rangeName->setObjectName(QStringLiteral("rangeName"));
    m_rangeName->setPlaceholderText(tr("optional, e.g. sk, createdAt"));
    m_billing->addItem(tr("On demand (PAY_PER_REQUEST)"), QStringLiteral("PAY_PER_REQUEST"));
    m_billing->addItem(tr("Provisioned"), QStringLiteral("PROVISIONED"));
    for (QSpinBox *s : {m_read, m_write}) {
        s->setRange(1, 40000);
        s->setValue(5);
    }
    m_ttl->setObjectName(QStringLiteral("ttlAttribute"));
    m_ttl->setPlaceholderText(tr("optional: a Number attribute holding an expiry time (epoch seconds)"));

    m_indexes->setObjectName(QStringLiteral("indexTable"));
    m_indexes->setHorizontalHeaderLabels({tr("Kind"), tr("Index name"), tr("Partition key"), tr("Type"), tr("Sort key"),
                                          tr("Type"), tr("Projection"), tr("Non-key attributes")});
    m_indexes->verticalHeader()->hide();
    m_indexes->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_indexes->horizontalHeader()->setStretchLastSection(true);
    m_indexes->setMinimumHeight(m_indexes->fontMetrics().height() * 6);
    m_indexes->setMaximumHeight(m_indexes->fontMetrics().height() * 9);
    auto *addGsi = new QToolButton(this);
    addGsi->setText(tr("+ Global index"));
    auto *addLsi = new QToolButton(this);
    addLsi->setText(tr("+ Local index"));
    auto *removeIndex = new QToolButton(this);
    removeIndex->setText(tr("Remove"));
    connect(addGsi, &QToolButton::clicked, this, [this] {
        addIndex(QStringLiteral("GSI"), QStringLiteral("gsi%1").arg(m_indexes->rowCount() + 1), QString(),
                 QStringLiteral("S"), QString(), QStringLiteral("S"), QStringLiteral("ALL"));
    });
    connect(addLsi, &QToolButton::clicked, this, [this] {
        addIndex(QStringLiteral("LSI"), QStringLiteral("lsi%1").arg(m_indexes->rowCount() + 1), m_hashName->text(),
                 m_hashType->currentText(), QString(), QStringLiteral("S"), QStringLiteral("ALL"));
    });
    connect(removeIndex, &QToolButton::clicked, this, [this] {
        if (m_indexes->currentRow() >= 0)
            m_indexes->removeRow(m_indexes->currentRow());
        updatePreview();
    });
    connect(m_indexes, &QTableWidget::itemChanged, this, &CreateTableDialog::updatePreview);

    auto *form = new QFormLayout;
    form->addRow(tr("Table name"), m_name);
    auto *hashRow = new QHBoxLayout;
    hashRow->addWidget(m_hashName, 1);
    hashRow->addWidget(m_hashType);
    form->addRow(tr("Partition key"), hashRow);
    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_rangeName, 1);
    rangeRow->addWidget(m_rangeType);
    form->addRow(tr("Sort key"), rangeRow);
    auto *billingRow = new QHBoxLayout;
    billingRow->addWidget(m_billing);
    billingRow->addSpacing(12);
    billingRow->addWidget(new QLabel(tr("Read units"), this));
    billingRow->addWidget(m_read);
    billingRow->addWidget(new QLabel(tr("Write units"), this));
    billingRow->addWidget(m_write);
    billingRow->addStretch(1);
    form->addRow(tr("Capacity"), billingRow);
    form->addRow(tr("Time to live"), m_ttl);
    auto *indexButtons = new QHBoxLayout;
    indexButtons->addWidget(addGsi);
    indexButtons->addWidget(addLsi);
    indexButtons->addWidget(removeIndex);
    indexButtons->addStretch(1);
    auto *indexBox = new QVBoxLayout;
    indexBox->addWidget(m_indexes);
    indexBox->addLayout(indexButtons);
    form->addRow(tr("Indexes"), indexBox);

    m_preview->setObjectName(QStringLiteral("createTablePreview"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setMinimumHeight(m_preview->fontMetrics().height() * 10);
    m_message->setObjectName(QStringLiteral("createTableMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_create->setDefault(true);
    m_create->setObjectName(QStringLiteral("createButton"));
    buttons->addButton(m_create, QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &CreateTableDialog::create);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Request (CreateTable):"), this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    for (QLineEdit *e : {m_name, m_hashName, m_rangeName, m_ttl})
        connect(e, &QLineEdit::textChanged, this, &CreateTableDialog::updatePreview);
    for (QComboBox *c : {m_hashType, m_rangeType, m_billing})
        connect(c, &QComboBox::currentIndexChanged, this, &CreateTableDialog::updatePreview);
    for (QSpinBox *s : {m_read, m_write})
        connect(s, &QSpinBox::valueChanged, this, &CreateTableDialog::updatePreview);
    auto billingChanged = [this] {
        const bool provisioned = m_billing->currentData().toString() == QLatin1String("PROVISIONED");
        m_read->setEnabled(provisioned);
        m_write->setEnabled(provisioned);
    };
    connect(m_billing, &QComboBox::currentIndexChanged, this, billingChanged);
    billingChanged();
    resize(820, 640);
    updatePreview();
}

QJsonObject CreateTableDialog::createTableRequest() const
{
    QJsonObject r;
    r.insert(QStringLiteral("TableName"), m_name->text().trimmed());
    QJsonArray definitions;
    QStringList defined;
    auto define = [&](const QString &name, const QString &type) {
        if (name.isEmpty() || defined.contains(name))
            return;
        defined << name;
        definitions.append(QJsonObject{{QStringLiteral("AttributeName"), name}, {QStringLiteral("AttributeType"), type}});
    };
    const QString hash = m_hashName->text().trimmed();
    const QString range = m_rangeName->text().trimmed();
    define(hash, m_hashType->currentText());
    define(range, m_rangeType->currentText());
    r.insert(QStringLiteral("KeySchema"), keySchema(hash, range));

    const bool provisioned = m_billing->currentData().toString() == QLatin1String("PROVISIONED");
    const QJsonObject throughput{{QStringLiteral("ReadCapacityUnits"), m_read->value()},
                                 {QStringLiteral("WriteCapacityUnits"), m_write->value()}};
    QJsonArray gsis, lsis;
    for (int row = 0; row < m_indexes->rowCount(); ++row) {
        const QString indexHash = cellText(m_indexes, row, HashCol);
        const QString indexRange = cellText(m_indexes, row, RangeCol);
        define(indexHash, cellText(m_indexes, row, HashTypeCol));
        define(indexRange, cellText(m_indexes, row, RangeTypeCol));
        QJsonObject projection{{QStringLiteral("ProjectionType"), cellText(m_indexes, row, ProjectionCol)}};
        if (projection.value(QStringLiteral("ProjectionType")) == QLatin1String("INCLUDE")) {
            QJsonArray names;
            for (const QString &n : cellText(m_indexes, row, NonKeyCol).split(u',', Qt::SkipEmptyParts))
                names.append(n.trimmed());
            projection.insert(QStringLiteral("NonKeyAttributes"), names);
        }
        QJsonObject index{{QStringLiteral("IndexName"), cellText(m_indexes, row, NameCol)},
                          {QStringLiteral("KeySchema"), keySchema(indexHash, indexRange)},
                          {QStringLiteral("Projection"), projection}};
        if (cellText(m_indexes, row, KindCol) == QLatin1String("GSI")) {
            if (provisioned)
                index.insert(QStringLiteral("ProvisionedThroughput"), throughput);
            gsis.append(index);
        } else {
            lsis.append(index);
        }
    }
    r.insert(QStringLiteral("AttributeDefinitions"), definitions);
    if (!lsis.isEmpty())
        r.insert(QStringLiteral("LocalSecondaryIndexes"), lsis);
    if (!gsis.isEmpty())
        r.insert(QStringLiteral("GlobalSecondaryIndexes"), gsis);
    r.insert(QStringLiteral("BillingMode"), m_billing->currentData().toString());
    if (provisioned)
        r.insert(QStringLiteral("ProvisionedThroughput"), throughput);
    return r;
}

QJsonObject CreateTableDialog::timeToLiveRequest() const
{
    const QString ttl = m_ttl->text().trimmed();
    if (ttl.isEmpty())
        return {};
    return {{QStringLiteral("TableName"), m_name->text().trimmed()},
            {QStringLiteral("TimeToLiveSpecification"),
             QJsonObject{{QStringLiteral("Enabled"), true}, {QStringLiteral("AttributeName"), ttl}}}};
}

void CreateTableDialog::setTableName(const QString &name) { m_name->setText(name); }

void CreateTableDialog::setPartitionKey(const QString &name, const QString &type)
{
    m_hashName->setText(name);
    m_hashType->setCurrentText(type);
}

void CreateTableDialog::setSortKey(const QString &name, const QString &type)
{
    m_rangeName->setText(name);
    m_rangeType->setCurrentText(type);
}

void CreateTableDialog::setProvisioned(bool provisioned, int readUnits, int writeUnits)
{
    m_billing->setCurrentIndex(provisioned ? 1 : 0);
    m_read->setValue(readUnits);
    m_write->setValue(writeUnits);
}

void CreateTableDialog::setTimeToLiveAttribute(const QString &name) { m_ttl->setText(name); }

void CreateTableDialog::addIndex(const QString &kind, const QString &name, const QString &hashName,
                                 const QString &hashType, const QString &rangeName, const QString &rangeType,
                                 const QString &projection, const QString &nonKeyAttributes)
{
    const QSignalBlocker block(m_indexes);
    const int row = m_indexes->rowCount();
    m_indexes->insertRow(row);
    auto *kindBox = new QComboBox(m_indexes);
    kindBox->addItems({QStringLiteral("GSI"), QStringLiteral("LSI")});
    kindBox->setCurrentText(kind);
    m_indexes->setCellWidget(row, KindCol, kindBox);
    m_indexes->setItem(row, NameCol, new QTableWidgetItem(name));
    m_indexes->setItem(row, HashCol, new QTableWidgetItem(hashName));
    auto *hashBox = typeBox(m_indexes);
    hashBox->setCurrentText(hashType);
    m_indexes->setCellWidget(row, HashTypeCol, hashBox);
    m_indexes->setItem(row, RangeCol, new QTableWidgetItem(rangeName));
    auto *rangeBox = typeBox(m_indexes);
    rangeBox->setCurrentText(rangeType);
    m_indexes->setCellWidget(row, RangeTypeCol, rangeBox);
    auto *projectionBox = new QComboBox(m_indexes);
    projectionBox->addItems({QStringLiteral("ALL"), QStringLiteral("KEYS_ONLY"), QStringLiteral("INCLUDE")});
    projectionBox->setCurrentText(projection);
    m_indexes->setCellWidget(row, ProjectionCol, projectionBox);
    m_indexes->setItem(row, NonKeyCol, new QTableWidgetItem(nonKeyAttributes));
    for (QComboBox *c : {kindBox, hashBox, rangeBox, projectionBox})
        connect(c, &QComboBox::currentIndexChanged, this, &CreateTableDialog::updatePreview);
    updatePreview();
}

QString CreateTableDialog::message() const
{
    return m_message->text();
}

void CreateTableDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    QPalette p = m_message->palette();
    p.setColor(QPalette::WindowText, error ? QColor(0xb0, 0x24, 0x18) : QColor(0x1b, 0x6e, 0x20));
    m_message->setPalette(p);
    m_message->setVisible(!text.isEmpty());
}

void CreateTableDialog::updatePreview()
{
    QString text = QString::fromUtf8(QJsonDocument(createTableRequest()).toJson(QJsonDocument::Indented));
    const QJsonObject ttl = timeToLiveRequest();
    if (!ttl.isEmpty())
        text += QStringLiteral("\nthen UpdateTimeToLive:\n") + QString::fromUtf8(QJsonDocument(ttl).toJson(QJsonDocument::Indented));
    m_preview->setPlainText(text);
}

void CreateTableDialog::create()
{
    if (m_busy || !m_api)
        return;
    m_busy = true;
    m_create->setEnabled(false);
    showMessage(tr("Creating…"), false);
    const QJsonObject request = createTableRequest();
    const QString name = request.value(QStringLiteral("TableName")).toString();
    callApi(m_api, this, QStringLiteral("CreateTable"), request, [name](CreateTableDialog *self, const Tables::ApiReply &reply) {
        if (!reply.result.isOk()) {
            self->m_busy = false;
            self->m_create->setEnabled(true);
            // The engine's words, as any DynamoDB client would see them.
            self->showMessage(reply.result.status().code() + u": " + reply.result.status().message(), true);
            return;
        }
        if (self->timeToLiveRequest().isEmpty()) {
            self->m_busy = false;
            self->showMessage(tr("Created %1.").arg(name), false);
            Q_EMIT self->created(name);
            self->accept();
            return;
        }
        self->setTimeToLive(name);
    });
}

void CreateTableDialog::setTimeToLive(const QString &table)
{
    callApi(m_api, this, QStringLiteral("UpdateTimeToLive"), timeToLiveRequest(),
            [table](CreateTableDialog *self, const Tables::ApiReply &reply) {
                self->m_busy = false;
                Q_EMIT self->created(table);
                if (!reply.result.isOk()) {
                    // The table stays; only TTL is missing. Say so and keep the dialog open.
                    const Status s = reply.result.status();
                    self->showMessage(tr("Created %1, but time to live was not set: %2%3")
                                          .arg(table, s.code(), s.message().isEmpty() ? QString() : u": " + s.message()),
                                      true);
                    return;
                }
                self->showMessage(tr("Created %1 with time to live on \"%2\".")
                                      .arg(table, self->m_ttl->text().trimmed()),
                                  false);
                self->accept();
            });
}

} // namespace Gatehouse::Ui
