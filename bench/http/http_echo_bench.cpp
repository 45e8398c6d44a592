// http_echo_bench [--port N] [--records]
// Serves a fixed ~200-byte JSON document on every request through Gatehouse::Http::HttpServer,
// for wrk to measure the listener alone (run.sh compares it with nginx). With --records every
// exchange is also published to a RecordHub, as in the application.
#include <http/httpserver.h>
#include <observe/recordhub.h>

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

using namespace Gatehouse;

class FixedHandler : public Http::HttpHandler
{
public:
    FixedHandler()
        : m_body(QByteArrayLiteral(
              "{\"TableNames\":[\"accounts\",\"orders\",\"sessions\"],"
              "\"LastEvaluatedTableName\":null,\"Message\":\"fixed benchmark body, about two "
              "hundred bytes long, so that headers and body weigh like a small API answer\","
              "\"Count\":3}"))
    {
    }
    void handle(const Http::ExchangePtr &exchange) override
    {
        Http::HttpResponse r;
        r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        r.body = m_body;
        exchange->respond(std::move(r));
    }
    Http::HttpResponse refusal(Http::RefusalReason, int status, const QString &detail) override
    {
        return Http::HttpResponse::json(status, "{\"message\":\"" + detail.toUtf8() + "\"}");
    }

private:
    QByteArray m_body;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port (0: any)."),
                                  QStringLiteral("port"), QStringLiteral("0"));
    QCommandLineOption recordsOption(QStringLiteral("records"),
                                     QStringLiteral("Publish records to a RecordHub."));
    parser.addOption(portOption);
    parser.addOption(recordsOption);
    parser.process(app);

    FixedHandler handler;
    Observe::RecordHub hub;
    Http::HttpServerConfig config;
    config.name = QStringLiteral("bench");
    config.port = quint16(parser.value(portOption).toUInt());
    Http::HttpServer server(config, &handler, parser.isSet(recordsOption) ? &hub : nullptr);
    const Status status = server.start();
    if (!status.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(status.toString()));
        return 2;
    }
    std::printf("%s\n", qPrintable(server.url()));
    std::fflush(stdout);
    return app.exec();
}
