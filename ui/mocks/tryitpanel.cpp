#include <ui/mocks/templateeditor.h>
#include <ui/mocks/tryitpanel.h>
#include <ui/theme.h>

#include <gateway/compiledapi.h>
#include <gateway/gatewayendpoint.h>

#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QUuid>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

// Collects what the pipeline reports, as the HTTP exchange does when serving.
class RecordingTrace : public Gateway::PipelineTrace
{
public:
    RecordingTrace() { m_clock.start(); }
    qint64 nowUs() const override { return m_clock.nsecsElapsed() / 1000; }
    void addStage(const QString &name, qint64 startUs, qint64 durationUs) override
    {
        stages.append({name, startUs, durationUs});
    }
    void setNote(const QString &key, const QVariant &value) override { notes.insert(key, value); }

    QList<Observe::StageTiming> stages;
    QVariantMap notes;

private:
    QElapsedTimer m_clock;
};

QStringList parameterNames(const QString &resourcePath)
{
    static const QRegularExpression param(QStringLiteral("\\{([^}+]+)\\+?\\}"));
    QStringList names;
    auto it = param.globalMatch(resourcePath);
    while (it.hasNext())
        names << it.next().captured(1);
    return names;
}

QLabel *sectionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

// Indents one-line JSON for reading, keeping the key order and the number spellings the
// template wrote (QJsonDocument would sort keys and reformat numbers).
QString indentJson(const QString &text)
{
    QString out;
    int depth = 0;
    bool inString = false;
    auto newline = [&](int d) { out += u'\n' + QString(d * 2, u' '); };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (c == u'\\' && i + 1 < text.size())
                out += text.at(++i);
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        if (c == u'"') {
            inString = true;
            out += c;
        } else if (c == u'{' || c == u'[') {
            const QChar close = c == u'{' ? u'}' : u']';
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j).isSpace())
                ++j;
            if (j < text.size() && text.at(j) == close) {
                out += c;
                out += close;
                i = j;
                continue;
            }
            out += c;
            newline(++depth);
        } else if (c == u'}' || c == u']') {
            newline(--depth);
            out += c;
        } else if (c == u',') {
            out += c;
            newline(depth);
        } else if (c == u':') {
            out += QStringLiteral(": ");
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

TryItPanel::TryItPanel(QWidget *parent)
    : QWidget(parent), m_timer(new QTimer(this)), m_useCaptured(new QToolButton(this)),
      m_method(new QComboBox(this)), m_query(new QLineEdit(this)),
      m_headers(new QPlainTextEdit(this)), m_body(new TemplateEditor(this)),
      m_requestLine(new QLabel(this)), m_status(new QLabel(this)), m_summary(new QLabel(this)),
      m_responseHeaders(new QPlainTextEdit(this)), m_responseBody(new TemplateEditor(this)),
      m_error(new QLabel(this))
{
    qRegisterMetaType<TryItResult>();
    m_timer->setSingleShot(true);
    m_timer->setInterval(DebounceMs);
    connect(m_timer, &QTimer::timeout, this, &TryItPanel::runNow);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    auto *title = new QHBoxLayout;
    title->addWidget(sectionLabel(tr("Try it"), this));
    title->addStretch();
    m_useCaptured->setText(tr("Use captured request"));
    m_useCaptured->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_useCaptured->setEnabled(false);
    m_useCaptured->setToolTip(tr("Select a gateway request in the inspector to replay it here"));
    connect(m_useCaptured, &QToolButton::clicked, this, &TryItPanel::useCapturedRecord);
    title->addWidget(m_useCaptured);
    layout->addLayout(title);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    auto *request = new QWidget(splitter);
    m_form = new QFormLayout(request);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_form->addRow(tr("Method"), m_method);
    m_query->setPlaceholderText(QStringLiteral("name=value&other=value"));
    m_query->setFont(mono);
    m_form->addRow(tr("Query"), m_query);
    m_headers->setPlaceholderText(QStringLiteral("Accept: application/json"));
    m_headers->setFont(mono);
    m_headers->setFixedHeight(QFontMetrics(mono).lineSpacing() * 3 + 12);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_form->addRow(tr("Headers"), m_headers);
    m_body->setLanguage(TemplateEditor::Language::Json);
    m_body->setMinimumHeight(QFontMetrics(mono).lineSpacing() * 4 + 8);
    m_body->setMaximumHeight(QFontMetrics(mono).lineSpacing() * 8 + 8);
    m_form->addRow(tr("Body"), m_body);
    m_requestLine->setFont(mono);
    m_requestLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_requestLine->setForegroundRole(QPalette::PlaceholderText);
    m_form->addRow(QString(), m_requestLine);

    auto *response = new QWidget(splitter);
    auto *responseLayout = new QVBoxLayout(response);
    responseLayout->setContentsMargins(0, 6, 0, 0);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(sectionLabel(tr("Response"), response));
    m_status->setObjectName(QStringLiteral("tryItStatus"));
    QFont big = m_status->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_status->setFont(big);
    statusRow->addWidget(m_status);
    statusRow->addWidget(m_summary, 1);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    // Long facts must not widen the panel: the label shrinks and the tooltip has them all.
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_error->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    responseLayout->addLayout(statusRow);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(statusColor(500).name()));
    m_error->hide();
    responseLayout->addWidget(m_error);
    m_responseHeaders->setReadOnly(true);
    m_responseHeaders->setFont(mono);
    m_responseHeaders->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_responseHeaders->setFixedHeight(QFontMetrics(mono).lineSpacing() * 3 + 12);
    responseLayout->addWidget(m_responseHeaders);
    m_responseBody->setLanguage(TemplateEditor::Language::Json);
    m_responseBody->setReadOnly(true);
    responseLayout->addWidget(m_responseBody, 1);
    splitter->addWidget(request);
    splitter->addWidget(response);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_method, &QComboBox::currentTextChanged, this, &TryItPanel::schedule);
    connect(m_query, &QLineEdit::textChanged, this, &TryItPanel::schedule);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &TryItPanel::schedule);
    connect(m_body, &TemplateEditor::textEdited, this, &TryItPanel::schedule);
}

