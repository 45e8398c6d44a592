#include <ui/apicall.h>
#include <ui/navigatorview.h>
#include <ui/theme.h>

#include <project/project.h>

#include <QApplication>
#include <QHeaderView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QJsonArray>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

QTreeWidgetItem *makeItem(QTreeWidgetItem *parent, const QString &text, NavigatorView::ItemKind kind,
                          const QString &path = {})
{
    auto *item = new QTreeWidgetItem(parent, {text});
    item->setData(0, NavigatorView::KindRole, int(kind));
    item->setData(0, NavigatorView::PathRole, path);
    return item;
}

// Operations draw as a coloured method badge followed by the path, as API Gateway's console
// shows them.
class OperationDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        if (index.column() != 0
            || index.data(NavigatorView::KindRole).toInt() != NavigatorView::OperationItem) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString method = index.data(NavigatorView::MethodRole).toString();
        const QString path = opt.text;
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        painter->save();
        QFont badgeFont = opt.font;
        badgeFont.setBold(true);
        badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.8);
        const QFontMetrics fm(badgeFont);
        const int badgeWidth = fm.horizontalAdvance(QStringLiteral("DELETE")) + 8;
        const QRect badge(opt.rect.left() + 2, opt.rect.top() + 2, badgeWidth, opt.rect.height() - 4);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(methodColor(method));
        painter->drawRoundedRect(badge, 3, 3);
        painter->setPen(Qt::white);
        painter->setFont(badgeFont);
        painter->drawText(badge, Qt::AlignCenter, method);
        const QRect textRect = opt.rect.adjusted(badgeWidth + 8, 0, 0, 0);
        painter->setFont(opt.font);
        painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                             : QPalette::Text));
        painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                          QFontMetrics(opt.font).elidedText(path, Qt::ElideMiddle, textRect.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (index.column() == 0 && index.data(NavigatorView::KindRole).toInt() == NavigatorView::OperationItem)
            size.rwidth() += QFontMetrics(option.font).horizontalAdvance(QStringLiteral("DELETE")) + 12;
        return size;
    }
};

} // namespace

