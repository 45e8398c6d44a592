#include <gateway/cors.h>
#include <ui/mocks/mockauthoringview.h>
#include <ui/routes/invokeurlbar.h>
#include <ui/routes/methodforms.h>
#include <ui/routes/mockpagehost.h>
#include <ui/routes/resourcedialogs.h>
#include <ui/routes/resourcetreemodel.h>
#include <ui/routes/routeeditorview.h>
#include <ui/routes/routeedits.h>
#include <ui/routes/stagespanel.h>
#include <ui/theme.h>

#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

// Methods draw as a coloured badge followed by their integration type; resources show their
// path part, variables in a distinct colour, as API Gateway's console lists them.
class RouteTreeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int kind = index.data(ResourceTreeModel::KindRole).toInt();
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        if (kind == ResourceTreeModel::ApiNode) {
            opt.font.setBold(true);
            QStyledItemDelegate::paint(painter, opt, index);
            return;
        }
        const QString text = opt.text;
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const bool selected = opt.state & QStyle::State_Selected;
        const QColor textColor = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        QRect r = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        if (kind == ResourceTreeModel::MethodNode) {
            QFont badgeFont = opt.font;
            badgeFont.setBold(true);
            badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.8);
            const QFontMetrics bfm(badgeFont);
            const int width = bfm.horizontalAdvance(QStringLiteral("OPTIONS")) + 10;
            const QRect badge(r.left() + 1, r.top() + 2, width, r.height() - 4);
            painter->setPen(Qt::NoPen);
            painter->setBrush(methodColor(text));
            painter->drawRoundedRect(badge, 3, 3);
            painter->setPen(Qt::white);
            painter->setFont(badgeFont);
            painter->drawText(badge, Qt::AlignCenter, text);
            QColor type = textColor;
            type.setAlphaF(0.6);
            painter->setPen(type);
            painter->setFont(opt.font);
            painter->drawText(r.adjusted(width + 8, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                              index.data(ResourceTreeModel::IntegrationRole).toString());
        } else {
            const bool variable = text.startsWith(u'{');
            QFont font = opt.font;
            if (text == QLatin1String("/"))
                font.setBold(true);
            painter->setFont(font);
            painter->setPen(variable && !selected ? (isDark(opt.palette) ? QColor(0xe0, 0xa8, 0x5c) : QColor(0xa0, 0x5a, 0x00))
                                                  : textColor);
            const QString shown = text == QLatin1String("/") ? text : u'/' + text;
            painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft, QFontMetrics(font).elidedText(shown, Qt::ElideMiddle, r.width()));
        }
        painter->restore();
    }
};

QToolButton *toolButton(const QString &text, const QIcon &icon, const QString &tip)
{
    auto *button = new QToolButton;
    button->setText(text);
    button->setIcon(icon);
    button->setToolTip(tip);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

} // namespace

