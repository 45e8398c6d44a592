// The inspector under a flood: the longest main-thread stall while 20,000 records/s arrive
// through a RecordHub (50 ms batches) into a shown RequestInspectorView, until and past the
// 100,000-record history bound. The peer is the same event loop with no traffic, measured in
// the same run. Usage: bench_inspector [--seconds N] [--rate R]
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>
#include <ui/inspector/requestfilterproxy.h>

#include <observe/recordhub.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <time.h>
#include <vector>

using namespace Gatehouse;

namespace {

struct Stalls
{
    qint64 maxGapUs = 0;
    std::vector<qint64> gaps;
    qint64 percentile(double p) const
    {
        if (gaps.empty())
            return 0;
        std::vector<qint64> sorted = gaps;
        std::sort(sorted.begin(), sorted.end());
        return sorted[size_t(p * double(sorted.size() - 1))];
    }
};

// Runs the event loop for `seconds`, with a 5 ms timer measuring how late each tick comes:
// a tick later than its interval means the main thread was busy that long.
Stalls measure(QApplication &app, double seconds)
{
    Stalls stalls;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed() / 1000;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed() / 1000;
        const qint64 gap = now - last;
        last = now;
        stalls.gaps.push_back(gap);
        stalls.maxGapUs = std::max(stalls.maxGapUs, gap);
        if (now >= qint64(seconds * 1e6))
            app.quit();
    });
    tick.start();
    app.exec();
    return stalls;
}