NavigatorView::NavigatorView(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("navigator"));
    m_tree->setObjectName(QStringLiteral("navigatorTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setUniformRowHeights(true);
    m_tree->setExpandsOnDoubleClick(false);
    m_tree->setItemDelegate(new OperationDelegate(m_tree));
    connect(m_tree, &QTreeWidget::itemActivated, this, &NavigatorView::activate);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    rebuild();
}

void NavigatorView::setProject(const Project::Project *project)
{
    m_project = project;
    rebuild();
}

void NavigatorView::setTableApi(Tables::DynamoApi *api)
{
    m_api = api;
    refreshTables();
}

QTreeWidgetItem *NavigatorView::group(ItemKind kind) const
{
    QTreeWidgetItem *root = m_tree->topLevelItem(0);
    for (int i = 0; root && i < root->childCount(); ++i) {
        if (root->child(i)->data(0, KindRole).toInt() == kind)
            return root->child(i);
    }
    return nullptr;
}

void NavigatorView::rebuild()
{
    m_tree->clear();
    if (!m_project || !m_project->isValid())
        return;
    QStyle *s = style();
    auto *root = new QTreeWidgetItem(m_tree, {m_project->name()});
    root->setData(0, KindRole, int(ProjectItem));
    root->setIcon(0, s->standardIcon(QStyle::SP_DirHomeIcon));
    root->setToolTip(0, m_project->directory());
    QFont bold = root->font(0);
    bold.setBold(true);
    root->setFont(0, bold);

    auto *apis = makeItem(root, tr("APIs"), ApisGroup);
    apis->setIcon(0, s->standardIcon(QStyle::SP_DirIcon));
    for (const Project::ApiDocument &doc : m_project->apis()) {
        auto *api = makeItem(apis, doc.title, ApiItem, doc.filePath);
        api->setToolTip(0, doc.fileName);
        api->setIcon(0, s->standardIcon(doc.status.isOk() ? QStyle::SP_FileIcon
                                                          : QStyle::SP_MessageBoxWarning));
        if (!doc.status.isOk()) {
            api->setText(1, tr("error"));
            api->setToolTip(0, doc.status.message());
            api->setForeground(1, statusColor(500));
        }
        for (const Project::ApiOperation &op : doc.operations) {
            auto *item = makeItem(api, op.path, OperationItem, doc.filePath);
            item->setData(0, MethodRole, op.method);
            item->setText(1, op.integrationType);
            item->setToolTip(0, op.summary.isEmpty() ? op.operationId : op.summary);
            item->setForeground(1, palette().color(QPalette::PlaceholderText));
        }
        api->setExpanded(true);
    }
    apis->setText(1, QString::number(m_project->apis().size()));

    auto *tables = makeItem(root, tr("Tables"), TablesGroup);
    tables->setIcon(0, s->standardIcon(QStyle::SP_DirIcon));

    auto *functions = makeItem(root, tr("Functions"), FunctionsGroup);
    functions->setIcon(0, s->standardIcon(QStyle::SP_DirIcon));
    for (const QString &file : m_project->functionFiles()) {
        auto *item = makeItem(functions, file.section(u'/', -1), FunctionItem,
                              m_project->directory() + u'/' + file);
        item->setIcon(0, s->standardIcon(QStyle::SP_FileIcon));
    }
    functions->setText(1, QString::number(m_project->functionFiles().size()));

    auto *metrics = makeItem(root, tr("Metrics"), MetricsItem);
    metrics->setIcon(0, s->standardIcon(QStyle::SP_FileDialogInfoView));
    metrics->setToolTip(0, tr("Requests, latency and errors per API and route"));

    for (QTreeWidgetItem *item : {root, apis, tables, functions})
        item->setExpanded(true);
    refreshTables();
}

void NavigatorView::refreshTables()
{
    QTreeWidgetItem *tables = group(TablesGroup);
    if (!tables)
        return;
    qDeleteAll(tables->takeChildren());
    if (!m_api) {
        tables->setText(1, tr("engine off"));
        return;
    }
    callApi(m_api, this, QStringLiteral("ListTables"), QJsonObject{{QStringLiteral("Limit"), 100}},
            [](NavigatorView *self, const Tables::ApiReply &reply) {
                QTreeWidgetItem *group = self->group(TablesGroup);
                if (!group)
                    return;
                qDeleteAll(group->takeChildren());
                if (!reply.result.isOk()) {
                    group->setText(1, tr("error"));
                    group->setToolTip(0, reply.result.status().message());
                    return;
                }
                const QJsonArray names = reply.result->value(QStringLiteral("TableNames")).toArray();
                for (const QJsonValue &name : names) {
                    auto *item = makeItem(group, name.toString(), TableItem, name.toString());
                    item->setIcon(0, self->style()->standardIcon(QStyle::SP_FileDialogListView));
                }
                group->setText(1, QString::number(names.size()));
                group->setExpanded(true);
            });
}

void NavigatorView::activate(QTreeWidgetItem *item)
{
    switch (item->data(0, KindRole).toInt()) {
    case ProjectItem:
        Q_EMIT projectActivated();
        break;
    case OperationItem:
        Q_EMIT routeActivated(item->data(0, PathRole).toString(), item->text(0), item->data(0, MethodRole).toString());
        break;
    case ApiItem:
    case FunctionItem:
        Q_EMIT fileActivated(item->data(0, PathRole).toString());
        break;
    case TablesGroup:
        Q_EMIT tableActivated(QString());
        break;
    case TableItem:
        Q_EMIT tableActivated(item->data(0, PathRole).toString());
        break;
    case MetricsItem:
        Q_EMIT metricsActivated();
        break;
    default:
        item->setExpanded(!item->isExpanded());
    }
}

} // namespace Gatehouse::Ui