void TryItPanel::setMethod(const QString &resourcePath, const QString &httpMethod)
{
    m_resourcePath = resourcePath;
    m_httpMethod = httpMethod;
    const QSignalBlocker blockMethod(m_method);
    const QString method = httpMethod == u"ANY" ? QStringLiteral("GET") : httpMethod;
    if (m_method->findText(method) < 0)
        m_method->addItem(method);
    m_method->setCurrentText(method);
    m_method->setEnabled(httpMethod == u"ANY");
    const QSignalBlocker blockQuery(m_query);
    m_query->clear();
    const QSignalBlocker blockHeaders(m_headers);
    m_headers->setPlainText(QStringLiteral("Accept: application/json"));
    m_body->setText(QString());
    rebuildPathFields();
    schedule();
}

void TryItPanel::rebuildPathFields()
{
    for (const auto &[name, edit] : m_pathFields)
        m_form->removeRow(edit);
    m_pathFields.clear();
    int row = 1;
    for (const QString &name : parameterNames(m_resourcePath)) {
        auto *edit = new QLineEdit(this);
        // A sample value a reader recognises as one.
        edit->setText(QStringLiteral("1"));
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        connect(edit, &QLineEdit::textChanged, this, &TryItPanel::schedule);
        m_form->insertRow(row++, u'{' + name + u'}', edit);
        m_pathFields.append({name, edit});
    }
}

void TryItPanel::setApi(std::shared_ptr<const Gateway::RestApi> api)
{
    m_api = std::move(api);
    schedule();
}

void TryItPanel::setCapturedRecord(const Observe::RecordPtr &record)
{
    m_captured = record && record->listener == u"gateway" ? record : nullptr;
    m_useCaptured->setEnabled(bool(m_captured));
    m_useCaptured->setToolTip(
        m_captured ? tr("Fill the request from %1 %2")
                         .arg(QString::fromLatin1(m_captured->method),
                              QString::fromUtf8(m_captured->target))
                   : tr("Select a gateway request in the inspector to replay it here"));
}