RouteEditorView::RouteEditorView(QWidget *parent)
    : QWidget(parent)
    , m_workspace(new ApiWorkspace(this))
    , m_model(new ResourceTreeModel(m_workspace, this))
    , m_tree(new QTreeView)
    , m_addResource(toolButton(tr("Resource"), style()->standardIcon(QStyle::SP_FileDialogNewFolder),
                               tr("Create a child resource of the selected resource")))
    , m_addMethod(toolButton(tr("Method"), style()->standardIcon(QStyle::SP_FileIcon), tr("Create a method on the selected resource")))
    , m_rename(toolButton(tr("Rename"), style()->standardIcon(QStyle::SP_FileDialogDetailedView),
                          tr("Rename the selected resource (F2)")))
    , m_delete(toolButton(tr("Delete"), style()->standardIcon(QStyle::SP_TrashIcon),
                          tr("Delete the selected resource (with its children) or method (Del)")))
    , m_tabs(new QTabWidget)
    , m_heading(new QLabel)
    , m_invoke(new InvokeUrlBar)
    , m_diagram(new MethodExecutionView)
    , m_problems(new QLabel)
    , m_pages(new QStackedWidget)
    , m_methodRequest(new MethodRequestForm)
    , m_integrationRequest(new IntegrationRequestForm)
    , m_integrationResponse(new IntegrationResponseForm)
    , m_methodResponse(new MethodResponseForm)
    , m_resourceSummary(new QLabel)
    , m_stages(new StagesPanel(m_workspace))
    , m_mockHost(new MockPageHost(this))
{
    setObjectName(QStringLiteral("routeEditor"));
    m_tree->setObjectName(QStringLiteral("routeTree"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setItemDelegate(new RouteTreeDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setDragDropMode(QAbstractItemView::DragDrop);
    m_tree->setDefaultDropAction(Qt::MoveAction);
    m_tree->setDragEnabled(true);
    m_tree->setAcceptDrops(true);
    m_tree->setDropIndicatorShown(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(2);
    for (QToolButton *b : {m_addResource, m_addMethod, m_rename, m_delete})
        toolbar->addWidget(b);
    m_rename->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_delete->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_addResource->setText(tr("+ Resource"));
    m_addMethod->setText(tr("+ Method"));
    toolbar->addStretch();
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(2);
    leftLayout->addLayout(toolbar);
    leftLayout->addWidget(m_tree);

    m_heading->setObjectName(QStringLiteral("routeHeading"));
    m_heading->setTextFormat(Qt::RichText);
    // Long summaries are cut, never widen the window.
    m_heading->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_problems->setObjectName(QStringLiteral("routeProblems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: %1").arg(statusColor(500).name()));
    m_problems->hide();
    m_pages->addWidget(m_methodRequest);
    m_pages->addWidget(m_integrationRequest);
    m_pages->addWidget(m_integrationResponse);
    m_pages->addWidget(m_methodResponse);
    m_pages->addWidget(buildResourcePage());
    auto *empty = new QLabel(tr("Select an API, a resource or a method on the left.\n\n"
                                "Drop an OpenAPI document (.yaml or .json) on the window to import it."));
    empty->setAlignment(Qt::AlignCenter);
    empty->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(empty);
    m_pages->setCurrentIndex(EmptyPage);

    auto *methodPage = new QWidget;
    auto *methodLayout = new QVBoxLayout(methodPage);
    methodLayout->addWidget(m_heading);
    methodLayout->addWidget(m_invoke);
    methodLayout->addWidget(m_diagram);
    methodLayout->addWidget(m_problems);
    // With the request list docked below, the forms scroll rather than stretch the window.
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_pages);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    methodLayout->addWidget(scroll, 1);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(methodPage, tr("Method execution"));
    m_tabs->addTab(m_stages, tr("Stages"));

    auto *splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({280, 900});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        if (!m_restoring)
            showSelection();
    });
    connect(m_tree, &QTreeView::collapsed, this, [this](const QModelIndex &i) {
        if (!m_restoring)
            m_collapsed.insert(i.data(ResourceTreeModel::KeyRole).toString());
    });
    connect(m_tree, &QTreeView::expanded, this, [this](const QModelIndex &i) {
        if (!m_restoring)
            m_collapsed.remove(i.data(ResourceTreeModel::KeyRole).toString());
    });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &RouteEditorView::rememberTree);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RouteEditorView::restoreTree);
    connect(m_model, &ResourceTreeModel::moveRequested, this, [this](const QString &api, const QString &path, const QString &to) {
        moveResource(api, path, to);
    });
    connect(m_workspace, &ApiWorkspace::apiChanged, this, [this](const QString &apiId) {
        if (selection().apiId == apiId)
            showSelection();
    });
    connect(m_workspace, &ApiWorkspace::selectionRequested, this, [this](const RouteSelection &s) {
        select(s.apiId, s.path, s.httpMethod);
    });
    connect(m_workspace, &ApiWorkspace::problemsChanged, this, &RouteEditorView::updateProblems);
    connect(m_diagram, &MethodExecutionView::boxActivated, this, &RouteEditorView::showBox);
    connect(m_invoke, &InvokeUrlBar::message, this, &RouteEditorView::message);
    connect(m_stages, &StagesPanel::stageSelected, this, [this] { showSelection(); });

    for (MethodForm *form : {static_cast<MethodForm *>(m_methodRequest), static_cast<MethodForm *>(m_integrationRequest),
                             static_cast<MethodForm *>(m_integrationResponse), static_cast<MethodForm *>(m_methodResponse)})
        connect(form, &MethodForm::methodEdited, this, &RouteEditorView::applyMethodEdit);
    connect(m_mockHost, &MockPageHost::methodEdited, this,
            [this](const QString &apiId, const QString &path, const Gateway::Method &m, const QString &text) {
                applyMethodEditAt({apiId, path, m.httpMethod}, m, text, {});
            });

    connect(m_addResource, &QToolButton::clicked, this, &RouteEditorView::addResourceDialog);
    connect(m_addMethod, &QToolButton::clicked, this, &RouteEditorView::addMethodDialog);
    connect(m_rename, &QToolButton::clicked, this, &RouteEditorView::renameDialog);
    connect(m_delete, &QToolButton::clicked, this, [this] { deleteSelected(); });
    auto *renameAction = new QAction(this);
    renameAction->setShortcut(Qt::Key_F2);
    renameAction->setShortcutContext(Qt::WidgetShortcut);
    connect(renameAction, &QAction::triggered, this, &RouteEditorView::renameDialog);
    m_tree->addAction(renameAction);
    auto *deleteAction = new QAction(this);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(deleteAction, &QAction::triggered, this, [this] { deleteSelected(); });
    m_tree->addAction(deleteAction);
    updateActions();
}

