// Thread affinity: GUI thread.
#pragma once

#include <QString>

class QWidget;

namespace Gatehouse::Ui {
class MainWindow;
}

namespace Gatehouse::App {

class Runtime;

// Drives real traffic through both listeners, then renders the main window and each main view
// to PNG files in `directory` (main, navigator, inspector, welcome, tables, editor). Returns
// the process exit code: 0 when every file was written.
int renderScreenshots(Ui::MainWindow &window, Runtime &runtime, const QString &directory);

// Grabs widget into a PNG at path and says so on stderr; false (also said) if it cannot.
bool saveScreenshot(QWidget *widget, const QString &path);

} // namespace Gatehouse::App
