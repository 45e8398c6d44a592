#include <ui/presentationmode.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace Gatehouse::Ui {

namespace {

const char EditingChromeProperty[] = "gatehouseEditingChrome";

QFont scaled(QFont font)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * PresentationMode::FontScale);
    else if (font.pixelSize() > 0)
        font.setPixelSize(qRound(font.pixelSize() * PresentationMode::FontScale));
    return font;
}

} // namespace

PresentationMode::PresentationMode(QMainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(tr("&Presentation Mode"), this))
{
    m_action->setObjectName(QStringLiteral("presentationMode"));
    m_action->setCheckable(true);
    // F11 belongs to the desktop's full screen; Shift+F11 stays next to it without clashing.
    m_action->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F11));
    m_action->setStatusTip(tr("Larger fonts and no editing chrome, for showing the console"));
    connect(m_action, &QAction::toggled, this, &PresentationMode::setActive);
}

PresentationMode::~PresentationMode() = default;

void PresentationMode::keepVisible(QWidget *widget)
{
    m_keep << widget;
}

void PresentationMode::markEditingChrome(QWidget *widget)
{
    widget->setProperty(EditingChromeProperty, true);
}

bool PresentationMode::isEditingChrome(const QWidget *widget)
{
    return widget->property(EditingChromeProperty).toBool();
}

void PresentationMode::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active)
        enter();
    else
        leave();
    const QSignalBlocker block(m_action);
    m_action->setChecked(active);
    Q_EMIT activeChanged(active);
}

void PresentationMode::enter()
{
    // Widgets with a font size of their own (monospace panes, headings) would not follow the
    // application font: scale them too, remembering the font each had.
    m_appFont = QApplication::font();
    m_windowSize = m_window->size();
    m_fonts.clear();
    const QList<QWidget *> widgets = m_window->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (w->testAttribute(Qt::WA_SetFont) && (w->font().resolveMask() & QFont::SizeResolved))
            m_fonts.append({w, w->font()});
    }
    QApplication::setFont(scaled(m_appFont));
    for (const auto &entry : std::as_const(m_fonts))
        entry.first->setFont(scaled(entry.second));

    m_hidden.clear();
    m_shown.clear();
    m_dockSizes.clear();
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        if (dock->isVisibleTo(m_window) && !dock->isFloating())
            m_dockSizes.append({dock, dock->size()});
    }
    auto hide = [this](QWidget *w) {
        if (w->isVisibleTo(m_window)) {
            m_hidden << w;
            w->hide();
        }
    };
    for (QToolBar *bar : m_window->findChildren<QToolBar *>(Qt::FindDirectChildrenOnly))
        hide(bar);
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        if (!m_keep.contains(dock))
            hide(dock);
    }
    for (QWidget *w : widgets) {
        if (isEditingChrome(w))
            hide(w);
    }
    for (const QPointer<QWidget> &w : std::as_const(m_keep)) {
        if (w && !w->isVisibleTo(m_window)) {
            m_shown << w;
            w->show();
        }
    }
    m_window->statusBar()->showMessage(tr("Presentation mode: %1 to leave")
                                           .arg(m_action->shortcut().toString(QKeySequence::NativeText)),
                                       5000);
}

void PresentationMode::leave()
{
    for (const QPointer<QWidget> &w : std::as_const(m_shown)) {
        if (w)
            w->hide();
    }
    for (const QPointer<QWidget> &w : std::as_const(m_hidden)) {
        if (w)
            w->show();
    }
    QApplication::setFont(m_appFont);
    for (const auto &entry : std::as_const(m_fonts)) {
        if (entry.first)
            entry.first->setFont(entry.second);
    }
    m_fonts.clear();
    m_hidden.clear();
    m_shown.clear();
    m_window->statusBar()->clearMessage();
    if (!(m_window->windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen)))
        m_window->resize(m_windowSize);
    // After the posted font changes have shrunk the views back, or their minimum sizes would
    // squeeze the docks again.
    QTimer::singleShot(0, m_window, [window = m_window, sizes = m_dockSizes] {
        for (const auto &entry : sizes) {
            auto *dock = qobject_cast<QDockWidget *>(entry.first.data());
            if (!dock)
                continue;
            const Qt::DockWidgetArea area = window->dockWidgetArea(dock);
            const bool sideways = area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea;
            window->resizeDocks({dock}, {sideways ? entry.second.width() : entry.second.height()},
                                sideways ? Qt::Horizontal : Qt::Vertical);
        }
    });
    m_dockSizes.clear();
}

} // namespace Gatehouse::Ui
