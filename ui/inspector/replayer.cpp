#include <ui/inspector/replayer.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Gatehouse::Ui {

Replayer::Replayer(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

bool Replayer::send(const ReplayRequest &request, QString *error)
{
    const QString scheme = request.url.scheme();
    if (!request.url.isValid() || request.url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        if (error)
            *error = tr("Not an http(s) URL: %1").arg(request.url.toString());
        return false;
    }
    if (!request.bodyComplete) {
        if (error)
            *error = tr("Only the first %1 bytes of the body were recorded; use Edit and Resend to supply it.")
                         .arg(request.body.size());
        return false;
    }
    if (request.method.isEmpty()) {
        if (error)
            *error = tr("No method");
        return false;
    }
    QNetworkRequest req(request.url);
    // The captured request is repeated as sent: no redirects followed, no cookies of our own.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    for (const auto &h : request.headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_network->sendCustomRequest(req, request.method, request.body);
    ++m_inFlight;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        --m_inFlight;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const QString error = status.isValid() ? QString() : reply->errorString();
        reply->deleteLater();
        Q_EMIT finished(status.toInt(), error);
    });
    return true;
}

} // namespace Gatehouse::Ui