RouteEditorView::~RouteEditorView() = default;

MockAuthoringView *RouteEditorView::mockAuthoring() const
{
    return m_mockHost->view();
}

QWidget *RouteEditorView::buildResourcePage()
{
    auto *page = new QWidget;
    m_resourceSummary->setObjectName(QStringLiteral("resourceSummary"));
    m_resourceSummary->setTextFormat(Qt::RichText);
    m_resourceSummary->setWordWrap(true);
    m_resourceSummary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *addMethod = new QToolButton;
    addMethod->setText(tr("Create method…"));
    auto *addChild = new QToolButton;
    addChild->setText(tr("Create child resource…"));
    auto *cors = new QToolButton;
    cors->setObjectName(QStringLiteral("enableCors"));
    cors->setText(tr("Enable CORS"));
    cors->setToolTip(tr("Add an OPTIONS method answering browsers' preflight requests and "
                        "Access-Control-Allow-Origin on this resource's methods, as the API "
                        "Gateway console does"));
    connect(addMethod, &QToolButton::clicked, this, &RouteEditorView::addMethodDialog);
    connect(addChild, &QToolButton::clicked, this, &RouteEditorView::addResourceDialog);
    connect(cors, &QToolButton::clicked, this, [this] { enableCorsOnSelected(); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(addMethod);
    buttons->addWidget(addChild);
    buttons->addWidget(cors);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_resourceSummary);
    layout->addLayout(buttons);
    layout->addStretch();
    return page;
}

void RouteEditorView::setGatewayUrl(const QString &url)
{
    m_gatewayUrl = url;
    showSelection();
}

RouteSelection RouteEditorView::selection() const
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return {};
    return {current.data(ResourceTreeModel::ApiIdRole).toString(), current.data(ResourceTreeModel::PathRole).toString(),
            current.data(ResourceTreeModel::MethodRole).toString()};
}

bool RouteEditorView::select(const QString &apiId, const QString &path, const QString &httpMethod)
{
    const QModelIndex index = m_model->find(apiId, path, httpMethod);
    if (!index.isValid())
        return false;
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    if (m_tree->currentIndex() == index)
        showSelection();
    else
        m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    return true;
}

void RouteEditorView::rememberTree()
{
    m_currentKey = m_tree->currentIndex().data(ResourceTreeModel::KeyRole).toString();
}

