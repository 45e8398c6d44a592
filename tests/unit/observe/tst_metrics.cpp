// Metrics per API, stage and route: the log-linear histogram, exact percentiles on crafted
// samples, route separation, window expiry at both resolutions, chart slots and the bounds.
#include <observe/latencyhistogram.h>
#include <observe/metricsaggregator.h>
#include <observe/recordhub.h>

#include <QtTest>

using namespace Gatehouse::Observe;

namespace {

// 2026-11-25 09:30:00 UTC, on a ten-second boundary.
constexpr qint64 T0 = 1795599000000LL;

struct FakeClock
{
    qint64 ms = T0;
    MetricsAggregator::Clock clock()
    {
        return [this] { return ms; };
    }
};

RecordPtr gateway(const QByteArray &method, const QString &resource, int status, qint64 totalUs,
                  qint64 integrationUs = -1, const QString &api = QStringLiteral("bookstore"))
{
    auto r = std::make_shared<RequestRecord>();
    r->listener = QStringLiteral("gateway");
    r->method = method;
    r->status = status;
    r->totalUs = totalUs;
    r->stages = {{QStringLiteral("route"), 0, 3}};
    if (integrationUs >= 0)
        r->stages.append({QStringLiteral("integration"), 5, integrationUs});
    r->notes.insert(QStringLiteral("api"), api);
    r->notes.insert(QStringLiteral("stage"), QStringLiteral("dev"));
    if (!resource.isEmpty())
        r->notes.insert(QStringLiteral("resourcePath"), resource);
    return r;
}

RecordPtr table(const QString &operation, int status, qint64 totalUs)
{
    auto r = std::make_shared<RequestRecord>();
    r->listener = QStringLiteral("tables");
    r->method = "POST";
    r->status = status;
    r->totalUs = totalUs;
    r->stages = {{QStringLiteral("parse"), 0, 2}, {QStringLiteral("engine"), 2, totalUs - 2}};
    r->notes.insert(QStringLiteral("operation"), operation);
    return r;
}

const MetricsKey GetBooks{QStringLiteral("bookstore"), QStringLiteral("dev"), QStringLiteral("GET /books")};
const MetricsKey PostBooks{QStringLiteral("bookstore"), QStringLiteral("dev"), QStringLiteral("POST /books")};
const MetricsKey Bookstore = MetricsKey::apiStage(QStringLiteral("bookstore"), QStringLiteral("dev"));
const MetricsKey GetItem{QStringLiteral("tables"), {}, QStringLiteral("GetItem")};

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buckets_data()
    {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<qint64>("reported");
        QTest::newRow("0") << qint64(0) << qint64(0);
        QTest::newRow("negative") << qint64(-5) << qint64(0);
        QTest::newRow("exact 7") << qint64(7) << qint64(7);
        QTest::newRow("exact 99") << qint64(99) << qint64(99);
        QTest::newRow("100") << qint64(100) << qint64(100);
        QTest::newRow("109") << qint64(109) << qint64(100);
        QTest::newRow("110") << qint64(110) << qint64(110);
        QTest::newRow("999") << qint64(999) << qint64(990);
        QTest::newRow("1000") << qint64(1000) << qint64(1000);
        QTest::newRow("1234") << qint64(1234) << qint64(1200);
        QTest::newRow("99999") << qint64(99999) << qint64(99000);
        QTest::newRow("2.5 s") << qint64(2500000) << qint64(2500000);
        QTest::newRow("1e10") << qint64(10000000000LL) << qint64(10000000000LL);
        QTest::newRow("past the top") << qint64(500000000000LL) << qint64(99000000000LL);
    }
    void buckets()
    {
        QFETCH(qint64, micros);
        QFETCH(qint64, reported);
        const int bucket = LatencyBuckets::bucketOf(micros);
        QVERIFY(bucket >= 0 && bucket < LatencyBuckets::Count);
        QCOMPARE(LatencyBuckets::lowerBound(bucket), reported);
    }