bool TryItPanel::useCapturedRecord()
{
    if (!m_captured)
        return false;
    const Observe::RequestRecord &r = *m_captured;
    QByteArray host;
    for (const auto &[name, value] : r.requestHeaders) {
        if (name.compare("host", Qt::CaseInsensitive) == 0)
            host = value;
    }
    const qsizetype q = r.target.indexOf('?');
    const QByteArray path = q < 0 ? r.target : r.target.left(q);
    const Gateway::InvokeTarget target = Gateway::parseInvokeTarget(host, path);
    // Path parameters: the captured segments under this method's {param} parts.
    const QStringList parts = m_resourcePath.split(u'/', Qt::SkipEmptyParts);
    const QList<QByteArray> segments = target.resourcePath.split('/');
    QList<QByteArray> nonEmpty;
    for (const QByteArray &s : segments) {
        if (!s.isEmpty())
            nonEmpty << s;
    }
    for (int i = 0; i < parts.size() && i < nonEmpty.size(); ++i) {
        if (!parts[i].startsWith(u'{'))
            continue;
        QString name = parts[i].mid(1, parts[i].size() - 2);
        QString value = QUrl::fromPercentEncoding(nonEmpty[i]);
        if (name.endsWith(u'+')) {
            name.chop(1);
            QStringList rest;
            for (int j = i; j < nonEmpty.size(); ++j)
                rest << QUrl::fromPercentEncoding(nonEmpty[j]);
            value = rest.join(u'/');
        }
        setPathParameter(name, value);
    }
    if (m_method->isEnabled() || m_method->currentText() == QString::fromLatin1(r.method))
        setHttpMethod(QString::fromLatin1(r.method));
    setQuery(q < 0 ? QString() : QString::fromUtf8(r.target.mid(q + 1)));
    QStringList lines;
    for (const auto &[name, value] : r.requestHeaders) {
        const QByteArray lower = name.toLower();
        if (lower == "host" || lower == "content-length" || lower == "connection")
            continue;
        lines << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    }
    setHeaders(lines.join(u'\n'));
    setBody(QString::fromUtf8(r.requestBody));
    return true;
}

void TryItPanel::setPathParameter(const QString &name, const QString &value)
{
    for (const auto &[n, edit] : m_pathFields) {
        if (n == name)
            edit->setText(value);
    }
}

QString TryItPanel::pathParameter(const QString &name) const
{
    for (const auto &[n, edit] : m_pathFields) {
        if (n == name)
            return edit->text();
    }
    return QString();
}

void TryItPanel::setHttpMethod(const QString &method)
{
    if (m_method->findText(method) < 0)
        m_method->addItem(method);
    m_method->setCurrentText(method);
}

void TryItPanel::setQuery(const QString &query)
{
    m_query->setText(query);
}

QString TryItPanel::query() const
{
    return m_query->text();
}

void TryItPanel::setHeaders(const QString &headerLines)
{
    m_headers->setPlainText(headerLines);
}

void TryItPanel::setBody(const QString &body)
{
    m_body->setText(body);
    schedule();
}

Gateway::InvocationRequest TryItPanel::sampleRequest() const
{
    Gateway::InvocationRequest request;
    request.method = m_method->currentText().toLatin1();
    QString path = m_resourcePath;
    for (const auto &[name, edit] : m_pathFields) {
        const bool greedy = path.contains(u'{' + name + QStringLiteral("+}"));
        const QByteArray encoded = greedy ? QUrl::toPercentEncoding(edit->text(), "/")
                                          : QUrl::toPercentEncoding(edit->text());
        path.replace(u'{' + name + (greedy ? QStringLiteral("+}") : QStringLiteral("}")),
                     QString::fromLatin1(encoded));
    }
    request.resourcePath = path == u"/" ? QByteArray() : path.toUtf8();
    request.query = m_query->text().trimmed().toUtf8();
    if (request.query.startsWith('?'))
        request.query.remove(0, 1);
    for (const QString &line : m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        request.headers.append({line.left(colon).trimmed().toLatin1(),
                                line.mid(colon + 1).trimmed().toUtf8()});
    }
    request.body = m_body->text().toUtf8();
    if (!request.body.isEmpty() && !Http::hasHeader(request.headers, "content-type"))
        request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    QString stage = QStringLiteral("dev");
    if (m_api && !m_api->stages.isEmpty())
        stage = m_api->stages.firstKey();
    request.path = u'/' + stage + QString::fromUtf8(request.resourcePath);
    request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    request.extendedRequestId = request.requestId.left(8);
    request.requestTimeEpochMs = QDateTime::currentMSecsSinceEpoch();
    request.sourceIp = QStringLiteral("127.0.0.1");
    request.domainName = QStringLiteral("localhost");
    request.domainPrefix = QStringLiteral("localhost");
    return request;
}

