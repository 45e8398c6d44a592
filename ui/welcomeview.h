// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QLineEdit;
class QTextBrowser;

namespace Gatehouse::Project {
class Project;
}

namespace Gatehouse::Ui {

// The project's front page: its name (editable), what it contains, where the listeners are,
// and commands to try them from a terminal.
class WelcomeView : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomeView(QWidget *parent = nullptr);

    void setProject(Project::Project *project);
    void setListenerUrls(const QString &gatewayUrl, const QString &tablesUrl);
    void setStage(const QString &stage);
    QLineEdit *nameEdit() const { return m_name; }
    QTextBrowser *browser() const { return m_browser; }
    // The page as HTML (what the browser shows), for tests and screenshots.
    QString html() const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // The user changed the project (its name); the window shows it as unsaved.
    void projectEdited();

private:
    void commitName();

    Project::Project *m_project = nullptr;
    QLineEdit *m_name;
    QTextBrowser *m_browser;
    QString m_gatewayUrl;
    QString m_tablesUrl;
    QString m_stage = QStringLiteral("dev");
};

} // namespace Gatehouse::Ui