void RouteEditorView::restoreTree()
{
    m_restoring = true;
    m_tree->expandAll();
    for (const QString &key : std::as_const(m_collapsed)) {
        const QModelIndex index = m_model->findKey(key);
        if (index.isValid())
            m_tree->collapse(index);
    }
    QModelIndex current = m_model->findKey(m_currentKey);
    if (!current.isValid() && m_model->rowCount() > 0 && !m_currentKey.isEmpty())
        current = m_model->findKey(m_currentKey.section(u' ', 0, 0) + QStringLiteral("  "));
    if (current.isValid())
        m_tree->setCurrentIndex(current);
    m_restoring = false;
    showSelection();
}

QString RouteEditorView::servingStage(const Gateway::RestApi &api) const
{
    if (m_stages->apiId() == api.id && api.stages.contains(m_stages->selectedStage()))
        return m_stages->selectedStage();
    if (api.stages.contains(m_workspace->servingStage()))
        return m_workspace->servingStage();
    return api.stages.isEmpty() ? QString() : api.stages.firstKey();
}

void RouteEditorView::showSelection()
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    updateActions();
    if (m_stages->apiId() != s.apiId)
        m_stages->setApi(s.apiId);
    if (!api) {
        m_heading->setText(QString());
        m_invoke->clear();
        m_diagram->clear();
        m_diagram->hide();
        m_pages->setCurrentIndex(EmptyPage);
        updateProblems();
        return;
    }
    const Gateway::Resource *resource = api->resourceByPath(s.path.isEmpty() ? QStringLiteral("/") : s.path);
    if (resource && !s.httpMethod.isEmpty() && resource->methods.contains(s.httpMethod))
        showMethod(*api, *resource, resource->methods.value(s.httpMethod));
    else if (resource)
        showResource(*api, *resource);
    updateProblems();
}

void RouteEditorView::showMethod(const Gateway::RestApi &api, const Gateway::Resource &resource, const Gateway::Method &method)
{
    QString heading = QStringLiteral("<span style='font-size:large'><b>%1</b> <tt>%2</tt></span>")
                          .arg(method.httpMethod, resource.path.toHtmlEscaped());
    const QString about = method.summary.isEmpty() ? method.operationId : method.summary;
    if (!about.isEmpty())
        heading += QStringLiteral(" &nbsp;—&nbsp; %1").arg(about.toHtmlEscaped());
    m_heading->setText(heading);
    m_invoke->setTarget(m_gatewayUrl, servingStage(api), resource.path, method.httpMethod);
    m_diagram->show();
    m_diagram->setMethod(api, resource.path, method);
    m_methodRequest->setMethod(api, resource.path, method);
    m_integrationRequest->setMethod(api, resource.path, method);
    m_integrationResponse->setMethod(api, resource.path, method);
    m_methodResponse->setMethod(api, resource.path, method);
    const bool mock = method.integration && method.integration->type == Gateway::IntegrationType::Mock;
    if (mock && m_mockHost->page()) {
        m_mockHost->setMethod(m_workspace->api(api.id), resource.path, method.httpMethod);
        m_integrationResponse->setMockPage(m_mockHost->page());
    } else {
        if (m_mockHost->page())
            m_mockHost->view()->flushEdits();
        m_integrationResponse->setMockPage(nullptr);
    }
    if (m_pages->currentIndex() >= ResourcePage)
        showBox(m_diagram->currentBox());
}

