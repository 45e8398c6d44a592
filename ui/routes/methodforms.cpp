#include <ui/routes/formwidgets.h>
#include <ui/routes/methodforms.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

const QString RequestPrefix = QStringLiteral("method.request.");
const QString ResponseHeaderPrefix = QStringLiteral("method.response.header.");

void setCombo(QComboBox *combo, const QString &value)
{
    int index = combo->findData(value);
    if (index < 0)
        index = combo->findText(value);
    if (index < 0 && combo->isEditable()) {
        combo->setEditText(value);
        return;
    }
    if (index < 0) {
        combo->addItem(value, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

void MethodForm::setMethod(const Gateway::RestApi &api, const QString &path, const Gateway::Method &method)
{
    m_api = api;
    m_path = path;
    m_method = method;
    m_loading = true;
    load();
    m_loading = false;
}

void MethodForm::commit(const Gateway::Method &edited, const QString &undoText, const QString &mergeKey)
{
    if (m_loading || edited == m_method)
        return;
    m_method = edited;
    Q_EMIT methodEdited(edited, undoText, mergeKey);
}

QString MethodForm::key(const QString &field) const
{
    return m_api.id + u'|' + m_path + u'|' + m_method.httpMethod + u'|' + field;
}

// --- Method Request ---------------------------------------------------------------------------

MethodRequestForm::MethodRequestForm(QWidget *parent)
    : MethodForm(parent)
    , m_authorization(new QComboBox)
    , m_validator(new QComboBox)
    , m_apiKey(new QCheckBox(tr("API key required")))
    , m_bodyRequired(new QCheckBox(tr("Request body required")))
    , m_parameters(new RowTable({{tr("Name")},
                                 {tr("Location"), RowTable::Column::Choice,
                                  {QStringLiteral("querystring"), QStringLiteral("header"), QStringLiteral("path"),
                                   QStringLiteral("multivaluequerystring"), QStringLiteral("multivalueheader")}},
                                 {tr("Required"), RowTable::Column::Check}}))
    , m_models(new RowTable({{tr("Content type")}, {tr("Model"), RowTable::Column::Choice}}))
{
    setObjectName(QStringLiteral("methodRequestForm"));
    for (const char *type : {"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"})
        m_authorization->addItem(QString::fromLatin1(type), QString::fromLatin1(type));
    m_authorization->setToolTip(tr("Authorizers are carried and exported; the gateway does not enforce them yet."));
    m_parameters->setObjectName(QStringLiteral("requestParameters"));
    m_models->setObjectName(QStringLiteral("requestModels"));
    m_models->setNewRowKey([] { return QStringLiteral("application/json"); });

    auto *form = new QFormLayout;
    form->addRow(tr("Authorization:"), m_authorization);
    form->addRow(tr("Request validator:"), m_validator);
    auto *checks = new QHBoxLayout;
    checks->addWidget(m_apiKey);
    checks->addWidget(m_bodyRequired);
    checks->addStretch();
    form->addRow(QString(), checks);
    auto *splitter = new QSplitter;
    splitter->addWidget(formGroup(tr("Request parameters (query string, headers, path)"), m_parameters));
    splitter->addWidget(formGroup(tr("Request body models"), m_models));
    splitter->setSizes({520, 380});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);
    compactCombos(this);

    connect(m_authorization, &QComboBox::activated, this, [this] {
        Gateway::Method m = m_method;
        m.authorizationType = m_authorization->currentData().toString();
        commit(m, tr("Set authorization of %1 %2").arg(m.httpMethod, m_path));
    });
    connect(m_validator, &QComboBox::activated, this, [this] {
        Gateway::Method m = m_method;
        m.requestValidator = m_validator->currentData().toString();
        commit(m, tr("Set request validator of %1 %2").arg(m.httpMethod, m_path));
    });
    connect(m_apiKey, &QCheckBox::toggled, this, [this](bool on) {
        Gateway::Method m = m_method;
        m.apiKeyRequired = on;
        commit(m, tr("Require an API key on %1 %2").arg(m.httpMethod, m_path));
    });
    connect(m_bodyRequired, &QCheckBox::toggled, this, [this](bool on) {
        Gateway::Method m = m_method;
        m.requestBodyRequired = on;
        commit(m, tr("Require a body on %1 %2").arg(m.httpMethod, m_path));
    });
    connect(m_parameters, &RowTable::rowsEdited, this, [this] {
        Gateway::Method m = m_method;
        m.requestParameters.clear();
        for (const QStringList &row : m_parameters->rows()) {
            const QString location = row.value(1).isEmpty() ? QStringLiteral("querystring") : row.value(1);
            m.requestParameters.insert(RequestPrefix + location + u'.' + row.value(0), row.value(2) == QLatin1String("true"));
        }
        commit(m, tr("Edit request parameters of %1 %2").arg(m.httpMethod, m_path));
    });
    connect(m_models, &RowTable::rowsEdited, this, [this] {
        Gateway::Method m = m_method;
        m.requestModels = stringMapOf(m_models->rows());
        commit(m, tr("Edit request models of %1 %2").arg(m.httpMethod, m_path));
    });
}

void MethodRequestForm::load()
{
    setCombo(m_authorization, m_method.authorizationType.isEmpty() ? QStringLiteral("NONE") : m_method.authorizationType);
    m_validator->clear();
    m_validator->addItem(m_api.requestValidator.isEmpty() ? tr("NONE")
                                                          : tr("API default (%1)").arg(m_api.requestValidator),
                         QString());
    for (auto it = m_api.requestValidators.cbegin(); it != m_api.requestValidators.cend(); ++it) {
        QStringList what;
        if (it->validateRequestBody)
            what << tr("body");
        if (it->validateRequestParameters)
            what << tr("parameters");
        m_validator->addItem(tr("%1 — validates %2").arg(it.key(), what.isEmpty() ? tr("nothing") : what.join(tr(" and "))),
                             it.key());
    }
    setCombo(m_validator, m_method.requestValidator);
    m_apiKey->setChecked(m_method.apiKeyRequired);
    m_bodyRequired->setChecked(m_method.requestBodyRequired);
    QList<QStringList> rows;
    for (auto it = m_method.requestParameters.cbegin(); it != m_method.requestParameters.cend(); ++it) {
        const QString rest = it.key().startsWith(RequestPrefix) ? it.key().mid(RequestPrefix.size()) : it.key();
        rows << QStringList{rest.section(u'.', 1), rest.section(u'.', 0, 0), it.value() ? QStringLiteral("true") : QStringLiteral("false")};
    }
    m_parameters->setRows(rows);
    m_models->setChoices(1, m_api.models.keys());
    m_models->setRows(rowsOf(m_method.requestModels));
}

// --- Method Response --------------------------------------------------------------------------

MethodResponseForm::MethodResponseForm(QWidget *parent)
    : MethodForm(parent)
    , m_statuses(new QTableWidget(0, 2))
    , m_headers(new RowTable({{tr("Header name")}, {tr("Required"), RowTable::Column::Check}}))
    , m_models(new RowTable({{tr("Content type")}, {tr("Model"), RowTable::Column::Choice}}))
{
    setObjectName(QStringLiteral("methodResponseForm"));
    m_statuses->setObjectName(QStringLiteral("methodResponses"));
    m_statuses->setHorizontalHeaderLabels({tr("HTTP status"), tr("Description")});
    m_statuses->horizontalHeader()->setStretchLastSection(true);
    m_statuses->verticalHeader()->hide();
    m_statuses->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_statuses->setSelectionMode(QAbstractItemView::SingleSelection);
    m_statuses->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_headers->setObjectName(QStringLiteral("responseHeaders"));
    m_models->setObjectName(QStringLiteral("responseModels"));
    m_models->setNewRowKey([] { return QStringLiteral("application/json"); });

    auto *add = new QPushButton(tr("Add status…"));
    auto *remove = new QPushButton(tr("Remove"));
    QWidget *left = withButtons(m_statuses, {add, remove});

    auto *splitter = new QSplitter;
    splitter->addWidget(formGroup(tr("Status codes"), left));
    splitter->addWidget(formGroup(tr("Response headers"), m_headers));
    splitter->addWidget(formGroup(tr("Response body models"), m_models));
    splitter->setSizes({330, 300, 300});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_statuses, &QTableWidget::itemSelectionChanged, this, [this] {
        if (m_loading)
            return;
        m_selected = selectedStatus();
        m_loading = true;
        loadSelected();
        m_loading = false;
    });
    connect(m_statuses, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_loading || item->column() != 1)
            return;
        const QString status = m_statuses->item(item->row(), 0)->text();
        Gateway::Method m = m_method;
        m.methodResponses[status].description = item->text();
        commit(m, tr("Describe response %1 of %2 %3").arg(status, m.httpMethod, m_path));
    });
    connect(add, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString status = QInputDialog::getText(this, tr("Add a method response"), tr("HTTP status code:"),
                                                     QLineEdit::Normal, QStringLiteral("404"), &ok).trimmed();
        if (!ok)
            return;
        static const QRegularExpression valid(QStringLiteral("^[1-5]\\d\\d$"));
        if (!valid.match(status).hasMatch() || m_method.methodResponses.contains(status))
            return;
        Gateway::Method m = m_method;
        Gateway::MethodResponse response;
        response.description = tr("%1 response").arg(status);
        m.methodResponses.insert(status, response);
        m_selected = status;
        commit(m, tr("Add response %1 to %2 %3").arg(status, m.httpMethod, m_path));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QString status = selectedStatus();
        if (status.isEmpty())
            return;
        Gateway::Method m = m_method;
        m.methodResponses.remove(status);
        commit(m, tr("Remove response %1 of %2 %3").arg(status, m.httpMethod, m_path));
    });
    connect(m_headers, &RowTable::rowsEdited, this, [this] {
        const QList<QStringList> rows = m_headers->rows();
        editResponse([&](Gateway::MethodResponse &r) {
            r.responseParameters.clear();
            for (const QStringList &row : rows)
                r.responseParameters.insert(ResponseHeaderPrefix + row.value(0), row.value(1) == QLatin1String("true"));
        }, tr("Edit response headers"));
    });
    connect(m_models, &RowTable::rowsEdited, this, [this] {
        const QMap<QString, QString> models = stringMapOf(m_models->rows());
        editResponse([&](Gateway::MethodResponse &r) { r.responseModels = models; }, tr("Edit response models"));
    });
}