Observe::RecordPtr makeRecord(quint64 i)
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->requestId = QByteArray::number(i);
    r->startedAt = QDateTime::currentDateTimeUtc();
    r->peerAddress = QStringLiteral("127.0.0.1");
    if (i % 2) {
        r->listener = QStringLiteral("gateway");
        r->method = i % 6 == 1 ? "POST" : "GET";
        r->target = "/dev/pets/" + QByteArray::number(i % 1000);
        r->requestHeaders = {{"Host", "127.0.0.1:3000"}, {"Accept", "application/json"}};
        r->status = i % 50 == 1 ? 500 : (i % 10 == 1 ? 404 : 200);
        r->responseBody = R"({"id":1,"name":"Rex","tag":"dog","price":12.5})";
        r->stages = {{QStringLiteral("route"), 0, 3}, {QStringLiteral("methodRequest"), 3, 4},
                     {QStringLiteral("integration"), 7, 30}, {QStringLiteral("methodResponse"), 37, 5}};
        r->notes.insert(QStringLiteral("api"), QStringLiteral("bookstore"));
        r->notes.insert(QStringLiteral("stage"), QStringLiteral("dev"));
        r->notes.insert(QStringLiteral("resourcePath"), QStringLiteral("/pets/{id}"));
    } else {
        r->listener = QStringLiteral("tables");
        r->method = "POST";
        r->target = "/";
        r->requestHeaders = {{"Host", "127.0.0.1:8000"}, {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
        r->requestBody = R"({"TableName":"Books","Key":{"isbn":{"S":"9780132350884"}}})";
        r->status = i % 40 == 0 ? 400 : 200;
        r->responseBody = R"({"Item":{"isbn":{"S":"9780132350884"},"title":{"S":"Clean Code"}}})";
        r->stages = {{QStringLiteral("parse"), 0, 4}, {QStringLiteral("engine"), 4, 25}};
        r->notes.insert(QStringLiteral("operation"), QStringLiteral("GetItem"));
        r->notes.insert(QStringLiteral("table"), QStringLiteral("Books"));
    }
    r->requestBodySize = r->requestBody.size();
    r->responseHeaders = {{"Content-Type", "application/json"}};
    r->responseBodySize = r->responseBody.size();
    r->totalUs = 40 + qint64(i % 200);
    return r;
}

// Publishes `rate` records/s from another thread, paced per millisecond, until stopped.
class Producer
{
public:
    Producer(Observe::RecordHub *hub, int rate) : m_hub(hub), m_rate(rate) {}
    void start()
    {
        m_thread = std::thread([this] {
            const auto begin = std::chrono::steady_clock::now();
            quint64 sent = 0;
            while (!m_stop.load()) {
                const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
                const quint64 due = quint64(elapsed * m_rate);
                while (sent < due)
                    m_hub->publish(makeRecord(m_next++)), ++sent;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            m_sent = sent;
        });
    }
    quint64 stop()
    {
        m_stop = true;
        m_thread.join();
        return m_sent;
    }

private:
    Observe::RecordHub *m_hub;
    int m_rate;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    quint64 m_next = 0;
    quint64 m_sent = 0;
};

// CPU time of the calling thread: unlike wall time, not inflated by other processes on a
// shared machine.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

void report(const char *phase, const Stalls &s, double ratioTo = 0)
{
    std::printf("%-34s max gap %7.1f ms  p99 %6.1f ms  p50 %5.1f ms  (5 ms tick)%s\n", phase, s.maxGapUs / 1000.0,
                s.percentile(0.99) / 1000.0, s.percentile(0.5) / 1000.0,
                ratioTo > 0 ? qPrintable(QStringLiteral("  x%1 of idle").arg(s.maxGapUs / ratioTo, 0, 'f', 1)) : "");
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    double seconds = 8;
    int rate = 20000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--seconds"))
            seconds = args.at(i + 1).toDouble();
        else if (args.at(i) == QLatin1String("--rate"))
            rate = args.at(i + 1).toInt();
    }

    Observe::RecordHub hub;   // on the main thread, flushing every 50 ms as in the app
    Ui::RequestInspectorView view;
    view.resize(1400, 500);
    view.show();
    QObject::connect(&hub, &Observe::RecordHub::recordsPublished, &view, &Ui::RequestInspectorView::appendRecords);
    std::printf("inspector stall benchmark: %d records/s for %.0f s per phase, history bound %d\n", rate, seconds,
                view.model()->capacity());

    double cpu = threadCpuMs();
    const Stalls idle = measure(app, seconds);
    report("idle (peer)", idle);
    std::printf("  main thread CPU %.1f ms per s\n", (threadCpuMs() - cpu) / seconds);
    const double idleMax = double(std::max<qint64>(idle.maxGapUs, 1));

    Producer plain(&hub, rate);
    plain.start();
    cpu = threadCpuMs();
    const Stalls flood = measure(app, seconds);
    const double floodCpu = (threadCpuMs() - cpu) / seconds;
    const quint64 sent = plain.stop();
    hub.flush();
    report("flood, no filter", flood, idleMax);
    std::printf("  main thread CPU %.1f ms per s (hub flush, inserts, trimming, painting)\n", floodCpu);
    std::printf("  %llu sent, %d rows, %lld received, %llu dropped by the hub, RSS %lld MB\n",
                (unsigned long long)sent, view.model()->rowCount(), (long long)view.model()->totalReceived(),
                (unsigned long long)hub.droppedCount(), rssKb() / 1024);

    {
        // The filter pass alone, without a view attached: how much of a filter change is ours.
        Ui::RequestFilterProxy bare;
        bare.setSourceModel(view.model());
        QElapsedTimer bareClock;
        bareClock.start();
        const double bareCpu = threadCpuMs();
        bare.setFilter(Ui::RequestFilter::parse(QStringLiteral("status >= 400 and path ~ \"/pets\"")));
        std::printf("%-34s %7.1f ms (CPU %.1f ms) over %d rows -> %d shown\n", "filter pass without a view",
                    bareClock.nsecsElapsed() / 1e6, threadCpuMs() - bareCpu, view.model()->rowCount(), bare.rowCount());
    }
    QElapsedTimer filterClock;
    filterClock.start();
    const double filterCpu = threadCpuMs();
    view.setFilterText(QStringLiteral("status >= 400 and path ~ \"/pets\""));
    const qint64 filterUs = filterClock.nsecsElapsed() / 1000;
    std::printf("%-34s %7.1f ms (CPU %.1f ms) over %d rows -> %d shown\n", "set filter in the view",
                filterUs / 1000.0, threadCpuMs() - filterCpu, view.model()->rowCount(), view.proxy()->rowCount());

    Producer filtered(&hub, rate);
    filtered.start();
    cpu = threadCpuMs();
    const Stalls withFilter = measure(app, seconds);
    const double filteredCpu = (threadCpuMs() - cpu) / seconds;
    filtered.stop();
    hub.flush();
    report("flood, filter on", withFilter, idleMax);
    std::printf("  main thread CPU %.1f ms per s\n", filteredCpu);
    std::printf("  %d rows, %d shown, RSS %lld MB\n", view.model()->rowCount(), view.proxy()->rowCount(),
                rssKb() / 1024);
    const qint64 worst = std::max({flood.maxGapUs, withFilter.maxGapUs, filterUs});
    std::printf("longest main-thread stall: %.1f ms (target: under 50 ms; wall time, includes the 5 ms tick\n"
                "and any time the OS gave other processes: compare with the idle peer)\n", worst / 1000.0);
    return 0;
}
