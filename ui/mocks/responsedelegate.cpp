#include <ui/mocks/responsedelegate.h>
#include <ui/theme.h>

#include <QMap>
#include <QPainter>
#include <QStyle>
#include <QWidget>

namespace Gatehouse::Ui {

QString reasonPhrase(const QString &status)
{
    static const QMap<QString, QString> phrases{
        {QStringLiteral("200"), QStringLiteral("OK")},
        {QStringLiteral("201"), QStringLiteral("Created")},
        {QStringLiteral("202"), QStringLiteral("Accepted")},
        {QStringLiteral("204"), QStringLiteral("No Content")},
        {QStringLiteral("301"), QStringLiteral("Moved Permanently")},
        {QStringLiteral("302"), QStringLiteral("Found")},
        {QStringLiteral("304"), QStringLiteral("Not Modified")},
        {QStringLiteral("400"), QStringLiteral("Bad Request")},
        {QStringLiteral("401"), QStringLiteral("Unauthorized")},
        {QStringLiteral("403"), QStringLiteral("Forbidden")},
        {QStringLiteral("404"), QStringLiteral("Not Found")},
        {QStringLiteral("409"), QStringLiteral("Conflict")},
        {QStringLiteral("422"), QStringLiteral("Unprocessable Entity")},
        {QStringLiteral("429"), QStringLiteral("Too Many Requests")},
        {QStringLiteral("500"), QStringLiteral("Internal Server Error")},
        {QStringLiteral("502"), QStringLiteral("Bad Gateway")},
        {QStringLiteral("503"), QStringLiteral("Service Unavailable")},
    };
    return phrases.value(status);
}

QSize ResponseDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return QSize(200, option.fontMetrics.height() * 2 + 16);
}

void ResponseDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const QString status = index.data(StatusRole).toString();
    const QString when = index.data(WhenRole).toString();
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette &pal = opt.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QFont bold = opt.font;
    bold.setBold(true);
    const QFontMetrics bm(bold);
    const QRect r = opt.rect.adjusted(8, 6, -8, -6);
    const int lineHeight = opt.fontMetrics.height();
    QRect pill(r.left(), r.top(), bm.horizontalAdvance(status) + 14, lineHeight + 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(statusColor(status.toInt()));
    painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter->setFont(bold);
    // The dark palette's status colours are light: dark text on them.
    painter->setPen(isDark(pal) ? QColor(0x1b, 0x1b, 0x1b) : QColor(Qt::white));
    painter->drawText(pill, Qt::AlignCenter, status);
    painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QRect reason(pill.right() + 8, r.top(), r.right() - pill.right() - 8, lineHeight + 2);
    painter->drawText(reason, Qt::AlignVCenter | Qt::AlignLeft,
                      bm.elidedText(reasonPhrase(status), Qt::ElideRight, reason.width()));
    painter->setFont(opt.font);
    QColor dim = pal.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
    painter->setPen(dim);
    const QRect whenRect(r.left(), r.top() + lineHeight + 5, r.width(), lineHeight);
    painter->drawText(whenRect, Qt::AlignVCenter | Qt::AlignLeft,
                      opt.fontMetrics.elidedText(when, Qt::ElideRight, whenRect.width()));
    painter->restore();
}

} // namespace Gatehouse::Ui
