// Thread affinity: GUI thread.
#pragma once

#include <QFont>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSize>

class QAction;
class QMainWindow;
class QWidget;

namespace Gatehouse::Ui {

// Presentation mode, for showing the console to stakeholders: fonts 1.4× larger, the editing
// chrome hidden (the window's toolbars, its docks except the ones kept, and any widget marked
// as editing chrome), and everything put back exactly as it was on leaving. The menu bar, the
// central views and the status bar (the gateway's URL, the request rate) stay.
class PresentationMode : public QObject
{
    Q_OBJECT
public:
    static constexpr double FontScale = 1.4;

    explicit PresentationMode(QMainWindow *window);
    ~PresentationMode() override;

    // A checkable action (Shift+F11) for the View menu.
    QAction *action() const { return m_action; }
    bool isActive() const { return m_active; }
    // Shown while presenting even if hidden before (the request inspector's dock).
    void keepVisible(QWidget *widget);
    // Hides `widget` while presenting: views call this for their editing-only controls.
    static void markEditingChrome(QWidget *widget);
    static bool isEditingChrome(const QWidget *widget);

public Q_SLOTS:
    void setActive(bool active);

Q_SIGNALS:
    void activeChanged(bool active);

private:
    void enter();
    void leave();

    QMainWindow *m_window;
    QAction *m_action;
    bool m_active = false;
    QList<QPointer<QWidget>> m_keep;
    // What entering changed, to undo exactly.
    QFont m_appFont;
    QSize m_windowSize;   // larger fonts may grow the window past its size
    QList<QPair<QPointer<QWidget>, QFont>> m_fonts;
    QList<QPointer<QWidget>> m_hidden;
    QList<QPointer<QWidget>> m_shown;
    QList<QPair<QPointer<QWidget>, QSize>> m_dockSizes;   // the larger fonts squeeze docks
};

} // namespace Gatehouse::Ui
