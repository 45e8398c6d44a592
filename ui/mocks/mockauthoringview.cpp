#include <ui/mocks/mockauthoringview.h>
#include <ui/mocks/responsedelegate.h>
#include <ui/mocks/sampledata.h>
#include <ui/mocks/templateeditor.h>
#include <ui/mocks/tryitpanel.h>
#include <ui/qsci.h>
#include <ui/theme.h>

#include <vtl/template.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

QStringList pathParameters(const QString &resourcePath)
{
    static const QRegularExpression param(QStringLiteral("\\{([^}+]+)\\+?\\}"));
    QStringList names;
    auto it = param.globalMatch(resourcePath);
    while (it.hasNext())
        names << it.next().captured(1);
    return names;
}

} // namespace

MockAuthoringView::MockAuthoringView(QWidget *parent)
    : QWidget(parent), m_emitTimer(new QTimer(this))
{
    m_emitTimer->setSingleShot(true);
    m_emitTimer->setInterval(EditDelayMs);
    connect(m_emitTimer, &QTimer::timeout, this, &MockAuthoringView::flushEdits);
    buildUi();
}

MockAuthoringView::~MockAuthoringView() = default;

void MockAuthoringView::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    auto *header = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    header->addWidget(m_title);
    m_mode = new QLabel(this);
    m_mode->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(m_mode);
    header->addStretch();
    layout->addLayout(header);
    m_problems = new QLabel(this);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: %1;").arg(statusColor(500).name()));
    m_problems->hide();
    layout->addWidget(m_problems);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    // Left: the responses, in the order their rules are tried.
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *listTitle = new QLabel(tr("Responses"), left);
    QFont bold = listTitle->font();
    bold.setBold(true);
    listTitle->setFont(bold);
    leftLayout->addWidget(listTitle);
    m_list = new QListWidget(left);
    m_list->setItemDelegate(new ResponseDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    auto button = [left](const QString &text, const QString &tip) {
        auto *b = new QToolButton(left);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    m_addButton = button(tr("+ Add"), tr("Add a response chosen by a condition on the request"));
    m_removeButton = button(tr("Remove"), tr("Remove the selected response"));
    m_upButton = button(QStringLiteral("↑"), tr("Try this rule earlier"));
    m_downButton = button(QStringLiteral("↓"), tr("Try this rule later"));
    listButtons->addWidget(m_addButton);
    listButtons->addWidget(m_removeButton);
    listButtons->addStretch();
    listButtons->addWidget(m_upButton);
    listButtons->addWidget(m_downButton);
    leftLayout->addLayout(listButtons);
    splitter->addWidget(left);

    // Middle: the selected response, and the request template.
    m_tabs = new QTabWidget(splitter);
    m_tabs->addTab(buildResponseEditor(), tr("Response"));
    auto *requestPage = new QWidget(m_tabs);
    auto *requestLayout = new QVBoxLayout(requestPage);
    auto *requestHeader = new QHBoxLayout;
    m_requestNote = new QLabel(requestPage);
    m_requestNote->setWordWrap(true);
    m_requestNote->setForegroundRole(QPalette::PlaceholderText);
    requestHeader->addWidget(m_requestNote, 1);
    m_modeButton = new QPushButton(requestPage);
    requestHeader->addWidget(m_modeButton);
    requestLayout->addLayout(requestHeader);
    m_requestTemplate = new TemplateEditor(requestPage);
    m_requestTemplate->setLanguage(TemplateEditor::Language::Vtl);
    requestLayout->addWidget(m_requestTemplate, 1);
    m_tabs->addTab(requestPage, tr("Request template"));
    splitter->addWidget(m_tabs);

    // Right: try it.
    m_tryIt = new TryItPanel(splitter);
    splitter->addWidget(m_tryIt);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({230, 560, 420});
    layout->addWidget(splitter, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_loading || row < 0 || row == m_current)
            return;
        readResponse();
        m_current = row;
        showResponse();
    });
    connect(m_addButton, &QToolButton::clicked, this, [this] {
        MockCondition c;
        const QStringList params = pathParameters(m_resourcePath);
        c.source = params.isEmpty() ? MockCondition::Source::Query : MockCondition::Source::Path;
        c.name = params.isEmpty() ? QString() : params.first();
        c.value = QStringLiteral("0");
        QString status = QStringLiteral("404");
        for (int s : {404, 400, 401, 403, 409, 500, 201}) {
            bool used = false;
            for (const MockResponse &r : m_design.responses)
                used |= r.statusCode == QString::number(s);
            if (!used) {
                status = QString::number(s);
                break;
            }
        }
        addResponse(status, c);
    });
    connect(m_removeButton, &QToolButton::clicked, this, [this] { removeResponse(m_current); });
    connect(m_upButton, &QToolButton::clicked, this, [this] { moveResponse(-1); });
    connect(m_downButton, &QToolButton::clicked, this, [this] { moveResponse(1); });
    connect(m_modeButton, &QPushButton::clicked, this, [this] {
        setHandWritten(m_design.mode == MockDesign::Mode::Rules);
    });
    connect(m_requestTemplate, &TemplateEditor::textEdited, this, [this] {
        if (m_design.mode == MockDesign::Mode::HandWritten) {
            m_design.requestTemplate = m_requestTemplate->text();
            edited(tr("Edit request template"));
        }
    });
    connect(m_tryIt, &TryItPanel::ran, this, &MockAuthoringView::tryItRan);
}