void RouteEditorView::showResource(const Gateway::RestApi &api, const Gateway::Resource &resource)
{
    m_heading->setText(QStringLiteral("<span style='font-size:large'><tt>%1</tt></span> &nbsp;—&nbsp; %2")
                           .arg(resource.path.toHtmlEscaped(), api.name.toHtmlEscaped()));
    m_invoke->setTarget(m_gatewayUrl, servingStage(api), resource.path, QString());
    m_diagram->clear();
    m_diagram->hide();
    QString html;
    html += tr("<p>Resource <b><tt>%1</tt></b> (id <tt>%2</tt>)").arg(resource.path.toHtmlEscaped(), resource.id);
    if (resource.isGreedy())
        html += tr(" — a greedy path variable: it matches the rest of the path and cannot have children");
    else if (resource.isParameter())
        html += tr(" — a path variable: <tt>$input.params('%1')</tt> reads it").arg(resource.parameterName().toHtmlEscaped());
    html += QStringLiteral("</p>");
    if (resource.methods.isEmpty()) {
        html += tr("<p>No methods yet: a request to this path answers Missing Authentication Token, as API "
                   "Gateway does.</p>");
    } else {
        html += tr("<p>Methods:</p><ul>");
        for (const Gateway::Method &m : resource.methods) {
            html += QStringLiteral("<li><b style='color:%1'>%2</b> — %3</li>")
                        .arg(methodColor(m.httpMethod).name(), m.httpMethod,
                             m.integration ? Gateway::integrationTypeName(m.integration->type) : tr("no integration"));
        }
        html += QStringLiteral("</ul>");
    }
    html += tr("<p>Drag a resource onto another to move it; its methods and children move with it.</p>");
    m_resourceSummary->setText(html);
    m_pages->setCurrentIndex(ResourcePage);
}

void RouteEditorView::showBox(MethodExecutionView::Box box)
{
    m_diagram->setCurrentBox(box);
    switch (box) {
    case MethodExecutionView::MethodRequest: m_pages->setCurrentIndex(MethodRequestPage); break;
    case MethodExecutionView::IntegrationRequest:
    case MethodExecutionView::Backend: m_pages->setCurrentIndex(IntegrationRequestPage); break;
    case MethodExecutionView::IntegrationResponse: m_pages->setCurrentIndex(IntegrationResponsePage); break;
    case MethodExecutionView::MethodResponse: m_pages->setCurrentIndex(MethodResponsePage); break;
    case MethodExecutionView::BoxCount: break;
    }
}

void RouteEditorView::updateProblems()
{
    const QStringList problems = m_workspace->problems(selection().apiId);
    m_problems->setVisible(!problems.isEmpty());
    m_problems->setText(tr("The gateway cannot serve all of this API as written:\n• %1").arg(problems.join(QStringLiteral("\n• "))));
}

void RouteEditorView::updateActions()
{
    const RouteSelection s = selection();
    const bool resource = !s.path.isEmpty() && s.httpMethod.isEmpty();
    m_addResource->setEnabled(resource);
    m_addMethod->setEnabled(resource);
    m_rename->setEnabled(resource && s.path != QLatin1String("/"));
    m_delete->setEnabled(!s.httpMethod.isEmpty() || (resource && s.path != QLatin1String("/")));
}

Status RouteEditorView::fail(const Status &status)
{
    if (!status)
        Q_EMIT message(status.message());
    return status;
}

void RouteEditorView::applyMethodEdit(const Gateway::Method &edited, const QString &undoText, const QString &mergeKey)
{
    applyMethodEditAt(selection(), edited, undoText, mergeKey);
}

void RouteEditorView::applyMethodEditAt(const RouteSelection &s, const Gateway::Method &edited, const QString &undoText,
                                        const QString &mergeKey)
{
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.httpMethod != edited.httpMethod)
        return;
    auto next = RouteEdits::replaceMethod(*api, s.path, edited);
    if (!next) {
        fail(next.status());
        return;
    }
    m_workspace->edit(s.apiId, *next, undoText, s, mergeKey);
}

Status RouteEditorView::enableCorsOnSelected()
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty() || !s.httpMethod.isEmpty())
        return fail(Status::error(QStringLiteral("NoSelection"), tr("Select a resource first")));
    Gateway::RestApi next = *api;
    if (const Status status = Gateway::enableCors(next, s.path); !status)
        return fail(status);
    m_workspace->edit(s.apiId, next, tr("Enable CORS on %1").arg(s.path), s);
    Q_EMIT message(tr("CORS enabled on %1").arg(s.path));
    return Status::ok();
}

