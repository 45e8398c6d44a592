#include <ui/routes/formwidgets.h>
#include <ui/routes/methodforms.h>
#include <ui/routes/routeedits.h>
#include <ui/routes/templatefield.h>

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

void setComboData(QComboBox *combo, const QString &value)
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(value, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

void setLine(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

// Every stage's variable names, for $stageVariables completion.
QStringList stageVariableNames(const Gateway::RestApi &api)
{
    QStringList names;
    for (const Gateway::Stage &stage : api.stages)
        names << stage.variables.keys();
    names.removeDuplicates();
    return names;
}

} // namespace

// --- Integration Request ----------------------------------------------------------------------

IntegrationRequestForm::IntegrationRequestForm(QWidget *parent)
    : MethodForm(parent)
    , m_type(new QComboBox)
    , m_httpMethod(new QComboBox)
    , m_uri(new QLineEdit)
    , m_credentials(new QLineEdit)
    , m_timeout(new QSpinBox)
    , m_passthrough(new QComboBox)
    , m_contentHandling(new QComboBox)
    , m_mappings(new RowTable({{tr("Parameter")}, {tr("Mapped from"), RowTable::Column::Choice}}))
    , m_templates(new TemplateMapEditor)
{
    setObjectName(QStringLiteral("integrationRequestForm"));
    const std::pair<const char *, QString> types[] = {
        {"MOCK", tr("MOCK — answered by the gateway")},
        {"HTTP", tr("HTTP — an HTTP endpoint, with mapping")},
        {"HTTP_PROXY", tr("HTTP_PROXY — an HTTP endpoint, passed through")},
        {"AWS", tr("AWS — an AWS service action (DynamoDB)")},
        {"AWS_PROXY", tr("AWS_PROXY — a Lambda-style function")},
    };
    for (const auto &[name, label] : types)
        m_type->addItem(label, QString::fromLatin1(name));
    m_type->setObjectName(QStringLiteral("integrationType"));
    for (const QString &method : RouteEdits::httpMethods())
        m_httpMethod->addItem(method, method);
    m_uri->setObjectName(QStringLiteral("integrationUri"));
    m_uri->setPlaceholderText(tr("https://backend.example.com/path/{id} or arn:aws:apigateway:region:dynamodb:action/Query"));
    m_credentials->setPlaceholderText(tr("arn:aws:iam::123456789012:role/name (carried)"));
    m_timeout->setRange(0, 29000);
    m_timeout->setSingleStep(500);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setSpecialValueText(tr("default (29000 ms)"));
    m_timeout->setObjectName(QStringLiteral("integrationTimeout"));
    m_passthrough->addItem(tr("WHEN_NO_MATCH — pass bodies no template matches"), QStringLiteral("WHEN_NO_MATCH"));
    m_passthrough->addItem(tr("WHEN_NO_TEMPLATES — pass only when no template is defined"), QStringLiteral("WHEN_NO_TEMPLATES"));
    m_passthrough->addItem(tr("NEVER — 415 for unmapped content types"), QStringLiteral("NEVER"));
    m_contentHandling->addItem(tr("Passthrough"), QString());
    m_contentHandling->addItem(tr("Convert to text"), QStringLiteral("CONVERT_TO_TEXT"));
    m_contentHandling->addItem(tr("Convert to binary"), QStringLiteral("CONVERT_TO_BINARY"));
    m_mappings->setObjectName(QStringLiteral("parameterMappings"));
    m_mappings->setNewRowKey([] { return QStringLiteral("integration.request.header.X-Example"); });
    m_templates->setObjectName(QStringLiteral("requestTemplates"));

    auto *left = new QFormLayout;
    left->addRow(tr("Integration type:"), m_type);
    left->addRow(tr("Endpoint URI:"), m_uri);
    left->addRow(tr("Credentials:"), m_credentials);
    auto *right = new QFormLayout;
    right->addRow(tr("HTTP method:"), m_httpMethod);
    right->addRow(tr("Timeout:"), m_timeout);
    right->addRow(tr("Passthrough:"), m_passthrough);
    right->addRow(tr("Content handling:"), m_contentHandling);
    auto *top = new QHBoxLayout;
    top->addLayout(left, 3);
    top->addSpacing(16);
    top->addLayout(right, 2);

    auto *splitter = new QSplitter;
    splitter->addWidget(formGroup(tr("Parameter mappings"), m_mappings));
    splitter->addWidget(formGroup(tr("Mapping templates"), m_templates));
    splitter->setSizes({440, 480});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    compactCombos(this);

    connect(m_type, &QComboBox::activated, this, [this] {
        const QString name = m_type->currentData().toString();
        edit([&](Gateway::Integration &in) {
            in.type = *Gateway::integrationTypeFromName(name);
            if (in.type != Gateway::IntegrationType::Mock && in.httpMethod.isEmpty())
                in.httpMethod = in.type == Gateway::IntegrationType::AwsProxy || in.type == Gateway::IntegrationType::Aws
                                    ? QStringLiteral("POST") : m_method.httpMethod;
        }, tr("Set integration type %1").arg(name));
    });
    connect(m_httpMethod, &QComboBox::activated, this, [this] {
        const QString method = m_httpMethod->currentData().toString();
        edit([&](Gateway::Integration &in) { in.httpMethod = method; }, tr("Set integration HTTP method"));
    });
    connect(m_uri, &QLineEdit::editingFinished, this, [this] {
        const QString uri = m_uri->text().trimmed();
        edit([&](Gateway::Integration &in) { in.uri = uri; }, tr("Set integration URI"));
    });
    connect(m_credentials, &QLineEdit::editingFinished, this, [this] {
        const QString credentials = m_credentials->text().trimmed();
        edit([&](Gateway::Integration &in) { in.credentials = credentials; }, tr("Set integration credentials"));
    });
    connect(m_timeout, &QSpinBox::editingFinished, this, [this] {
        const int value = m_timeout->value();
        edit([&](Gateway::Integration &in) {
            in.timeoutInMillis = value == 0 ? std::nullopt : std::optional<int>(qMax(50, value));
        }, tr("Set integration timeout"));
    });
    connect(m_passthrough, &QComboBox::activated, this, [this] {
        const QString value = m_passthrough->currentData().toString();
        edit([&](Gateway::Integration &in) { in.passthroughBehavior = value; }, tr("Set passthrough behaviour"));
    });
    connect(m_contentHandling, &QComboBox::activated, this, [this] {
        const QString value = m_contentHandling->currentData().toString();
        edit([&](Gateway::Integration &in) { in.contentHandling = value; }, tr("Set content handling"));
    });
    connect(m_mappings, &RowTable::rowsEdited, this, [this] {
        const QMap<QString, QString> map = stringMapOf(m_mappings->rows());
        edit([&](Gateway::Integration &in) { in.requestParameters = map; }, tr("Edit parameter mappings"));
    });
    connect(m_templates, &TemplateMapEditor::templatesEdited, this, [this](const QString &contentType) {
        const QMap<QString, QString> templates = m_templates->templates();
        edit([&](Gateway::Integration &in) { in.requestTemplates = templates; }, tr("Edit request template"),
             contentType.isEmpty() ? QString() : key(QStringLiteral("requestTemplate:") + contentType));
    });
}

Gateway::Integration IntegrationRequestForm::integration() const
{
    if (m_method.integration)
        return *m_method.integration;
    return *RouteEdits::newMockMethod(m_method.httpMethod).integration;
}

void IntegrationRequestForm::edit(const std::function<void(Gateway::Integration &)> &change, const QString &text,
                                  const QString &mergeKey)
{
    Gateway::Method m = m_method;
    Gateway::Integration in = integration();
    change(in);
    m.integration = in;
    commit(m, tr("%1 of %2 %3").arg(text, m.httpMethod, m_path), mergeKey);
}

void IntegrationRequestForm::load()
{
    const Gateway::Integration in = integration();
    setComboData(m_type, Gateway::integrationTypeName(in.type));
    const bool mock = in.type == Gateway::IntegrationType::Mock;
    setComboData(m_httpMethod, in.httpMethod.isEmpty() ? m_method.httpMethod : in.httpMethod);
    m_httpMethod->setEnabled(!mock);
    setLine(m_uri, in.uri);
    m_uri->setEnabled(!mock);
    setLine(m_credentials, in.credentials);
    m_credentials->setEnabled(in.type == Gateway::IntegrationType::Aws || in.type == Gateway::IntegrationType::AwsProxy);
    m_timeout->setValue(in.timeoutInMillis.value_or(0));
    m_timeout->setEnabled(!mock);
    setComboData(m_passthrough, in.passthroughBehavior.isEmpty() ? QStringLiteral("WHEN_NO_MATCH") : in.passthroughBehavior);
    setComboData(m_contentHandling, in.contentHandling);
    QStringList sources;
    for (auto it = m_method.requestParameters.cbegin(); it != m_method.requestParameters.cend(); ++it)
        sources << it.key();
    sources << QStringLiteral("context.requestId") << QStringLiteral("stageVariables.name") << QStringLiteral("'static value'");
    m_mappings->setChoices(1, sources);
    m_mappings->setRows(rowsOf(in.requestParameters));
    m_templates->editor()->setStageVariableNames(stageVariableNames(m_api));
    m_templates->setTemplates(in.requestTemplates);
}

// --- Integration Response ---------------------------------------------------------------------

IntegrationResponseForm::IntegrationResponseForm(QWidget *parent)
    : MethodForm(parent)
    , m_tabs(new QTabWidget)
    , m_responses(new QTableWidget(0, 3))
    , m_headers(new RowTable({{tr("Response header")}, {tr("Mapping value"), RowTable::Column::Choice,
                                                       {QStringLiteral("'*'"), QStringLiteral("integration.response.header.name"),
                                                        QStringLiteral("integration.response.body.field")}}}))
    , m_templates(new TemplateMapEditor)
{
    setObjectName(QStringLiteral("integrationResponseForm"));
    m_responses->setObjectName(QStringLiteral("integrationResponses"));
    m_responses->setHorizontalHeaderLabels({tr("Selection pattern"), tr("Method response status"), tr("Content handling")});
    m_responses->horizontalHeader()->setStretchLastSection(true);
    m_responses->setColumnWidth(0, 200);
    m_responses->setColumnWidth(1, 170);
    m_responses->verticalHeader()->hide();
    m_responses->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_responses->setSelectionMode(QAbstractItemView::SingleSelection);
    m_responses->setToolTip(tr("The pattern is a regular expression matched against the backend's status code (an empty "
                               "pattern is the default response)"));
    m_headers->setObjectName(QStringLiteral("responseHeaderMappings"));
    m_headers->setNewRowKey([] { return QStringLiteral("method.response.header.Access-Control-Allow-Origin"); });
    m_templates->setObjectName(QStringLiteral("responseTemplates"));

    auto *add = new QPushButton(tr("Add response"));
    auto *remove = new QPushButton(tr("Remove"));
    QWidget *list = withButtons(m_responses, {add, remove});

    auto *details = new QSplitter;
    details->addWidget(formGroup(tr("Header mappings"), m_headers));
    details->addWidget(formGroup(tr("Mapping templates"), m_templates));
    details->setSizes({340, 560});
    auto *page = new QSplitter(Qt::Vertical);
    page->addWidget(formGroup(tr("Responses, tried by selection pattern"), list));
    page->addWidget(details);
    page->setSizes({150, 260});
    m_tabs->addTab(page, tr("Integration responses"));
    m_tabs->setDocumentMode(true);
    // A tab bar only once there is a second page (the mock authoring view of MOCK methods).
    m_tabs->setTabBarAutoHide(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_responses, &QTableWidget::itemSelectionChanged, this, [this] {
        if (m_loading)
            return;
        m_selected = m_responses->currentRow();
        m_loading = true;
        loadSelected();
        m_loading = false;
    });
    connect(m_responses, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_loading)
            return;
        const QString text = item->text().trimmed();
        const int column = item->column();
        m_selected = item->row();
        editResponse([&](Gateway::IntegrationResponse &r) {
            if (column == 0)
                r.selectionPattern = text == tr("default") ? QString() : text;
            else if (column == 1)
                r.statusCode = text;
            else
                r.contentHandling = text;
        }, column == 0 ? tr("Set selection pattern") : tr("Set response status"));
    });
    connect(add, &QPushButton::clicked, this, [this] {
        Gateway::Method m = m_method;
        if (!m.integration)
            return;
        Gateway::IntegrationResponse r;
        r.statusCode = m.methodResponses.contains(QStringLiteral("404")) ? QStringLiteral("500") : QStringLiteral("404");
        r.selectionPattern = r.statusCode;
        r.responseTemplates.insert(QStringLiteral("application/json"), QStringLiteral("{\"message\": \"Not found\"}"));
        m.integration->responses.append(r);
        m_selected = int(m.integration->responses.size()) - 1;
        commit(m, tr("Add integration response %1 to %2 %3").arg(r.statusCode, m.httpMethod, m_path));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        Gateway::Method m = m_method;
        const int row = m_responses->currentRow();
        if (!m.integration || row < 0 || row >= m.integration->responses.size())
            return;
        m.integration->responses.removeAt(row);
        commit(m, tr("Remove an integration response of %1 %2").arg(m.httpMethod, m_path));
    });
    connect(m_headers, &RowTable::rowsEdited, this, [this] {
        const QMap<QString, QString> map = stringMapOf(m_headers->rows());
        editResponse([&](Gateway::IntegrationResponse &r) { r.responseParameters = map; }, tr("Edit response header mappings"));
    });
    connect(m_templates, &TemplateMapEditor::templatesEdited, this, [this](const QString &contentType) {
        const QMap<QString, QString> templates = m_templates->templates();
        editResponse([&](Gateway::IntegrationResponse &r) { r.responseTemplates = templates; }, tr("Edit response template"),
                     contentType.isEmpty() ? QString()
                                           : key(QStringLiteral("responseTemplate:%1:").arg(m_selected) + contentType));
    });
}