QWidget *MockAuthoringView::buildResponseEditor()
{
    auto *page = new QWidget(this);
    auto *pageLayout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    pageLayout->addLayout(form);

    m_status = new QComboBox(page);
    m_status->setEditable(true);
    for (const char *s : {"200", "201", "202", "204", "400", "401", "403", "404", "409", "422",
                          "429", "500", "503"})
        m_status->addItem(QString::fromLatin1(s) + QStringLiteral("  ") + reasonPhrase(QString::fromLatin1(s)),
                          QString::fromLatin1(s));
    m_status->setInsertPolicy(QComboBox::NoInsert);
    form->addRow(tr("Status code"), m_status);

    m_default = new QCheckBox(tr("Default response (answers when no rule matches)"), page);
    form->addRow(QString(), m_default);
    m_conditionRow = new QWidget(page);
    auto *when = new QHBoxLayout(m_conditionRow);
    when->setContentsMargins(0, 0, 0, 0);
    m_source = new QComboBox(m_conditionRow);
    for (auto s : {MockCondition::Source::Path, MockCondition::Source::Query,
                   MockCondition::Source::Header, MockCondition::Source::Body,
                   MockCondition::Source::Any})
        m_source->addItem(MockCondition::sourceLabel(s), int(s));
    m_name = new QComboBox(m_conditionRow);
    m_name->setEditable(true);
    m_name->setMinimumContentsLength(8);
    m_op = new QComboBox(m_conditionRow);
    for (auto o : {MockCondition::Op::Equals, MockCondition::Op::NotEquals, MockCondition::Op::OneOf,
                   MockCondition::Op::StartsWith, MockCondition::Op::Contains,
                   MockCondition::Op::Missing, MockCondition::Op::Present})
        m_op->addItem(MockCondition::opLabel(o), int(o));
    m_value = new QLineEdit(m_conditionRow);
    m_value->setPlaceholderText(tr("value"));
    when->addWidget(m_source);
    when->addWidget(m_name, 1);
    when->addWidget(m_op);
    when->addWidget(m_value, 1);
    m_whenLabel = new QLabel(tr("When"), page);
    form->addRow(m_whenLabel, m_conditionRow);
    m_pattern = new QLineEdit(page);
    m_pattern->setPlaceholderText(tr("a regular expression matched against the integration status"));
    m_patternLabel = new QLabel(tr("Selection pattern"), page);
    form->addRow(m_patternLabel, m_pattern);

    m_contentType = new QComboBox(page);
    m_contentType->setEditable(true);
    m_contentType->addItems({QStringLiteral("application/json"), QStringLiteral("text/plain"),
                             QStringLiteral("text/html"), QStringLiteral("application/xml")});
    form->addRow(tr("Content type"), m_contentType);

    auto *headersBox = new QWidget(page);
    auto *headersLayout = new QVBoxLayout(headersBox);
    headersLayout->setContentsMargins(0, 0, 0, 0);
    m_headers = new QTableWidget(0, 2, headersBox);
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->horizontalHeader()->resizeSection(0, 160);
    m_headers->verticalHeader()->hide();
    m_headers->verticalHeader()->setDefaultSectionSize(m_headers->fontMetrics().height() + 8);
    m_headers->setFixedHeight(m_headers->verticalHeader()->defaultSectionSize() * 3 +
                              m_headers->horizontalHeader()->sizeHint().height() + 4);
    headersBox->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_headers->setToolTip(tr("Static values, or a mapping such as method.request.header.X"));
    headersLayout->addWidget(m_headers);
    auto *headerButtons = new QHBoxLayout;
    auto *addHeader = new QToolButton(headersBox);
    addHeader->setText(tr("+ Header"));
    addHeader->setAutoRaise(true);
    auto *removeHeader = new QToolButton(headersBox);
    removeHeader->setText(tr("Remove header"));
    removeHeader->setAutoRaise(true);
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    headersLayout->addLayout(headerButtons);
    form->addRow(tr("Headers"), headersBox);

    auto *bodyBox = new QWidget(page);
    auto *bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto *bodyBar = new QHBoxLayout;
    auto *bodyLabel = new QLabel(tr("Body"), bodyBox);
    bodyBar->addWidget(bodyLabel);
    bodyBar->addSpacing(8);
    auto *bodyHint = new QLabel(tr("a VTL template: $input, $context, $util, $stageVariables "
                                   "(Ctrl+Space completes)"), bodyBox);
    bodyHint->setForegroundRole(QPalette::PlaceholderText);
    bodyBar->addWidget(bodyHint, 1);
    m_sample = new QToolButton(bodyBox);
    m_sample->setText(tr("Insert sample data"));
    m_sample->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_sample);
    for (SampleData::Kind kind : SampleData::kinds()) {
        menu->addAction(SampleData::label(kind), this, [this, kind] {
            int count = 3;
            if (kind == SampleData::Kind::JsonArray) {
                bool ok = false;
                count = QInputDialog::getInt(this, tr("JSON array"), tr("Number of items"), 3, 1,
                                             500, 1, &ok);
                if (!ok)
                    return;
            }
            insertSample(int(kind), count);
        });
    }
    m_sample->setMenu(menu);
    bodyBar->addWidget(m_sample);
    bodyLayout->addLayout(bodyBar);
    m_body = new TemplateEditor(bodyBox);
    m_body->setLanguage(TemplateEditor::Language::Vtl);
    bodyLayout->addWidget(m_body, 1);
    pageLayout->addWidget(bodyBox, 1);

    connect(m_status, &QComboBox::currentTextChanged, this, [this] { edited(tr("Change status code")); });
    connect(m_default, &QCheckBox::toggled, this, [this](bool checked) {
        // One default: the one it replaces becomes a rule (its condition kept for editing).
        if (checked && !m_loading && m_design.mode == MockDesign::Mode::Rules) {
            for (int i = 0; i < m_design.responses.size(); ++i) {
                if (i != m_current)
                    m_design.responses[i].isDefault = false;
            }
        }
        edited(tr("Change default response"));
    });
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        updateConditionWidgets();
        edited(tr("Change response condition"));
    });
    connect(m_name, &QComboBox::currentTextChanged, this, [this] { edited(tr("Change response condition")); });
    connect(m_op, &QComboBox::currentIndexChanged, this, [this] {
        updateConditionWidgets();
        edited(tr("Change response condition"));
    });
    connect(m_value, &QLineEdit::textChanged, this, [this] { edited(tr("Change response condition")); });
    connect(m_pattern, &QLineEdit::textChanged, this, [this] { edited(tr("Change selection pattern")); });
    connect(m_contentType, &QComboBox::currentTextChanged, this, [this] { edited(tr("Change content type")); });
    connect(m_headers, &QTableWidget::itemChanged, this, [this] { edited(tr("Edit response headers")); });
    connect(addHeader, &QToolButton::clicked, this, [this] {
        addHeaderRow(QString(), QString());
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, 0));
    });
    connect(removeHeader, &QToolButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0) {
            m_headers->removeRow(m_headers->currentRow());
            edited(tr("Remove response header"));
        }
    });
    connect(m_body, &TemplateEditor::textEdited, this, [this] { edited(tr("Edit response body")); });
    return page;
}