Status RouteEditorView::addResource(const QString &pathPart)
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty() || !s.httpMethod.isEmpty())
        return fail(Status::error(QStringLiteral("NoSelection"), tr("Select the parent resource first")));
    auto next = RouteEdits::addResource(*api, s.path, pathPart, Gateway::IdGenerator::random());
    if (!next)
        return fail(next.status());
    const QString path = RouteEdits::childPath(s.path, pathPart);
    m_workspace->edit(s.apiId, *next, tr("Create resource %1").arg(path), {s.apiId, path, {}});
    Q_EMIT message(tr("Created %1").arg(path));
    return Status::ok();
}

Status RouteEditorView::addMethod(const QString &httpMethod, const QString &integrationType)
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty() || !s.httpMethod.isEmpty())
        return fail(Status::error(QStringLiteral("NoSelection"), tr("Select a resource first")));
    Gateway::Method method = RouteEdits::newMockMethod(httpMethod);
    const auto type = Gateway::integrationTypeFromName(integrationType);
    if (type && *type != Gateway::IntegrationType::Mock) {
        method.integration->type = *type;
        method.integration->requestTemplates.clear();
        method.integration->httpMethod = *type == Gateway::IntegrationType::Aws || *type == Gateway::IntegrationType::AwsProxy
                                             ? QStringLiteral("POST") : httpMethod;
        if (*type == Gateway::IntegrationType::HttpProxy || *type == Gateway::IntegrationType::AwsProxy)
            method.integration->responses.clear();
    }
    auto next = RouteEdits::addMethod(*api, s.path, method);
    if (!next)
        return fail(next.status());
    m_workspace->edit(s.apiId, *next, tr("Create method %1 %2").arg(httpMethod, s.path), {s.apiId, s.path, httpMethod});
    // A new method is set up from its integration, as API Gateway's console opens it.
    showBox(MethodExecutionView::IntegrationRequest);
    Q_EMIT message(tr("Created %1 %2").arg(httpMethod, s.path));
    return Status::ok();
}

Status RouteEditorView::renameResource(const QString &pathPart)
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty() || !s.httpMethod.isEmpty())
        return fail(Status::error(QStringLiteral("NoSelection"), tr("Select a resource first")));
    auto next = RouteEdits::renameResource(*api, s.path, pathPart);
    if (!next)
        return fail(next.status());
    const QString path = RouteEdits::childPath(RouteEdits::parentPath(s.path), pathPart);
    m_workspace->edit(s.apiId, *next, tr("Rename %1 to %2").arg(s.path, path), {s.apiId, path, {}});
    Q_EMIT message(tr("Renamed %1 to %2").arg(s.path, path));
    return Status::ok();
}

Status RouteEditorView::moveResource(const QString &apiId, const QString &path, const QString &newParentPath)
{
    const auto api = m_workspace->api(apiId);
    if (!api)
        return fail(Status::error(QStringLiteral("NotFound"), tr("No such API")));
    auto next = RouteEdits::moveResource(*api, path, newParentPath);
    if (!next)
        return fail(next.status());
    const QString moved = RouteEdits::childPath(newParentPath, path.section(u'/', -1));
    if (moved == path)
        return Status::ok();
    m_workspace->edit(apiId, *next, tr("Move %1 to %2").arg(path, moved), {apiId, moved, {}});
    Q_EMIT message(tr("Moved %1 to %2").arg(path, moved));
    return Status::ok();
}

Status RouteEditorView::deleteSelected()
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty())
        return fail(Status::error(QStringLiteral("NoSelection"), tr("Select a resource or a method first")));
    if (!s.httpMethod.isEmpty()) {
        auto next = RouteEdits::deleteMethod(*api, s.path, s.httpMethod);
        if (!next)
            return fail(next.status());
        m_workspace->edit(s.apiId, *next, tr("Delete method %1 %2").arg(s.httpMethod, s.path), {s.apiId, s.path, {}});
        Q_EMIT message(tr("Deleted %1 %2 (Undo brings it back)").arg(s.httpMethod, s.path));
        return Status::ok();
    }
    auto next = RouteEdits::deleteResource(*api, s.path);
    if (!next)
        return fail(next.status());
    const QString parent = RouteEdits::parentPath(s.path);
    m_workspace->edit(s.apiId, *next, tr("Delete resource %1").arg(s.path), {s.apiId, parent, {}});
    Q_EMIT message(tr("Deleted %1 (Undo brings it back)").arg(s.path));
    return Status::ok();
}