void IntegrationResponseForm::setMockPage(QWidget *page)
{
    if (page == m_mockPage)
        return;
    if (m_mockPage)
        m_tabs->removeTab(m_tabs->indexOf(m_mockPage));
    m_mockPage = page;
    if (page) {
        m_tabs->insertTab(0, page, tr("Mock responses"));
        m_tabs->setCurrentIndex(0);
    }
}

void IntegrationResponseForm::selectResponse(int index)
{
    m_responses->setCurrentCell(index, 0);
}

void IntegrationResponseForm::editResponse(const std::function<void(Gateway::IntegrationResponse &)> &change,
                                           const QString &text, const QString &mergeKey)
{
    Gateway::Method m = m_method;
    if (!m.integration || m_selected < 0 || m_selected >= m.integration->responses.size())
        return;
    change(m.integration->responses[m_selected]);
    commit(m, tr("%1 of %2 %3").arg(text, m.httpMethod, m_path), mergeKey);
}

void IntegrationResponseForm::load()
{
    const QList<Gateway::IntegrationResponse> responses = m_method.integration ? m_method.integration->responses
                                                                               : QList<Gateway::IntegrationResponse>();
    QList<QStringList> shown, wanted;
    for (int row = 0; row < m_responses->rowCount(); ++row)
        shown << QStringList{m_responses->item(row, 0)->text(), m_responses->item(row, 1)->text(), m_responses->item(row, 2)->text()};
    for (const Gateway::IntegrationResponse &r : responses)
        wanted << QStringList{r.selectionPattern.isEmpty() ? tr("default") : r.selectionPattern, r.statusCode, r.contentHandling};
    if (shown != wanted) {
        m_responses->setRowCount(0);
        for (const QStringList &row : std::as_const(wanted)) {
            const int at = m_responses->rowCount();
            m_responses->insertRow(at);
            for (int c = 0; c < 3; ++c)
                m_responses->setItem(at, c, new QTableWidgetItem(row.at(c)));
        }
    }
    if (m_selected >= responses.size())
        m_selected = int(responses.size()) - 1;
    if (m_selected < 0 && !responses.isEmpty())
        m_selected = 0;
    m_responses->setCurrentCell(m_selected, 0);
    loadSelected();
}

void IntegrationResponseForm::loadSelected()
{
    const bool valid = m_method.integration && m_selected >= 0 && m_selected < m_method.integration->responses.size();
    const Gateway::IntegrationResponse r = valid ? m_method.integration->responses.at(m_selected) : Gateway::IntegrationResponse();
    m_headers->setRows(rowsOf(r.responseParameters));
    m_templates->editor()->setStageVariableNames(stageVariableNames(m_api));
    m_templates->setTemplates(r.responseTemplates);
    m_headers->setEnabled(valid);
    m_templates->setEnabled(valid);
}

} // namespace Gatehouse::Ui