void MockAuthoringView::setMethod(std::shared_ptr<const Gateway::RestApi> api,
                                  const QString &resourcePath, const QString &httpMethod)
{
    const Gateway::Resource *resource = api ? api->resourceByPath(resourcePath) : nullptr;
    const Gateway::Method method = resource ? resource->methods.value(httpMethod) : Gateway::Method();
    const bool same = resourcePath == m_resourcePath && httpMethod == m_httpMethod;
    m_api = std::move(api);
    if (same && (method == m_lastEmitted || method == editedMethod())) {
        // Our own edit coming back published: keep the view (and the cursor) as it is.
        m_original = method;
        m_tryIt->setApi(editedApi());
        return;
    }
    m_emitTimer->stop();
    m_pendingUndo.clear();
    m_resourcePath = resourcePath;
    m_httpMethod = httpMethod;
    m_original = method;
    m_lastEmitted = method;
    m_design = MockDesign::fromMethod(method);
    m_current = m_design.responses.isEmpty() ? -1 : 0;

    const QColor badge = methodColor(httpMethod);
    const QString integration = method.integration
                                    ? Gateway::integrationTypeName(method.integration->type)
                                    : tr("no integration");
    m_title->setText(QStringLiteral("<span style=\"background:%1;color:white;font-weight:600\">"
                                    "&nbsp;%2&nbsp;</span>&nbsp; <b>%3</b> &nbsp;<span style=\"color:%4\">%5</span>")
                         .arg(badge.name(), httpMethod.toHtmlEscaped(), resourcePath.toHtmlEscaped(),
                              palette().color(QPalette::PlaceholderText).name(), integration));
    QStringList stageVariables;
    if (m_api) {
        for (const Gateway::Stage &s : m_api->stages)
            for (auto it = s.variables.begin(); it != s.variables.end(); ++it)
                if (!stageVariables.contains(it.key()))
                    stageVariables << it.key();
    }
    m_body->setStageVariableNames(stageVariables);
    m_requestTemplate->setStageVariableNames(stageVariables);

    // Names the conditions can refer to: the path's parameters and the declared ones.
    {
        const QSignalBlocker block(m_name);
        m_name->clear();
        QStringList names = pathParameters(resourcePath);
        static const QString prefix = QStringLiteral("method.request.");
        for (auto it = method.requestParameters.begin(); it != method.requestParameters.end(); ++it) {
            const QString name = it.key().section(u'.', 3);
            if (it.key().startsWith(prefix) && !names.contains(name))
                names << name;
        }
        m_name->addItems(names);
    }
    m_tryIt->setMethod(resourcePath, httpMethod);
    showDesign();
    m_tryIt->setApi(editedApi());
}

