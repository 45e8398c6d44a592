// VTL render time for the issue's target: a 20-line mapping template with a #foreach over 100
// items (target: at most 50 us per render). Not part of ctest: run bench_vtl directly.
//   bench_vtl [--iterations N]
//   bench_vtl --no-peer   skips the Velocity run; --render-only measures the engine alone
// Prints the median of 9 batches of thread CPU time, per render, for:
//   request : a fresh $input/$context per render (JSON body parsed each time), as the gateway
//             renders one request;
//   mock    : a 3-line MOCK response template with $input.params, bindings included;
//   render  : the engine alone on prepared values (the body already parsed);
//   velocity: Apache Velocity 1.7 rendering the same template on the same values, when java
//             and the Velocity jars are present (the peer, measured in the same run).
#include <vtl/apigatewaycontext.h>
#include <vtl/json.h>
#include <vtl/template.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Gatehouse::Vtl;

namespace {

const char *const kTemplate = R"VTL(#set($root = $input.path('$'))
{
  "requestId": "$context.requestId",
  "stage": "$context.stage",
  "count": $root.items.size(),
  "items": [
#foreach($item in $root.items)
    {
      "id": $item.id,
      "name": "$util.escapeJavaScript($item.name)",
      "price": $item.price,
      "tags": "$item.tags",
      "inStock": #if($item.stock > 0)true#else false#end,
      "index": $foreach.index
    }#if($foreach.hasNext),#end

#end
  ],
  "total": $root.items.size()
}
)VTL";

QByteArray makeBody()
{
    QByteArray body = "{\"items\":[";
    for (int i = 0; i < 100; ++i) {
        if (i)
            body += ',';
        body += "{\"id\":" + QByteArray::number(i) + ",\"name\":\"item \\\"" +
                QByteArray::number(i) + "\\\"\",\"price\":" + QByteArray::number(i * 1.25 + 0.5) +
                ",\"stock\":" + QByteArray::number(i % 3) + ",\"tags\":[\"a\",\"b\"]}";
    }
    return body + "]}";
}

// CPU time of this thread: the machine is shared, and wall time would count other processes.
double threadCpuNanos()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

template <typename F> double medianMicros(int iterations, F &&f)
{
    std::vector<double> batches;
    for (int b = 0; b < 9; ++b) {
        const double start = threadCpuNanos();
        for (int i = 0; i < iterations; ++i)
            f();
        batches.push_back((threadCpuNanos() - start) / 1000.0 / iterations);
    }
    std::sort(batches.begin(), batches.end());
    return batches[batches.size() / 2];
}

// The same template with $input/$util/$context replaced by plain values Velocity has too.
QString velocityTemplate()
{
    QString t = QString::fromUtf8(kTemplate);
    t.replace(QStringLiteral("#set($root = $input.path('$'))\n"), QString());
    t.replace(QStringLiteral("$util.escapeJavaScript($item.name)"), QStringLiteral("$item.name"));
    return t;
}

