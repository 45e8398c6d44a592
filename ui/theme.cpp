#include <ui/theme.h>

#include <QApplication>
#include <QGuiApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

namespace Gatehouse::Ui {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x7a, 0x7e, 0x85);
    const QColor highlight(0x2f, 0x65, 0xca);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::Mid, QColor(0x32, 0x34, 0x37));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1d));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb4, 0x8e, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

bool systemPrefersDark()
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    const Qt::ColorScheme scheme = QGuiApplication::styleHints()->colorScheme();
    if (scheme != Qt::ColorScheme::Unknown)
        return scheme == Qt::ColorScheme::Dark;
#endif
    return isDark(QGuiApplication::palette());
}

} // namespace

bool parseThemeChoice(const QString &text, ThemeChoice *choice)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String("system"))
        *choice = ThemeChoice::System;
    else if (t == QLatin1String("light"))
        *choice = ThemeChoice::Light;
    else if (t == QLatin1String("dark"))
        *choice = ThemeChoice::Dark;
    else
        return false;
    return true;
}

void applyTheme(QApplication &app, ThemeChoice choice)
{
    // Decide before switching style: Fusion's standard palette is always light.
    const bool dark = choice == ThemeChoice::Dark || (choice == ThemeChoice::System && systemPrefersDark());
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(dark ? darkPalette() : app.style()->standardPalette());
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

bool isDarkTheme()
{
    return isDark(QGuiApplication::palette());
}

QColor statusColor(int httpStatus)
{
    const bool dark = isDarkTheme();
    if (httpStatus >= 500)
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    if (httpStatus >= 400)
        return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x5e, 0x00);
    if (httpStatus >= 300)
        return dark ? QColor(0x81, 0xd4, 0xfa) : QColor(0x15, 0x65, 0xc0);
    if (httpStatus >= 200)
        return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    return QGuiApplication::palette().color(QPalette::Text);
}

QColor methodColor(const QString &method)
{
    // The colours API Gateway's console and Swagger UI use, so people recognise them.
    if (method == QLatin1String("GET"))
        return QColor(0x2e, 0x86, 0xde);
    if (method == QLatin1String("POST"))
        return QColor(0x2e, 0x9e, 0x5b);
    if (method == QLatin1String("PUT"))
        return QColor(0xd9, 0x8b, 0x1c);
    if (method == QLatin1String("DELETE"))
        return QColor(0xd6, 0x3a, 0x3a);
    if (method == QLatin1String("PATCH"))
        return QColor(0x17, 0xa2, 0xb8);
    return QColor(0x8e, 0x6c, 0xc9);   // OPTIONS, HEAD, ANY
}

} // namespace Gatehouse::Ui