void MockAuthoringView::showDesign()
{
    const bool rules = m_design.mode == MockDesign::Mode::Rules;
    m_mode->setText(rules ? tr("· responses chosen by rules")
                          : m_design.isMock ? tr("· request template written by hand")
                                            : tr("· mapping templates"));
    m_addButton->setEnabled(m_design.isMock || !rules);
    m_modeButton->setVisible(m_design.isMock);
    m_modeButton->setText(rules ? tr("Write by hand") : tr("Back to rules"));
    m_requestNote->setText(
        rules ? tr("Generated from the rules: a MOCK integration answers the statusCode this "
                   "template writes, and each response's selection pattern is its status.")
              : tr("Written by hand. \"Back to rules\" works when the template has the shape "
                   "the rules write."));
    m_requestTemplate->setReadOnly(rules);
    m_requestTemplate->setText(rules ? m_design.generateRequestTemplate() : m_design.requestTemplate);
    updateList();
    showResponse();
    checkTemplates();
}

void MockAuthoringView::updateList()
{
    const bool wasLoading = m_loading;
    m_loading = true;
    if (m_list->count() != m_design.responses.size()) {
        m_list->clear();
        for (int i = 0; i < m_design.responses.size(); ++i)
            m_list->addItem(new QListWidgetItem);
    }
    for (int i = 0; i < m_design.responses.size(); ++i) {
        const MockResponse &r = m_design.responses[i];
        QListWidgetItem *item = m_list->item(i);
        item->setData(ResponseDelegate::StatusRole, r.statusCode);
        QString when;
        if (r.isDefault)
            when = tr("otherwise (default)");
        else if (m_design.mode == MockDesign::Mode::Rules)
            when = tr("when ") + r.condition.describe();
        else
            when = tr("pattern ") + r.selectionPattern;
        item->setData(ResponseDelegate::WhenRole, when);
        item->setToolTip(when);
    }
    m_list->setCurrentRow(m_current);
    m_removeButton->setEnabled(m_design.responses.size() > 1);
    const bool movable = m_design.mode == MockDesign::Mode::Rules && m_current >= 0 &&
                         !m_design.responses.value(m_current).isDefault;
    m_upButton->setEnabled(movable && m_current > 0);
    m_downButton->setEnabled(movable && m_current + 1 < m_design.responses.size() &&
                             !m_design.responses[m_current + 1].isDefault);
    m_loading = wasLoading;
}

