#include "metricsscreenshots.h"

#include "screenshots.h"

#include <observe/metricsaggregator.h>
#include <ui/mainwindow.h>
#include <ui/metrics/metricsview.h>
#include <ui/presentationmode.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTimer>
#include <QSize>

#include <cmath>
#include <cstdio>

namespace Gatehouse::App {

namespace {

constexpr quint32 Seed = 20261125;

struct DemoRoute
{
    const char *listener;
    const char *method;
    const char *route;        // resource path, or the DynamoDB operation
    double share;             // of the traffic
    double medianUs;
    double spread;            // log-normal sigma
    double integrationShare;  // of the total spent in the integration; 0: none
    double clientErrors;      // probability of a 4XX
};

const DemoRoute Routes[] = {
    {"gateway", "GET", "/books", 0.26, 2400, 0.35, 0.70, 0.0},
    {"gateway", "GET", "/books/{isbn}", 0.30, 1500, 0.30, 0.65, 0.04},
    {"gateway", "POST", "/books", 0.05, 3800, 0.40, 0.75, 0.08},
    {"gateway", "GET", "/books/{isbn}/recommendations", 0.08, 14000, 0.45, 0.90, 0.0},
    {"gateway", "GET", "/stores", 0.07, 260, 0.25, 0.20, 0.0},
    {"gateway", "GET", "/health", 0.10, 90, 0.20, 0.10, 0.0},
    {"tables", "POST", "GetItem", 0.08, 180, 0.30, 0.0, 0.01},
    {"tables", "POST", "Query", 0.04, 420, 0.35, 0.0, 0.0},
    {"tables", "POST", "PutItem", 0.02, 900, 0.50, 0.0, 0.02},
};

Observe::RecordPtr demoRecord(const DemoRoute &route, QRandomGenerator &random, bool failing)
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->listener = QString::fromLatin1(route.listener);
    r->method = route.method;
    // Box-Muller: latencies are log-normal around the route's median.
    const double u1 = std::max(random.generateDouble(), 1e-12);
    const double u2 = random.generateDouble();
    const double normal = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    r->totalUs = qint64(route.medianUs * std::exp(route.spread * normal));
    r->status = 200;
    if (failing)
        r->status = 502;
    else if (random.generateDouble() < route.clientErrors)
        r->status = route.route[0] == '/' ? 404 : 400;
    if (r->listener == QLatin1String("tables")) {
        r->notes.insert(QStringLiteral("operation"), QString::fromLatin1(route.route));
    } else {
        r->notes.insert(QStringLiteral("api"), QStringLiteral("Bookstore"));
        r->notes.insert(QStringLiteral("stage"), QStringLiteral("dev"));
        r->notes.insert(QStringLiteral("resourcePath"), QString::fromLatin1(route.route));
        if (route.integrationShare > 0)
            r->stages.append({QStringLiteral("integration"), 20, qint64(r->totalUs * route.integrationShare)});
    }
    return r;
}

bool settle(int ms)
{
    QDeadlineTimer deadline(ms);
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    return deadline.hasExpired();
}

} // namespace

DemoTraffic::DemoTraffic(Observe::MetricsAggregator &metrics) : m_metrics(metrics) {}

void DemoTraffic::fillUntil(qint64 nowMs)
{
    const qint64 now = nowMs / 1000;
    double cumulative[std::size(Routes)];
    double sum = 0;
    for (size_t i = 0; i < std::size(Routes); ++i)
        cumulative[i] = (sum += Routes[i].share);
    const qint64 first = m_filled < 0 ? now - 3600 : m_filled + 1;
    for (qint64 second = first; second <= now; ++second) {
        const qint64 s = now - second;
        QRandomGenerator random(Seed + quint32(second % 100000));
        const double minutesAgo = s / 60.0;
        // A steady ~30 req/s with a slow wave, a load test 22 to 17 minutes ago, and the
        // function route failing for 40 seconds about 6 minutes ago.
        double rate = 30 + 8 * std::sin(minutesAgo / 7.0);
        if (minutesAgo < 22 && minutesAgo > 17)
            rate += 55 * std::sin((22 - minutesAgo) / 5.0 * M_PI);
        const bool outage = s > 330 && s < 370;
        const int n = int(rate + random.generateDouble());
        QList<Observe::RecordPtr> batch;
        batch.reserve(n);
        for (int i = 0; i < n; ++i) {
            const double pick = random.generateDouble() * sum;
            size_t k = 0;
            while (k + 1 < std::size(Routes) && pick > cumulative[k])
                ++k;
            const bool failing = outage && k == 3 && random.generateDouble() < 0.7;
            batch << demoRecord(Routes[k], random, failing);
        }
        m_metrics.addAt(batch, second * 1000);
    }
    m_filled = std::max(m_filled, now);
}

bool renderMetricsScreenshots(Ui::MainWindow &window, const QDir &dir)
{
    Ui::MetricsView *view = window.metricsView();
    // The hour replaces the few requests of the screenshot run, which landed in the present.
    view->aggregator()->clear();
    DemoTraffic traffic(*view->aggregator());
    traffic.fillUntil(view->aggregator()->nowMs());   // before any refresh reads the clock
    // Traffic up to this very second before each picture, so the latest slot is never empty.
    auto grab = [&](QWidget *widget, const QString &name) {
        settle(150);
        traffic.fillUntil(view->aggregator()->nowMs());
        view->refresh();
        return saveScreenshot(widget, dir.filePath(name));
    };
    const bool inspectorShown = window.inspectorDock()->isVisible();
    window.inspectorDock()->hide();
    window.showMetrics();
    view->setScope(Observe::MetricsKey::all());
    view->setWindow(Observe::MetricsWindow::FifteenMinutes);
    bool ok = grab(view, QStringLiteral("metrics.png"));

    view->setScope({QStringLiteral("Bookstore"), QStringLiteral("dev"), QStringLiteral("GET /books/{isbn}/recommendations")});
    view->setWindow(Observe::MetricsWindow::SixtyMinutes);
    ok &= grab(view, QStringLiteral("metrics-route.png"));

    window.inspectorDock()->setVisible(inspectorShown);
    view->setScope(Observe::MetricsKey::all());
    view->setWindow(Observe::MetricsWindow::FiveMinutes);
    // As on a projector: a larger window, the inspector in the lower third.
    const QSize size = window.size();
    window.resize(1600, 1000);
    window.presentationMode()->setActive(true);
    settle(100);
    window.resizeDocks({window.inspectorDock()}, {280}, Qt::Vertical);
    ok &= grab(&window, QStringLiteral("presentation.png"));
    window.presentationMode()->setActive(false);
    window.resize(size);
    window.resizeDocks({window.inspectorDock()}, {330}, Qt::Vertical);
    settle(100);
    return ok;
}

} // namespace Gatehouse::App
