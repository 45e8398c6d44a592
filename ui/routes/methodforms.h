// Thread affinity: GUI thread.
#pragma once

#include <gateway/model.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace Gatehouse::Ui {

class RowTable;
class TemplateMapEditor;

// The settings form behind one box of the method-execution view. A form shows one method and
// reports each change as the whole edited method (methodEdited); it never edits the API
// itself. setMethod() updates only the fields that differ, so an edit echoed back by the
// workspace does not disturb the field being typed into.
class MethodForm : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;
    void setMethod(const Gateway::RestApi &api, const QString &path, const Gateway::Method &method);
    const Gateway::Method &method() const { return m_method; }

Q_SIGNALS:
    // `mergeKey`: consecutive edits with one key (typing into one template) are one undo step.
    void methodEdited(const Gatehouse::Gateway::Method &edited, const QString &undoText, const QString &mergeKey);

protected:
    virtual void load() = 0;   // m_method (and m_api) -> widgets
    void commit(const Gateway::Method &edited, const QString &undoText, const QString &mergeKey = {});
    QString key(const QString &field) const;   // a merge key for one field of this method

    Gateway::Method m_method;
    Gateway::RestApi m_api;   // for the lists of validators and models
    QString m_path;
    bool m_loading = false;
};

// Method Request: authorization, API key, validator, required parameters, request models.
class MethodRequestForm : public MethodForm
{
    Q_OBJECT
public:
    explicit MethodRequestForm(QWidget *parent = nullptr);
    QComboBox *authorization() const { return m_authorization; }
    QComboBox *validator() const { return m_validator; }
    RowTable *parameters() const { return m_parameters; }
    RowTable *models() const { return m_models; }

protected:
    void load() override;

private:
    QComboBox *m_authorization;
    QComboBox *m_validator;
    QCheckBox *m_apiKey;
    QCheckBox *m_bodyRequired;
    RowTable *m_parameters;
    RowTable *m_models;
};

// Integration Request: type, endpoint, method, timeout, passthrough, mappings, templates.
class IntegrationRequestForm : public MethodForm
{
    Q_OBJECT
public:
    explicit IntegrationRequestForm(QWidget *parent = nullptr);
    QComboBox *type() const { return m_type; }
    QLineEdit *uri() const { return m_uri; }
    QComboBox *httpMethod() const { return m_httpMethod; }
    QSpinBox *timeout() const { return m_timeout; }
    QComboBox *passthrough() const { return m_passthrough; }
    RowTable *mappings() const { return m_mappings; }
    TemplateMapEditor *templates() const { return m_templates; }

protected:
    void load() override;

private:
    Gateway::Integration integration() const;   // the method's, or a new MOCK one
    void edit(const std::function<void(Gateway::Integration &)> &change, const QString &text,
              const QString &mergeKey = {});

    QComboBox *m_type;
    QComboBox *m_httpMethod;
    QLineEdit *m_uri;
    QLineEdit *m_credentials;
    QSpinBox *m_timeout;
    QComboBox *m_passthrough;
    QComboBox *m_contentHandling;
    RowTable *m_mappings;
    TemplateMapEditor *m_templates;
};

// Integration Response: the responses selected by pattern, each with header mappings and
// templates.
class IntegrationResponseForm : public MethodForm
{
    Q_OBJECT
public:
    explicit IntegrationResponseForm(QWidget *parent = nullptr);
    QTableWidget *responses() const { return m_responses; }
    RowTable *headers() const { return m_headers; }
    TemplateMapEditor *templates() const { return m_templates; }
    void selectResponse(int index);
    // An extra page shown for MOCK methods (the mock authoring view), or null to remove it.
    void setMockPage(QWidget *page);
    QTabWidget *tabs() const { return m_tabs; }

protected:
    void load() override;

private:
    void loadSelected();
    void editResponse(const std::function<void(Gateway::IntegrationResponse &)> &change, const QString &text,
                      const QString &mergeKey = {});

    QTabWidget *m_tabs;
    QTableWidget *m_responses;
    RowTable *m_headers;
    TemplateMapEditor *m_templates;
    QWidget *m_mockPage = nullptr;
    int m_selected = 0;
};

// Method Response: status codes, each with response headers and models.
class MethodResponseForm : public MethodForm
{
    Q_OBJECT
public:
    explicit MethodResponseForm(QWidget *parent = nullptr);
    QTableWidget *statuses() const { return m_statuses; }
    RowTable *headers() const { return m_headers; }
    RowTable *models() const { return m_models; }

protected:
    void load() override;

private:
    QString selectedStatus() const;
    void loadSelected();
    void editResponse(const std::function<void(Gateway::MethodResponse &)> &change, const QString &text);

    QTableWidget *m_statuses;
    RowTable *m_headers;
    RowTable *m_models;
    QString m_selected;
};

} // namespace Gatehouse::Ui
