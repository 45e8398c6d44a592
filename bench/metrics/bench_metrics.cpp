// The metrics aggregator's cost where RecordHub delivers: ns per record at ingest and the
// dashboard's once-a-second queries after an hour of traffic. The peer is RecordHub itself
// (publish, then flush to one sink) on the same records, measured in the same run.
// Usage: bench_metrics [--records N] [--routes R]
#include <observe/metricsaggregator.h>
#include <observe/recordhub.h>

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace Gatehouse::Observe;

namespace {

class NullSink : public RecordSink
{
public:
    void publish(const RecordPtr &record) override { seen += record->status; }
    quint64 seen = 0;
};

QList<RecordPtr> makeRecords(int n, int routes)
{
    QList<RecordPtr> records;
    records.reserve(n);
    for (int i = 0; i < n; ++i) {
        auto r = std::make_shared<RequestRecord>();
        const bool tables = i % 4 == 0;
        r->listener = tables ? QStringLiteral("tables") : QStringLiteral("gateway");
        r->method = i % 3 ? "GET" : "POST";
        r->status = i % 50 == 0 ? 500 : (i % 20 == 0 ? 404 : 200);
        r->totalUs = 80 + (qint64(i) * 7919) % 20000;
        r->stages = {{QStringLiteral("route"), 0, 2}, {QStringLiteral("methodRequest"), 2, 1},
                     {QStringLiteral("integrationRequest"), 3, 5}, {QStringLiteral("integration"), 8, r->totalUs / 2},
                     {QStringLiteral("integrationResponse"), 8 + r->totalUs / 2, 3},
                     {QStringLiteral("methodResponse"), 11 + r->totalUs / 2, 1}};
        if (tables) {
            r->notes.insert(QStringLiteral("operation"), QStringLiteral("Op%1").arg(i % routes));
        } else {
            r->notes.insert(QStringLiteral("api"), QStringLiteral("bookstore"));
            r->notes.insert(QStringLiteral("stage"), QStringLiteral("dev"));
            r->notes.insert(QStringLiteral("resourcePath"), QStringLiteral("/books/r%1").arg(i % routes));
        }
        records << r;
    }
    return records;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int n = 200000;
    int routes = 20;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--records"))
            n = args.at(i + 1).toInt();
        if (args.at(i) == QLatin1String("--routes"))
            routes = args.at(i + 1).toInt();
    }
    const QList<RecordPtr> records = makeRecords(n, routes);

    // Peer: what the hub already does with each record on its way to the console.
    RecordHub hub;
    hub.setFlushInterval(3600000);
    hub.setMaxPending(n);
    NullSink sink;
    hub.addSink(&sink);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < n; i += 1000) {
        for (int j = i; j < std::min(n, i + 1000); ++j)
            hub.publish(records.at(j));
        hub.flush();
    }
    const double hubNs = double(timer.nsecsElapsed()) / n;

    // Ingest at 20k records per simulated second, in 50 ms batches of 1,000.
    qint64 ms = 1795599000000LL;
    MetricsAggregator metrics([&ms] { return ms; });
    timer.restart();
    for (int i = 0; i < n; i += 1000) {
        metrics.add(records.mid(i, 1000));
        ms += 50;
    }
    const double ingestNs = double(timer.nsecsElapsed()) / n;

    // An hour of history in every slot, then the dashboard's queries.
    for (int s = 0; s < 3600; ++s) {
        metrics.add(records.mid((s * 200) % (n - 200), 200));
        ms += 1000;
    }
    double queryMs[3];
    const MetricsWindow windows[] = {MetricsWindow::FiveMinutes, MetricsWindow::FifteenMinutes,
                                     MetricsWindow::SixtyMinutes};
    for (int w = 0; w < 3; ++w) {
        timer.restart();
        const int rounds = 20;
        for (int k = 0; k < rounds; ++k) {
            metrics.routeStats(windows[w]);
            metrics.series(MetricsKey::all(), windows[w]);
            metrics.stats(MetricsKey::all(), windows[w]);
        }
        queryMs[w] = double(timer.nsecsElapsed()) / rounds / 1e6;
    }
    std::printf("records %d, routes %d\n", n, routes * 2);
    std::printf("RecordHub publish+flush: %.0f ns/record\n", hubNs);
    std::printf("MetricsAggregator add:   %.0f ns/record (%.2fx the hub); at 20k records/s: %.1f ms of CPU a second\n",
                ingestNs, ingestNs / hubNs, ingestNs * 20000 / 1e6);
    std::printf("dashboard refresh (route table + series + totals): 5 min %.2f ms, 15 min %.2f ms, 60 min %.2f ms\n",
                queryMs[0], queryMs[1], queryMs[2]);
    std::printf("memory after an hour: %.1f MiB\n", double(metrics.memoryBytes()) / 1048576.0);
    return sink.seen == 0;
}
