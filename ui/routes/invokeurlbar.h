// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace Gatehouse::Ui {

// The selected method's invoke URL on the running gateway, with "Copy as curl" and "Open in
// browser".
class InvokeUrlBar : public QWidget
{
    Q_OBJECT
public:
    explicit InvokeUrlBar(QWidget *parent = nullptr);

    // `gatewayUrl` "http://127.0.0.1:3000"; empty method: a resource (no request to build).
    void setTarget(const QString &gatewayUrl, const QString &stage, const QString &path, const QString &httpMethod);
    void clear();
    QString url() const { return m_url; }
    QString curlCommand() const;
    QPushButton *copyCurlButton() const { return m_copy; }
    QPushButton *openButton() const { return m_open; }

public Q_SLOTS:
    void copyCurl();
    void openInBrowser();

Q_SIGNALS:
    void message(const QString &text);

private:
    QLabel *m_method;
    QLabel *m_label;
    QPushButton *m_copy;
    QPushButton *m_open;
    QString m_url;
    QString m_httpMethod;
};

} // namespace Gatehouse::Ui