void MockAuthoringView::showResponse()
{
    m_loading = true;
    const bool has = m_current >= 0 && m_current < m_design.responses.size();
    const MockResponse r = has ? m_design.responses[m_current] : MockResponse();
    const bool rules = m_design.mode == MockDesign::Mode::Rules;
    const int statusIndex = m_status->findData(r.statusCode);
    if (statusIndex >= 0)
        m_status->setCurrentIndex(statusIndex);
    else
        m_status->setEditText(r.statusCode);
    m_default->setChecked(r.isDefault);
    m_default->setEnabled(has && (!rules || !r.isDefault));
    m_source->setCurrentIndex(m_source->findData(int(r.condition.source)));
    m_name->setEditText(r.condition.name);
    m_op->setCurrentIndex(m_op->findData(int(r.condition.op)));
    m_value->setText(r.condition.value);
    m_pattern->setText(r.selectionPattern);
    m_contentType->setEditText(r.contentType);
    m_headers->setRowCount(0);
    for (const auto &[name, value] : r.headers)
        addHeaderRow(name, value);
    m_body->setText(r.body);
    const bool showWhen = rules && !r.isDefault;
    m_whenLabel->setVisible(showWhen);
    m_conditionRow->setVisible(showWhen);
    m_patternLabel->setVisible(!rules && !r.isDefault);
    m_pattern->setVisible(!rules && !r.isDefault);
    updateConditionWidgets();
    m_loading = false;
}

void MockAuthoringView::updateConditionWidgets()
{
    const auto op = MockCondition::Op(m_op->currentData().toInt());
    m_value->setEnabled(MockCondition::takesValue(op));
    m_value->setPlaceholderText(op == MockCondition::Op::OneOf ? tr("a, b, c") : tr("value"));
    const auto source = MockCondition::Source(m_source->currentData().toInt());
    m_name->lineEdit()->setPlaceholderText(source == MockCondition::Source::Body ? tr("field.path")
                                                                                : tr("name"));
}

void MockAuthoringView::addHeaderRow(const QString &name, const QString &value)
{
    const QSignalBlocker block(m_headers);
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
}

void MockAuthoringView::readResponse()
{
    if (m_current < 0 || m_current >= m_design.responses.size())
        return;
    MockResponse &r = m_design.responses[m_current];
    const QVariant data = m_status->currentData();
    const QString text = m_status->currentText().trimmed();
    // The list's entries read "404  Not Found"; typed text is a bare code.
    r.statusCode = m_status->currentIndex() >= 0 && m_status->itemText(m_status->currentIndex()) == text
                       ? data.toString()
                       : text.section(u' ', 0, 0);
    r.isDefault = m_default->isChecked();
    r.condition.source = MockCondition::Source(m_source->currentData().toInt());
    r.condition.name = m_name->currentText().trimmed();
    r.condition.op = MockCondition::Op(m_op->currentData().toInt());
    r.condition.value = m_value->text();
    r.selectionPattern = m_pattern->text();
    r.contentType = m_contentType->currentText().trimmed();
    r.headers.clear();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QString name = m_headers->item(row, 0) ? m_headers->item(row, 0)->text().trimmed() : QString();
        const QString value = m_headers->item(row, 1) ? m_headers->item(row, 1)->text() : QString();
        if (!name.isEmpty() || !value.isEmpty())
            r.headers.append({name, value});
    }
    r.body = m_body->text();
}