TryItResult TryItPanel::run(std::shared_ptr<const Gateway::RestApi> api,
                            const Gateway::InvocationRequest &request)
{
    TryItResult result;
    if (!api)
        return result;
    Gateway::CompiledStage stage;
    stage.name = api->stages.isEmpty() ? QStringLiteral("dev") : api->stages.firstKey();
    if (!api->stages.isEmpty()) {
        const Gateway::Stage &s = api->stages.first();
        for (auto it = s.variables.begin(); it != s.variables.end(); ++it)
            stage.variables.append({it.key(), it.value()});
    }
    stage.api = Gateway::CompiledApi::compile(api);
    RecordingTrace trace;
    const Http::HttpResponse response = Gateway::Pipeline::invoke(stage, request, &trace);
    result.ran = true;
    result.status = response.status;
    result.headers = response.headers;
    result.body = response.body;
    result.notes = trace.notes;
    result.stages = trace.stages;
    result.totalUs = trace.nowUs();
    // "Unable to transform response: response template (application/json): line 2, column 5: ..."
    static const QRegularExpression templateError(QStringLiteral(
        "(request|response) template \\(([^)]*)\\): line (\\d+), column (\\d+): (.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    const auto m = templateError.match(result.notes.value(QStringLiteral("error")).toString());
    if (m.hasMatch()) {
        result.errorTemplate = m.captured(1);
        result.errorLine = m.captured(3).toInt();
        result.errorColumn = m.captured(4).toInt();
        result.errorMessage = m.captured(5);
    }
    return result;
}

void TryItPanel::schedule()
{
    m_requestLine->setText(requestLine());
    m_timer->start();
}

QString TryItPanel::requestLine() const
{
    const Gateway::InvocationRequest r = sampleRequest();
    return QString::fromLatin1(r.method) + u' ' + r.path +
           (r.query.isEmpty() ? QString() : u'?' + QString::fromUtf8(r.query));
}

void TryItPanel::runNow()
{
    m_timer->stop();
    m_requestLine->setText(requestLine());
    m_result = run(m_api, sampleRequest());
    showResult();
    Q_EMIT ran(m_result);
}

QString TryItPanel::responseBodyText() const
{
    return m_responseBody->text();
}

void TryItPanel::showResult()
{
    if (!m_result.ran) {
        m_status->clear();
        m_summary->setText(tr("No API to run against"));
        return;
    }
    const QColor colour = statusColor(m_result.status);
    m_status->setText(QString::number(m_result.status));
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(colour.name()));
    QStringList facts;
    const QVariant integrationStatus = m_result.notes.value(QStringLiteral("integrationStatus"));
    if (integrationStatus.isValid())
        facts << tr("mock status %1").arg(integrationStatus.toInt());
    if (m_result.notes.contains(QStringLiteral("gatewayResponse")))
        facts << tr("gateway response %1").arg(m_result.notes.value(QStringLiteral("gatewayResponse")).toString());
    facts << tr("%1 bytes").arg(m_result.body.size());
    facts << QStringLiteral("%1 µs").arg(m_result.totalUs);
    m_summary->setText(facts.join(QStringLiteral(" · ")));
    m_summary->setToolTip(m_summary->text());
    const QString error = m_result.notes.value(QStringLiteral("error")).toString();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    QStringList headerLines;
    for (const auto &[name, value] : m_result.headers)
        headerLines << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    m_responseHeaders->setPlainText(headerLines.join(u'\n'));
    // The body as the client gets it; one-line JSON indented for reading.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(m_result.body, &parseError);
    const bool json = parseError.error == QJsonParseError::NoError && !doc.isNull();
    const QString body = QString::fromUtf8(m_result.body);
    m_responseBody->setLanguage(json ? TemplateEditor::Language::Json : TemplateEditor::Language::Vtl);
    m_responseBody->setText(json && !body.trimmed().contains(u'\n') ? indentJson(body) : body);
}

} // namespace Gatehouse::Ui
