// Thread affinity: GUI thread.
#pragma once

#include <ui/tables/querybuilder.h>
#include <ui/tables/tableinfo.h>

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QVBoxLayout;

namespace Gatehouse::Ui {

// The Scan/Query builder: operation, index, partition key, sort-key condition, filters,
// projection, limit and direction; it shows the request's expressions (names and values) and the
// equivalent AWS CLI command, each with a copy button.
class QueryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit QueryPanel(QWidget *parent = nullptr);

    void setTable(const TableInfo &table);
    void setEndpointUrl(const QString &url);
    // Attribute names offered in the filter and projection fields.
    void setKnownAttributes(const QStringList &names);

    QueryBuilder::Spec spec() const;
    QueryBuilder::Built built() const { return QueryBuilder::build(spec()); }
    QString expressionText() const;
    QString cliText() const;

    // For tests and scripted use: the fields a user fills in.
    void setQueryMode(bool query);
    void setIndex(const QString &index);
    void setPartitionValue(const QString &value);
    void setSortCondition(QueryBuilder::Op op, const QString &value, const QString &value2 = {});
    void addFilter(const QueryBuilder::Condition &condition);
    void clearFilters();
    void setProjection(const QString &commaSeparated);
    void setLimit(int limit);
    void setForward(bool forward);

Q_SIGNALS:
    void runRequested();
    void changed();

private:
    struct FilterRow
    {
        QWidget *row;
        QComboBox *attribute;
        QComboBox *op;
        QComboBox *type;
        QLineEdit *value;
        QLineEdit *value2;
    };
    FilterRow &newFilterRow();
    void removeFilterRow(QWidget *row);
    void updateKeyFields();
    void updatePreview();

    TableInfo m_table;
    QString m_endpoint;
    QStringList m_attributes;

    QComboBox *m_operation;
    QComboBox *m_index;
    QLabel *m_pkLabel;
    QLineEdit *m_pkValue;
    QLabel *m_skLabel;
    QComboBox *m_skOp;
    QLineEdit *m_skValue;
    QLabel *m_skAnd;
    QLineEdit *m_skValue2;
    QVBoxLayout *m_filterLayout;
    QList<FilterRow> m_filters;
    QLineEdit *m_projection;
    QSpinBox *m_limit;
    QComboBox *m_direction;
    QPushButton *m_run;
    QTabWidget *m_previewTabs;
    QPlainTextEdit *m_expression;
    QPlainTextEdit *m_cli;
    QLabel *m_problem;
};

} // namespace Gatehouse::Ui
