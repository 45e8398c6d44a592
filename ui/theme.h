// Thread affinity: GUI thread.
#pragma once

#include <QColor>
#include <QString>

class QApplication;
class QPalette;

namespace Gatehouse::Ui {

enum class ThemeChoice { System, Light, Dark };

// "light", "dark", "system" (or empty); nullopt-like System for anything else is the caller's
// business: returns false when `text` names no theme.
bool parseThemeChoice(const QString &text, ThemeChoice *choice);

// Fusion with a light or dark palette. System follows the platform: the colour scheme on
// Qt >= 6.5, otherwise the lightness of the platform palette's window colour (Qt 6.4 has no
// colour-scheme API).
void applyTheme(QApplication &app, ThemeChoice choice);

bool isDark(const QPalette &palette);
bool isDarkTheme();   // the application palette in use

// Colours shared by the views, tuned for the current theme.
QColor statusColor(int httpStatus);          // foreground for a status code
QColor methodColor(const QString &method);   // badge colour for GET/POST/...

} // namespace Gatehouse::Ui
