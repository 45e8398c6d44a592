// Thread affinity: GUI thread.
#pragma once

#include <QString>

class QDir;

namespace Gatehouse::Observe {
class MetricsAggregator;
}
namespace Gatehouse::Ui {
class MainWindow;
}

namespace Gatehouse::App {

// Made-up traffic on the demo's routes (steady reads, a load test, a burst of function
// errors), so that the dashboard's pictures show what a working hour looks like: the same
// shape every run, ending now.
class DemoTraffic
{
public:
    explicit DemoTraffic(Observe::MetricsAggregator &metrics);
    // Counts every second from an hour before `nowMs` (or from the last second filled) to the
    // second of `nowMs`.
    void fillUntil(qint64 nowMs);

private:
    Observe::MetricsAggregator &m_metrics;
    qint64 m_filled = -1;   // the last second counted
};

// metrics.png (the dashboard), metrics-route.png (one route over 60 minutes) and
// presentation.png (the window in presentation mode). Returns false if a file was not written.
bool renderMetricsScreenshots(Ui::MainWindow &window, const QDir &dir);

} // namespace Gatehouse::App