void MockAuthoringView::edited(const QString &undoText)
{
    if (m_loading)
        return;
    readResponse();
    if (m_design.mode == MockDesign::Mode::Rules) {
        // The default response stays last: rules are tried in order before it.
        if (m_current >= 0 && m_design.responses[m_current].isDefault &&
            m_current != m_design.responses.size() - 1) {
            m_design.responses.move(m_current, m_design.responses.size() - 1);
            m_current = int(m_design.responses.size()) - 1;
        }
        m_requestTemplate->setText(m_design.generateRequestTemplate());
    }
    updateList();
    const bool wasLoading = m_loading;
    m_loading = true;
    const bool rules = m_design.mode == MockDesign::Mode::Rules;
    const bool isDefault = m_current >= 0 && m_design.responses[m_current].isDefault;
    m_whenLabel->setVisible(rules && !isDefault);
    m_conditionRow->setVisible(rules && !isDefault);
    m_patternLabel->setVisible(!rules && !isDefault);
    m_pattern->setVisible(!rules && !isDefault);
    m_loading = wasLoading;

    m_pendingUndo = m_pendingUndo.isEmpty() || m_pendingUndo == undoText ? undoText
                                                                         : tr("Edit mock responses");
    m_emitTimer->start();
    checkTemplates();
    m_tryIt->setApi(editedApi());
}

void MockAuthoringView::flushEdits()
{
    m_emitTimer->stop();
    if (m_pendingUndo.isEmpty())
        return;
    const QString undo = m_pendingUndo;
    m_pendingUndo.clear();
    const Gateway::Method method = editedMethod();
    if (method == m_lastEmitted)
        return;
    m_lastEmitted = method;
    Q_EMIT methodEdited(method, undo);
}

Gateway::Method MockAuthoringView::editedMethod() const
{
    Gateway::Method method = m_original;
    if (method.httpMethod.isEmpty())
        method.httpMethod = m_httpMethod;
    m_design.applyTo(&method);
    return method;
}

std::shared_ptr<const Gateway::RestApi> MockAuthoringView::editedApi() const
{
    if (!m_api)
        return nullptr;
    auto api = std::make_shared<Gateway::RestApi>(*m_api);
    Gateway::Resource *resource = api->resourceByPath(m_resourcePath);
    if (!resource)
        return m_api;
    resource->methods.insert(m_httpMethod, editedMethod());
    if (api->stages.isEmpty()) {
        Gateway::Stage stage;
        stage.name = QStringLiteral("dev");
        api->stages.insert(stage.name, stage);
    }
    return api;
}

void MockAuthoringView::checkTemplates()
{
    QStringList problems = m_design.problems();
    // Syntax errors show at once in the editor that holds them.
    Vtl::VtlError error;
    if (m_current >= 0 && !Vtl::Template::compileWithError(m_body->text(), &error))
        m_body->setError(error.line, error.column, error.message);
    else
        m_body->clearError();
    if (!Vtl::Template::compileWithError(m_requestTemplate->text(), &error))
        m_requestTemplate->setError(error.line, error.column, error.message);
    else
        m_requestTemplate->clearError();
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());
}

void MockAuthoringView::tryItRan(const TryItResult &result)
{
    // Runtime template errors (a failing $util.parseJson, a bad JSONPath) come from the run.
    if (result.errorTemplate == u"response") {
        const int index =
            responseForStatus(result.notes.value(QStringLiteral("integrationStatus")).toInt());
        if (index == m_current)
            m_body->setError(result.errorLine, result.errorColumn, result.errorMessage);
    } else if (result.errorTemplate == u"request" &&
               m_design.mode == MockDesign::Mode::HandWritten) {
        m_requestTemplate->setError(result.errorLine, result.errorColumn, result.errorMessage);
    }
}

int MockAuthoringView::responseForStatus(int status) const
{
    const QString value = QString::number(status);
    int fallback = -1;
    for (int i = 0; i < m_design.responses.size(); ++i) {
        const MockResponse &r = m_design.responses[i];
        if (r.isDefault) {
            if (fallback < 0)
                fallback = i;
            continue;
        }
        const QString pattern = m_design.mode == MockDesign::Mode::Rules ? r.statusCode : r.selectionPattern;
        const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
        if (re.isValid() && re.match(value).hasMatch())
            return i;
    }
    return fallback;
}