    // Every bucket's lower bound maps back to itself, and buckets ascend.
    void bucketsRoundTrip()
    {
        for (int b = 0; b < LatencyBuckets::Count; ++b) {
            QCOMPARE(LatencyBuckets::bucketOf(LatencyBuckets::lowerBound(b)), b);
            if (b > 0)
                QVERIFY(LatencyBuckets::lowerBound(b) > LatencyBuckets::lowerBound(b - 1));
        }
    }

    void percentiles_data()
    {
        QTest::addColumn<QList<qint64>>("samples");
        QTest::addColumn<qint64>("p50");
        QTest::addColumn<qint64>("p90");
        QTest::addColumn<qint64>("p99");
        QList<qint64> oneToHundred;
        for (int i = 1; i <= 100; ++i)
            oneToHundred << i;
        QTest::newRow("1..100 µs") << oneToHundred << qint64(50) << qint64(90) << qint64(99);
        QTest::newRow("one sample") << QList<qint64>{4200} << qint64(4200) << qint64(4200) << qint64(4200);
        // 989 fast and 11 slow: the 990th sample is the first slow one.
        QList<qint64> tail(989, 1000);
        tail += QList<qint64>(11, 250000);
        QTest::newRow("slow tail reaches p99") << tail << qint64(1000) << qint64(1000) << qint64(250000);
        QList<qint64> short_(990, 1000);
        short_ += QList<qint64>(10, 250000);
        QTest::newRow("slow tail below p99") << short_ << qint64(1000) << qint64(1000) << qint64(1000);
        // Rank ceil(0.5 * 3) = 2.
        QTest::newRow("three") << QList<qint64>{3000, 100, 20000} << qint64(3000) << qint64(20000) << qint64(20000);
        QTest::newRow("within a bucket") << QList<qint64>{1200, 1250, 1299} << qint64(1200) << qint64(1200) << qint64(1200);
    }
    void percentiles()
    {
        QFETCH(QList<qint64>, samples);
        QFETCH(qint64, p50);
        QFETCH(qint64, p90);
        QFETCH(qint64, p99);
        DenseHistogram dense;
        for (qint64 s : samples)
            dense.add(LatencyBuckets::bucketOf(s));
        QCOMPARE(dense.total(), quint64(samples.size()));
        QCOMPARE(dense.percentile(500), p50);
        QCOMPARE(dense.percentile(900), p90);
        QCOMPARE(dense.percentile(990), p99);
        const SparseHistogram sparse = SparseHistogram::from(dense);
        QCOMPARE(sparse.total(), quint64(samples.size()));
        QCOMPARE(sparse.percentile(500), p50);
        QCOMPARE(sparse.percentile(990), p99);
        // Through the aggregator, one record per sample in one second.
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        for (qint64 s : samples)
            metrics.publish(gateway("GET", QStringLiteral("/books"), 200, s));
        const MetricsStats stats = metrics.stats(GetBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(stats.count, quint64(samples.size()));
        QCOMPARE(stats.latency.p50Us, p50);
        QCOMPARE(stats.latency.p90Us, p90);
        QCOMPARE(stats.latency.p99Us, p99);
    }

    void emptyHistogram()
    {
        DenseHistogram dense;
        QCOMPARE(dense.percentile(500), qint64(-1));
        QCOMPARE(SparseHistogram::from(dense).percentile(990), qint64(-1));
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        const MetricsStats stats = metrics.stats(GetBooks, MetricsWindow::SixtyMinutes);
        QCOMPARE(stats.count, quint64(0));
        QCOMPARE(stats.latency.p50Us, qint64(-1));
    }

    void routeKeys_data()
    {
        QTest::addColumn<RecordPtr>("record");
        QTest::addColumn<QString>("api");
        QTest::addColumn<QString>("stage");
        QTest::addColumn<QString>("route");
        QTest::newRow("gateway route") << gateway("DELETE", QStringLiteral("/books/{isbn}"), 204, 10)
                                       << "bookstore" << "dev" << "DELETE /books/{isbn}";
        QTest::newRow("no resource matched") << gateway("GET", QString(), 403, 10) << "bookstore" << "dev"
                                             << "(unmatched)";
        auto noApi = std::make_shared<RequestRecord>();
        noApi->listener = QStringLiteral("gateway");
        noApi->method = "GET";
        QTest::newRow("no API") << RecordPtr(noApi) << "(unmatched)" << "" << "(unmatched)";
        QTest::newRow("table operation") << table(QStringLiteral("Query"), 200, 10) << "tables" << "" << "Query";
        auto unknown = std::make_shared<RequestRecord>();
        unknown->listener = QStringLiteral("tables");
        QTest::newRow("no operation") << RecordPtr(unknown) << "tables" << "" << "(unmatched)";
    }
    void routeKeys()
    {
        QFETCH(RecordPtr, record);
        QFETCH(QString, api);
        QFETCH(QString, stage);
        QFETCH(QString, route);
        const MetricsKey key = MetricsAggregator::routeKeyOf(*record);
        QCOMPARE(key.api, api);
        QCOMPARE(key.stage, stage);
        QCOMPARE(key.route, route);
    }

    void displayNames()
    {
        QCOMPARE(MetricsKey::all().displayName(), QStringLiteral("All requests"));
        QCOMPARE(Bookstore.displayName(), QStringLiteral("bookstore · dev"));
        QCOMPARE(GetBooks.displayName(), QStringLiteral("bookstore · dev · GET /books"));
        QCOMPARE(GetItem.displayName(), QStringLiteral("tables · GetItem"));
    }

    // Each route keeps its own counts, errors and percentiles; the API stage and "all" sum them.
    void perRouteSeparation()
    {
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        QList<RecordPtr> batch;
        for (int i = 0; i < 10; ++i)
            batch << gateway("GET", QStringLiteral("/books"), i < 2 ? 404 : 200, 1000 * (i + 1), 100 * (i + 1));
        for (int i = 0; i < 4; ++i)
            batch << gateway("POST", QStringLiteral("/books"), i == 0 ? 502 : 201, 50000, 40000);
        for (int i = 0; i < 5; ++i)
            batch << table(QStringLiteral("GetItem"), i == 4 ? 400 : 200, 300);
        metrics.add(batch);

        const MetricsStats get = metrics.stats(GetBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(get.count, quint64(10));
        QCOMPARE(get.clientErrors, quint64(2));
        QCOMPARE(get.serverErrors, quint64(0));
        QCOMPARE(get.latency.p50Us, qint64(5000));
        QCOMPARE(get.latency.p90Us, qint64(9000));
        QCOMPARE(get.latency.p99Us, qint64(10000));
        QCOMPARE(get.integrationCount, quint64(10));
        QCOMPARE(get.integration.p50Us, qint64(500));
        QCOMPARE(get.integration.p99Us, qint64(1000));

        const MetricsStats post = metrics.stats(PostBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(post.count, quint64(4));
        QCOMPARE(post.clientErrors, quint64(0));
        QCOMPARE(post.serverErrors, quint64(1));
        QCOMPARE(post.latency.p50Us, qint64(50000));
        QCOMPARE(post.integration.p50Us, qint64(40000));

        const MetricsStats item = metrics.stats(GetItem, MetricsWindow::FiveMinutes);
        QCOMPARE(item.count, quint64(5));
        QCOMPARE(item.clientErrors, quint64(1));
        QCOMPARE(item.latency.p99Us, qint64(300));
        QCOMPARE(item.integrationCount, quint64(0));   // tables have no integration stage
        QCOMPARE(item.integration.p50Us, qint64(-1));

        const MetricsStats api = metrics.stats(Bookstore, MetricsWindow::FiveMinutes);
        QCOMPARE(api.count, quint64(14));
        QCOMPARE(api.clientErrors, quint64(2));
        QCOMPARE(api.serverErrors, quint64(1));
        QCOMPARE(api.latency.p50Us, qint64(7000));   // rank 7 of 14
        QCOMPARE(api.latency.p90Us, qint64(50000));  // rank 13
        const MetricsStats all = metrics.stats(MetricsKey::all(), MetricsWindow::SixtyMinutes);
        QCOMPARE(all.count, quint64(19));
        QCOMPARE(all.clientErrors, quint64(3));
        QCOMPARE(all.serverErrors, quint64(1));
        QCOMPARE(all.latency.p50Us, qint64(5000));   // rank 10 of 19: 5 × 300 µs, then 1000, 2000, ..

        QCOMPARE(metrics.keys(), (QList<MetricsKey>{Bookstore, GetBooks, PostBooks,
                                                    MetricsKey::apiStage(QStringLiteral("tables"), {}), GetItem}));
        const auto rows = metrics.routeStats(MetricsWindow::FiveMinutes);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).first, GetBooks);
        QCOMPARE(rows.at(1).first, PostBooks);
        QCOMPARE(rows.at(2).first, GetItem);
        QCOMPARE(rows.at(2).second.count, quint64(5));
        const auto scoped = metrics.routeStats(MetricsWindow::FiveMinutes, Bookstore);
        QCOMPARE(scoped.size(), 2);
        QCOMPARE(scoped.at(1).second.serverErrors, quint64(1));
    }

    // The 5-minute window drops a second after 300 s; the 10-second windows drop a slot when
    // it is 90 (15 min) or 360 (60 min) slots old. A key idle past the hour goes.
    void windowExpiry()
    {
        FakeClock clock;
        clock.ms = T0 + 4500;   // second 4 of a ten-second slot
        MetricsAggregator metrics(clock.clock());
        metrics.publish(gateway("GET", QStringLiteral("/books"), 200, 2000));
        auto count = [&](MetricsWindow w) { return metrics.stats(GetBooks, w).count; };

        clock.ms = T0 + 4000 + 299 * 1000 + 999;
        QCOMPARE(count(MetricsWindow::FiveMinutes), quint64(1));
        clock.ms = T0 + 4000 + 300 * 1000;
        QCOMPARE(count(MetricsWindow::FiveMinutes), quint64(0));
        QCOMPARE(count(MetricsWindow::FifteenMinutes), quint64(1));

        clock.ms = T0 + 89 * 10000 + 9999;
        QCOMPARE(count(MetricsWindow::FifteenMinutes), quint64(1));
        clock.ms = T0 + 90 * 10000;
        QCOMPARE(count(MetricsWindow::FifteenMinutes), quint64(0));
        QCOMPARE(count(MetricsWindow::SixtyMinutes), quint64(1));
        QCOMPARE(metrics.stats(MetricsKey::all(), MetricsWindow::SixtyMinutes).latency.p50Us, qint64(2000));

        clock.ms = T0 + 359 * 10000 + 9999;
        QCOMPARE(count(MetricsWindow::SixtyMinutes), quint64(1));
        clock.ms = T0 + 360 * 10000;
        QCOMPARE(count(MetricsWindow::SixtyMinutes), quint64(0));
        QCOMPARE(metrics.stats(MetricsKey::all(), MetricsWindow::SixtyMinutes).count, quint64(0));
        QCOMPARE(metrics.keys().size(), 2);          // still known, with nothing in any window
        QVERIFY(metrics.routeStats(MetricsWindow::SixtyMinutes).isEmpty());
        clock.ms = T0 + 362 * 10000;
        QVERIFY(metrics.keys().isEmpty());
    }

    // A jump over whole windows leaves nothing stale behind in the rings.
    void jumpPastTheRing()
    {
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        metrics.publish(gateway("GET", QStringLiteral("/books"), 200, 100));
        clock.ms += 3600 * 1000;   // the same ring positions, an hour later
        metrics.publish(gateway("GET", QStringLiteral("/books"), 500, 300));
        const MetricsStats stats = metrics.stats(GetBooks, MetricsWindow::SixtyMinutes);
        QCOMPARE(stats.count, quint64(1));
        QCOMPARE(stats.serverErrors, quint64(1));
        QCOMPARE(stats.latency.p50Us, qint64(300));
        QCOMPARE(metrics.stats(GetBooks, MetricsWindow::FiveMinutes).count, quint64(1));
    }

    // A backfill lands in the slots it names, then the clock takes over.
    void addAtBackfills()
    {
        FakeClock clock;
        clock.ms = T0 + 60000;
        MetricsAggregator metrics(clock.clock());
        metrics.addAt({gateway("GET", QStringLiteral("/books"), 200, 100)}, T0 + 5000);
        metrics.addAt({gateway("GET", QStringLiteral("/books"), 200, 100),
                       gateway("GET", QStringLiteral("/books"), 404, 100)}, T0 + 7500);
        metrics.addAt({gateway("GET", QStringLiteral("/books"), 200, 100)}, T0 + 6000);   // back: counts at 7 s
        const MetricsSeries series = metrics.series(GetBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(series.points.last().startMs, T0 + 59000);
        QCOMPARE(series.points.at(299 - 54).startMs, T0 + 5000);
        QCOMPARE(series.points.at(299 - 54).count, quint32(1));
        QCOMPARE(series.points.at(299 - 52).count, quint32(3));
        QCOMPARE(series.points.at(299 - 52).clientErrors, quint32(1));
        QCOMPARE(metrics.stats(GetBooks, MetricsWindow::FiveMinutes).count, quint64(4));
    }

    void clockSteppingBack()
    {
        FakeClock clock;
        clock.ms = T0 + 10000;
        MetricsAggregator metrics(clock.clock());
        metrics.publish(gateway("GET", QStringLiteral("/books"), 200, 100));
        clock.ms = T0;   // NTP stepped the clock back: counts go to the second in progress
        metrics.publish(gateway("GET", QStringLiteral("/books"), 200, 100));
        QCOMPARE(metrics.stats(GetBooks, MetricsWindow::FiveMinutes).count, quint64(2));
        clock.ms = T0 + 11000;
        const MetricsSeries series = metrics.series(GetBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(series.points.last().count, quint32(2));
    }

    // Chart slots: every complete slot of the window, the one in progress left out.
    void series()
    {
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        for (int s = 0; s < 3; ++s) {
            for (int i = 0; i <= s; ++i)
                metrics.publish(gateway("GET", QStringLiteral("/books"), s == 2 ? 503 : 200, 1000 * (s + 1)));
            metrics.publish(gateway("GET", QStringLiteral("/books"), 404, 90000));
            clock.ms += 1000;
        }
        metrics.publish(gateway("GET", QStringLiteral("/books"), 200, 1000));   // in progress
        const MetricsSeries fine = metrics.series(GetBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(fine.slotSeconds, 1);
        QCOMPARE(fine.points.size(), 300);
        QCOMPARE(fine.points.last().startMs, T0 + 2000);
        QCOMPARE(fine.points.first().startMs, T0 + 3000 - 300 * 1000);
        const MetricsPoint &a = fine.points.at(297);
        const MetricsPoint &b = fine.points.at(298);
        const MetricsPoint &c = fine.points.at(299);
        QCOMPARE(a.count, quint32(2));
        QCOMPARE(a.clientErrors, quint32(1));
        QCOMPARE(a.p50Us, qint64(1000));
        QCOMPARE(a.p99Us, qint64(90000));
        QCOMPARE(b.count, quint32(3));
        QCOMPARE(b.p50Us, qint64(2000));
        QCOMPARE(c.count, quint32(4));
        QCOMPARE(c.serverErrors, quint32(3));
        QCOMPARE(c.p50Us, qint64(3000));
        QCOMPARE(fine.points.at(296).count, quint32(0));
        QCOMPARE(fine.points.at(296).p50Us, qint64(-1));

        const MetricsSeries coarse = metrics.series(GetBooks, MetricsWindow::FifteenMinutes);
        QCOMPARE(coarse.slotSeconds, 10);
        QCOMPARE(coarse.points.size(), 90);
        QCOMPARE(coarse.points.last().count, quint32(0));   // T0's ten seconds are in progress
        clock.ms = T0 + 10000;
        const MetricsSeries later = metrics.series(GetBooks, MetricsWindow::SixtyMinutes);
        QCOMPARE(later.points.size(), 360);
        QCOMPARE(later.points.last().startMs, T0);
        QCOMPARE(later.points.last().count, quint32(10));
        QCOMPARE(later.points.last().clientErrors, quint32(3));
        QCOMPARE(later.points.last().serverErrors, quint32(3));
        QCOMPARE(later.points.last().p50Us, qint64(3000));   // rank 5 of 1000, 1000, 2000, 2000, 3000, ..
        // An unknown key has the same slots, all empty.
        const MetricsSeries none = metrics.series(PostBooks, MetricsWindow::FiveMinutes);
        QCOMPARE(none.points.size(), 300);
        QCOMPARE(none.points.last().count, quint32(0));
    }

    // Past MaxKeys, new routes count under "(other)": keys stay bounded, totals stay exact.
    void keysAreBounded()
    {
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        const int routes = MetricsAggregator::MaxKeys + 100;
        for (int i = 0; i < routes; ++i)
            metrics.publish(table(QStringLiteral("Op%1").arg(i), 200, 10));
        const QList<MetricsKey> keys = metrics.keys();
        QVERIFY(keys.size() <= MetricsAggregator::MaxKeys + 1);
        QVERIFY(keys.contains(MetricsKey{QStringLiteral("tables"), {}, QStringLiteral("(other)")}));
        QCOMPARE(metrics.stats(MetricsKey::all(), MetricsWindow::FiveMinutes).count, quint64(routes));
        QCOMPARE(metrics.stats(MetricsKey::apiStage(QStringLiteral("tables"), {}), MetricsWindow::FiveMinutes).count,
                 quint64(routes));
        // A new API past the bound counts as "(other)" too.
        metrics.publish(gateway("GET", QStringLiteral("/x"), 200, 10, -1, QStringLiteral("late")));
        QCOMPARE(metrics.stats(MetricsKey{QStringLiteral("(other)"), {}, QStringLiteral("(other)")},
                               MetricsWindow::FiveMinutes).count, quint64(1));
    }

    // An hour of 20k records a second over 8 routes with spread latencies: memory depends on
    // the buckets used, not on the 72M samples (fed in a few records per slot, weighted).
    void memoryIsBounded()
    {
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        quint64 fed = 0;
        for (int second = 0; second < 3700; ++second) {
            QList<RecordPtr> batch;
            for (int i = 0; i < 200; ++i) {
                const qint64 latency = 50 + (qint64(i) * 7919 + second * 104729) % 400000;
                batch << gateway("GET", QStringLiteral("/r%1").arg(i % 8), 200 + (i % 5 == 0 ? 300 : 0), latency,
                                 latency / 2);
            }
            metrics.add(batch);
            fed += batch.size();
            clock.ms += 1000;
        }
        const size_t bytes = metrics.memoryBytes();
        // 10 keys × 660 slots × 2 histograms, each at most ~90 buckets a decade in use.
        QVERIFY2(bytes < size_t(64) << 20, qPrintable(QString::number(bytes)));
        QCOMPARE(metrics.stats(MetricsKey::all(), MetricsWindow::SixtyMinutes).count,
                 quint64(200) * 10 * 359);   // ten-second slots 11..369 of 370
        Q_UNUSED(fed);
    }

    // As a RecordHub sink: records reach it at flush time, on the hub's thread.
    void hubSink()
    {
        FakeClock clock;
        MetricsAggregator metrics(clock.clock());
        RecordHub hub;
        hub.setFlushInterval(60000);
        hub.addSink(&metrics);
        for (int i = 0; i < 25; ++i)
            hub.publish(table(QStringLiteral("PutItem"), 200, 700));
        QCOMPARE(metrics.stats(MetricsKey::all(), MetricsWindow::FiveMinutes).count, quint64(0));
        hub.flush();
        QCOMPARE(metrics.stats(MetricsKey{QStringLiteral("tables"), {}, QStringLiteral("PutItem")},
                               MetricsWindow::FiveMinutes).count, quint64(25));
        hub.removeSink(&metrics);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
