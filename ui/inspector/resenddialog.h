// Thread affinity: GUI thread.
#pragma once

#include <ui/inspector/recordexport.h>

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Gatehouse::Ui {

// "Edit and resend": the captured request as editable fields (method, URL, headers one
// "Name: value" per line, body). request() reads them back; OK stays disabled while they
// do not make a request.
class ResendDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ResendDialog(const ReplayRequest &request, QWidget *parent = nullptr);

    // The edited request; `error` says what is wrong when it is not valid.
    ReplayRequest request(QString *error = nullptr) const;

    QComboBox *methodBox() const { return m_method; }
    QLineEdit *urlEdit() const { return m_url; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QPlainTextEdit *bodyEdit() const { return m_body; }

private:
    void validate();

    QComboBox *m_method;
    QLineEdit *m_url;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QLabel *m_problem;
    QPushButton *m_ok = nullptr;
};

} // namespace Gatehouse::Ui
