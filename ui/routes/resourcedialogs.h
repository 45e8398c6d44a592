// Thread affinity: GUI thread.
#pragma once

#include <gateway/model.h>

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Gatehouse::Ui {

// Asks for a resource's path part (a new child, or a new name), checking it as it is typed
// with API Gateway's rules and showing the resulting path or the reason it is refused.
class PathPartDialog : public QDialog
{
    Q_OBJECT
public:
    // `renamedPath` empty: a new child of `parentPath`; otherwise renaming that resource.
    PathPartDialog(const Gateway::RestApi &api, const QString &parentPath, const QString &renamedPath,
                   QWidget *parent = nullptr);

    QString pathPart() const;
    QLineEdit *edit() const { return m_edit; }
    QLabel *message() const { return m_message; }
    bool isAcceptable() const { return m_acceptable; }

private:
    void check();

    Gateway::RestApi m_api;
    QString m_parentPath;
    QString m_renamedPath;
    QLineEdit *m_edit;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    bool m_acceptable = false;
};

// Asks for the HTTP method of a new method on a resource (the ones it lacks).
class AddMethodDialog : public QDialog
{
    Q_OBJECT
public:
    AddMethodDialog(const Gateway::Resource &resource, QWidget *parent = nullptr);
    QString httpMethod() const;
    QString integrationType() const;

private:
    QComboBox *m_method;
    QComboBox *m_type;
};

} // namespace Gatehouse::Ui