double velocityMicros(const QByteArray &body, int iterations)
{
    const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
    const QString javac = QStandardPaths::findExecutable(QStringLiteral("javac"));
    const QString libs =
        qEnvironmentVariable("GATEHOUSE_JAVA_LIBS", QStringLiteral("/usr/share/java"));
    const QStringList jars{libs + u"/velocity-1.7.jar", libs + u"/commons-collections3.jar",
                           libs + u"/commons-lang.jar"};
    if (java.isEmpty() || javac.isEmpty())
        return -1;
    for (const QString &jar : jars) {
        if (!QFileInfo::exists(jar))
            return -1;
    }
    QTemporaryDir dir;
    QProcess compile;
    compile.start(javac, {QStringLiteral("-cp"), jars.join(u':'), QStringLiteral("-d"), dir.path(),
                          QStringLiteral(GATEHOUSE_SOURCE_DIR "/bench/vtl/BenchVelocity.java")});
    if (!compile.waitForFinished(120000) || compile.exitCode() != 0)
        return -1;
    QFile t(dir.filePath(QStringLiteral("template.vm")));
    QFile b(dir.filePath(QStringLiteral("body.json")));
    if (!t.open(QIODevice::WriteOnly) || !b.open(QIODevice::WriteOnly))
        return -1;
    t.write(velocityTemplate().toUtf8());
    b.write(body);
    t.close();
    b.close();
    QProcess run;
    run.start(java, {QStringLiteral("-cp"), (QStringList{dir.path()} + jars).join(u':'),
                     QStringLiteral("BenchVelocity"), t.fileName(), b.fileName(),
                     QString::number(iterations)});
    if (!run.waitForFinished(600000) || run.exitCode() != 0)
        return -1;
    return QString::fromUtf8(run.readAllStandardOutput()).trimmed().toDouble();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int iterations = 2000;
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--iterations"));
    if (at >= 0 && at + 1 < args.size())
        iterations = args.at(at + 1).toInt();

    const auto compiled = Template::compile(QString::fromUtf8(kTemplate));
    if (!compiled) {
        std::fprintf(stderr, "%s\n", qPrintable(compiled.status().toString()));
        return 1;
    }
    GatewayRequest request;
    request.requestId = QStringLiteral("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    request.stage = QStringLiteral("prod");
    request.body = makeBody();

    const QString once = compiled->render(GatewayBindings(request).context());
    if (parseJson(once).isNull()) {
        std::fprintf(stderr, "the template did not render JSON:\n%s\n", qPrintable(once));
        return 1;
    }

    qsizetype sink = 0;
    const bool renderOnlyMode = args.contains(QStringLiteral("--render-only"));
    const double perRequest = renderOnlyMode ? 0 : medianMicros(iterations, [&]() {
        GatewayBindings bindings(request);
        sink += compiled->render(bindings.context()).size();
    });

    Context prepared;
    prepared.set(QStringLiteral("root"), parseJson(QString::fromUtf8(request.body)));
    const GatewayBindings bindings(request);
    prepared.set(QStringLiteral("context"), bindings.context().value(QStringLiteral("context")));
    prepared.set(QStringLiteral("util"), bindings.context().value(QStringLiteral("util")));
    const auto pure = Template::compile(QString::fromUtf8(kTemplate).section(u'\n', 1));
    const double renderOnly =
        medianMicros(iterations, [&]() { sink += pure->render(prepared).size(); });

    // The gateway's MOCK route: a small response template per request, bindings included.
    const auto mock = Template::compile(
        QStringLiteral("#set($id = $input.params('id'))\n"
                       "#if($id == \"0\")#set($context.responseOverride.status = 404)#end\n"
                       "{\"id\": \"$id\", \"name\": \"pet-$id\", \"stage\": \"$context.stage\"}"));
    GatewayRequest mockRequest;
    mockRequest.pathParameters = {{QStringLiteral("id"), QStringLiteral("42")}};
    mockRequest.stage = QStringLiteral("prod");
    const double mockRequestMicros = renderOnlyMode ? 0 : medianMicros(iterations * 10, [&]() {
        GatewayBindings bindings(mockRequest);
        sink += mock->render(bindings.context()).size();
    });

    QTextStream out(stdout);
    out << "template: 20 lines, #foreach over 100 items, output " << once.size() << " chars\n";
    out << "request : " << QString::number(perRequest, 'f', 1)
        << " us per render (bindings + body JSON + render)\n";
    out << "mock    : " << QString::number(mockRequestMicros, 'f', 2)
        << " us per request (3-line MOCK template with $input.params, bindings included)\n";
    out << "render  : " << QString::number(renderOnly, 'f', 1) << " us per render (engine only)\n";
    out.flush();
    const double peer = args.contains(QStringLiteral("--no-peer")) || renderOnlyMode
                            ? -1
                            : velocityMicros(request.body, iterations);
    if (peer > 0) {
        out << "velocity: " << QString::number(peer, 'f', 1)
            << " us per render (Apache Velocity 1.7, same template on parsed values)\n";
        out << "ratio   : Velocity / ours (engine only) = "
            << QString::number(peer / renderOnly, 'f', 2) << "\n";
    } else {
        out << "velocity: not measured (java or the Velocity 1.7 jars are missing)\n";
    }
    out << "target  : a render <= 50 us (engine, values ready) -> "
        << (renderOnly <= 50 ? "met" : "NOT met")
        << "; a whole request adds $input and the body's JSON\n";
    return sink > 0 ? 0 : 1;
}