int MockAuthoringView::responseCount() const
{
    return int(m_design.responses.size());
}

void MockAuthoringView::selectResponse(int index)
{
    if (index < 0 || index >= m_design.responses.size())
        return;
    m_list->setCurrentRow(index);
}

int MockAuthoringView::addResponse(const QString &statusCode, const MockCondition &condition)
{
    readResponse();
    MockResponse r;
    r.statusCode = statusCode;
    r.condition = condition;
    r.selectionPattern = statusCode;
    const QString reason = reasonPhrase(statusCode);
    r.body = QStringLiteral("{\n  \"message\": \"%1\"\n}").arg(reason.isEmpty() ? statusCode : reason);
    // Before the default, which stays last.
    int at = int(m_design.responses.size());
    for (int i = 0; i < m_design.responses.size(); ++i) {
        if (m_design.responses[i].isDefault)
            at = i;
    }
    m_design.responses.insert(at, r);
    m_current = at;
    updateList();
    showResponse();
    edited(tr("Add %1 response").arg(statusCode));
    return at;
}

void MockAuthoringView::removeResponse(int index)
{
    if (index < 0 || index >= m_design.responses.size() || m_design.responses.size() <= 1)
        return;
    const QString status = m_design.responses[index].statusCode;
    m_design.responses.removeAt(index);
    m_current = qMin(index, int(m_design.responses.size()) - 1);
    updateList();
    showResponse();
    m_pendingUndo.clear();
    edited(tr("Remove %1 response").arg(status));
}

void MockAuthoringView::moveResponse(int delta)
{
    const int to = m_current + delta;
    if (m_current < 0 || to < 0 || to >= m_design.responses.size() ||
        m_design.responses[to].isDefault || m_design.responses[m_current].isDefault)
        return;
    readResponse();
    m_design.responses.move(m_current, to);
    m_current = to;
    updateList();
    m_pendingUndo.clear();
    edited(tr("Reorder response rules"));
}

void MockAuthoringView::setHandWritten(bool handWritten)
{
    readResponse();
    if (handWritten && m_design.mode == MockDesign::Mode::Rules) {
        m_design.requestTemplate = m_design.generateRequestTemplate();
        m_design.requestContentType = QStringLiteral("application/json");
        for (MockResponse &r : m_design.responses)
            r.selectionPattern = r.isDefault ? QString() : r.statusCode;
        m_design.mode = MockDesign::Mode::HandWritten;
    } else if (!handWritten && m_design.mode == MockDesign::Mode::HandWritten) {
        Gateway::Method method = editedMethod();
        const MockDesign rules = MockDesign::fromMethod(method);
        if (rules.mode != MockDesign::Mode::Rules) {
            m_problems->setText(tr("The request template and selection patterns do not have the "
                                   "shape the rules write; they stay hand-written."));
            m_problems->show();
            return;
        }
        m_design = rules;
    } else {
        return;
    }
    m_current = qBound(0, m_current, int(m_design.responses.size()) - 1);
    showDesign();
    m_pendingUndo.clear();
    edited(handWritten ? tr("Write request template by hand") : tr("Use response rules"));
}

void MockAuthoringView::insertSample(int kind, int count)
{
    // Inside a JSON string the value goes in without its quotes.
    QsciScintilla *sci = m_body->editor();
    int line = 0;
    int index = 0;
    sci->getCursorPosition(&line, &index);
    const QString text = sci->text(line);
    const QString before = text.left(index);
    const bool insideString = before.count(u'"') % 2 == 1;
    int indent = 0;
    while (indent < text.size() && text.at(indent) == u' ')
        ++indent;
    const QString value = SampleData::generate(SampleData::Kind(kind), *QRandomGenerator::global(),
                                               count, indent, insideString);
    m_body->insertAtCursor(value);
}

void MockAuthoringView::setCapturedRecord(const Observe::RecordPtr &record)
{
    m_tryIt->setCapturedRecord(record);
}

} // namespace Gatehouse::Ui