QString MethodResponseForm::selectedStatus() const
{
    const int row = m_statuses->currentRow();
    return row >= 0 && m_statuses->item(row, 0) ? m_statuses->item(row, 0)->text() : QString();
}

void MethodResponseForm::editResponse(const std::function<void(Gateway::MethodResponse &)> &change, const QString &text)
{
    const QString status = selectedStatus();
    if (status.isEmpty() || !m_method.methodResponses.contains(status))
        return;
    Gateway::Method m = m_method;
    change(m.methodResponses[status]);
    commit(m, tr("%1 of %2 %3 (%4)").arg(text, m.httpMethod, m_path, status));
}

void MethodResponseForm::load()
{
    QStringList shown;
    for (int row = 0; row < m_statuses->rowCount(); ++row)
        shown << m_statuses->item(row, 0)->text() + u'\n' + m_statuses->item(row, 1)->text();
    QStringList wanted;
    for (auto it = m_method.methodResponses.cbegin(); it != m_method.methodResponses.cend(); ++it)
        wanted << it.key() + u'\n' + it->description;
    if (shown != wanted) {
        m_statuses->setRowCount(0);
        for (auto it = m_method.methodResponses.cbegin(); it != m_method.methodResponses.cend(); ++it) {
            const int row = m_statuses->rowCount();
            m_statuses->insertRow(row);
            auto *status = new QTableWidgetItem(it.key());
            status->setFlags(status->flags() & ~Qt::ItemIsEditable);
            m_statuses->setItem(row, 0, status);
            m_statuses->setItem(row, 1, new QTableWidgetItem(it->description));
        }
    }
    const QStringList codes = m_method.methodResponses.keys();
    const int row = codes.indexOf(m_selected);
    m_statuses->setCurrentCell(row >= 0 ? row : (codes.isEmpty() ? -1 : 0), 0);
    m_selected = selectedStatus();
    loadSelected();
}

void MethodResponseForm::loadSelected()
{
    const Gateway::MethodResponse response = m_method.methodResponses.value(selectedStatus());
    QList<QStringList> headers;
    for (auto it = response.responseParameters.cbegin(); it != response.responseParameters.cend(); ++it) {
        const QString name = it.key().startsWith(ResponseHeaderPrefix) ? it.key().mid(ResponseHeaderPrefix.size()) : it.key();
        headers << QStringList{name, it.value() ? QStringLiteral("true") : QStringLiteral("false")};
    }
    m_headers->setRows(headers);
    m_models->setChoices(1, m_api.models.keys());
    m_models->setRows(rowsOf(response.responseModels));
    const bool any = !selectedStatus().isEmpty();
    m_headers->setEnabled(any);
    m_models->setEnabled(any);
}

} // namespace Gatehouse::Ui
