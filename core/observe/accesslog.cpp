#include "accesslog.h"

#include "observelogging.h"

#include <QDate>
#include <QMutexLocker>
#include <QTime>

namespace Gatehouse::Observe {

namespace {

constexpr int FlushIntervalMs = 1000;
// Above this many pending records a flush is requested at once instead of waiting for the timer.
constexpr size_t EagerFlushRecords = 2048;
// Past this the log drops records rather than grow without bound while the disk is stuck.
constexpr size_t MaxPendingRecords = 100000;

void appendPadded(QByteArray &out, int value, int width)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < 11);
    for (int i = n; i < width; ++i)
        out.append('0');
    while (n > 0)
        out.append(digits[--n]);
}

// Keeps one line per record whatever a client put in the request line.
void appendSanitized(QByteArray &out, const QByteArray &text)
{
    for (char c : text) {
        const auto u = uchar(c);
        if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
            static const char hex[] = "0123456789ABCDEF";
            out.append("\\x");
            out.append(hex[u >> 4]);
            out.append(hex[u & 15]);
        } else {
            out.append(c);
        }
    }
}

} // namespace

AccessLog::AccessLog(QString path, QObject *parent)
    : AccessLog(std::move(path), Formatter(&AccessLog::formatLine), parent)
{}

AccessLog::AccessLog(QString path, Formatter formatter, QObject *parent)
    : QObject(parent), m_path(std::move(path)), m_formatter(std::move(formatter)),
      m_timer(this) // a child, so that moveToThread() takes it along
{
    m_timer.setInterval(FlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &AccessLog::flush);
}

AccessLog::~AccessLog()
{
    close();
}

Status AccessLog::open()
{
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        return Status::error(QStringLiteral("AccessLogError"),
                             QStringLiteral("cannot open access log %1: %2")
                                 .arg(m_path, m_file.errorString()));
    }
    m_timer.start();
    return Status::ok();
}

QByteArray AccessLog::formatLine(const RequestRecord &record)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    QByteArray line;
    line.reserve(160 + record.target.size());
    line.append(record.peerAddress.isEmpty() ? QByteArray("-") : record.peerAddress.toLatin1());
    line.append(" - - [");
    const QDateTime utc = record.startedAt.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    appendPadded(line, date.day(), 2);
    line.append('/');
    line.append(months[qBound(1, date.month(), 12) - 1]);
    line.append('/');
    appendPadded(line, date.year(), 4);
    line.append(':');
    appendPadded(line, time.hour(), 2);
    line.append(':');
    appendPadded(line, time.minute(), 2);
    line.append(':');
    appendPadded(line, time.second(), 2);
    line.append(" +0000] \"");
    appendSanitized(line, record.method);
    line.append(' ');
    appendSanitized(line, record.target);
    line.append(' ');
    const QByteArray version = record.notes.value(QStringLiteral("httpVersion")).toByteArray();
    line.append(version.isEmpty() ? QByteArray("HTTP/1.1") : version);
    line.append("\" ");
    appendPadded(line, record.status, 3);
    line.append(' ');
    if (record.responseBodySize > 0)
        line.append(QByteArray::number(record.responseBodySize));
    else
        line.append('-');
    line.append(" \"");
    appendSanitized(line, record.requestId);
    line.append('"');
    return line;
}

void AccessLog::publish(const RecordPtr &record)
{
    if (!record)
        return;
    bool eager = false;
    {
        QMutexLocker lock(&m_mutex);
        if (m_pending.size() >= MaxPendingRecords)
            return;
        m_pending.push_back(record);
        eager = m_pending.size() == EagerFlushRecords;
    }
    if (eager)
        QMetaObject::invokeMethod(this, &AccessLog::flush, Qt::QueuedConnection);
}

void AccessLog::flush()
{
    std::deque<RecordPtr> records;
    {
        QMutexLocker lock(&m_mutex);
        records.swap(m_pending);
    }
    if (records.empty() || !m_file.isOpen())
        return;
    QByteArray text;
    text.reserve(qsizetype(records.size()) * 200);
    for (const RecordPtr &record : records) {
        const QByteArray line = m_formatter(*record);
        if (line.isEmpty())
            continue;
        text.append(line);
        text.append('\n');
    }
    if (text.isEmpty())
        return;
    if (m_file.write(text) != text.size())
        qCWarning(lcObserve) << "access log write failed:" << m_file.errorString();
    m_file.flush();
}

void AccessLog::close()
{
    m_timer.stop();
    flush();
    if (m_file.isOpen())
        m_file.close();
}

} // namespace Gatehouse::Observe