void RouteEditorView::addResourceDialog()
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty() || !s.httpMethod.isEmpty())
        return;
    PathPartDialog dialog(*api, s.path, QString(), this);
    if (dialog.exec() == QDialog::Accepted)
        addResource(dialog.pathPart());
}

void RouteEditorView::renameDialog()
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    if (!api || s.path.isEmpty() || s.path == QLatin1String("/") || !s.httpMethod.isEmpty())
        return;
    PathPartDialog dialog(*api, RouteEdits::parentPath(s.path), s.path, this);
    if (dialog.exec() == QDialog::Accepted && dialog.pathPart() != s.path.section(u'/', -1))
        renameResource(dialog.pathPart());
}

void RouteEditorView::addMethodDialog()
{
    const RouteSelection s = selection();
    const auto api = m_workspace->api(s.apiId);
    const Gateway::Resource *resource = api ? api->resourceByPath(s.path) : nullptr;
    if (!resource || !s.httpMethod.isEmpty())
        return;
    AddMethodDialog dialog(*resource, this);
    if (dialog.exec() == QDialog::Accepted)
        addMethod(dialog.httpMethod(), dialog.integrationType());
}

Result<QStringList> RouteEditorView::importFile(const QString &filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Status::error(QStringLiteral("IoError"), tr("%1: %2").arg(filePath, file.errorString())));
    const QStringList before = m_workspace->apiIds();
    auto imported = m_workspace->importDocument(file.readAll(), QFileInfo(filePath).fileName());
    if (!imported)
        return fail(Status::error(imported.status().code(), tr("%1: %2").arg(QFileInfo(filePath).fileName(), imported.status().message())));
    for (const QString &id : m_workspace->apiIds()) {
        if (!before.contains(id))
            select(id, QStringLiteral("/"));
    }
    Q_EMIT message(tr("Imported %1 (%2 warnings)").arg(QFileInfo(filePath).fileName()).arg(imported->size()));
    return imported;
}

Status RouteEditorView::exportApi(const QString &apiId, const QString &filePath)
{
    const QByteArray document = m_workspace->exportDocument(apiId, filePath);
    if (document.isEmpty())
        return fail(Status::error(QStringLiteral("NotFound"), tr("No API to export")));
    QFile file(filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size())
        return fail(Status::error(QStringLiteral("IoError"), tr("%1: %2").arg(filePath, file.errorString())));
    Q_EMIT message(tr("Exported to %1").arg(filePath));
    return Status::ok();
}

void RouteEditorView::importDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import OpenAPI"), QString(),
                                                      tr("OpenAPI documents (*.yaml *.yml *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    auto warnings = importFile(path);
    if (!warnings)
        QMessageBox::warning(this, tr("Import failed"), warnings.status().message());
    else if (!warnings->isEmpty())
        QMessageBox::information(this, tr("Imported with warnings"),
                                 tr("%1 was imported. Gatehouse keeps these parts but does not act on them (yet):\n\n%2")
                                     .arg(QFileInfo(path).fileName(), warnings->join(u'\n')));
}

void RouteEditorView::exportDialog()
{
    QString apiId = selection().apiId;
    if (apiId.isEmpty() && !m_workspace->apiIds().isEmpty())
        apiId = m_workspace->apiIds().first();
    const auto api = m_workspace->api(apiId);
    if (!api) {
        fail(Status::error(QStringLiteral("NotFound"), tr("No API to export")));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1 as OpenAPI 3").arg(api->name),
                                                      QFileInfo(m_workspace->filePath(apiId)).completeBaseName() + QStringLiteral("-export.yaml"),
                                                      tr("YAML (*.yaml *.yml);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (Status s = exportApi(apiId, path); !s)
        QMessageBox::warning(this, tr("Export failed"), s.message());
}

} // namespace Gatehouse::Ui
