// Thread affinity: GUI thread.
#pragma once

#include <QStyledItemDelegate>

namespace Gatehouse::Ui {

// "Not Found" for "404"; empty for codes without a common phrase.
QString reasonPhrase(const QString &status);

// A response in mock authoring's list: a status pill in the status's colour, the reason
// phrase, and under them when the response answers ("when path parameter id equals 0").
class ResponseDelegate : public QStyledItemDelegate
{
public:
    enum Roles { StatusRole = Qt::UserRole + 1, WhenRole };

    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace Gatehouse::Ui
