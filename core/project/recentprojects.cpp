#include <project/recentprojects.h>

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace Gatehouse::Project {

namespace {

const QString kKey = QStringLiteral("recentProjects");

QString normalised(const QString &directory)
{
    const QFileInfo info(directory);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

} // namespace

RecentProjects::RecentProjects(QSettings *settings)
    : m_settings(settings ? settings : new QSettings)
    , m_ownsSettings(settings == nullptr)
{
}

RecentProjects::~RecentProjects()
{
    if (m_ownsSettings)
        delete m_settings;
}

QStringList RecentProjects::list() const
{
    return m_settings->value(kKey).toStringList();
}

void RecentProjects::add(const QString &directory)
{
    const QString path = normalised(directory);
    QStringList entries = list();
    entries.removeIf([&](const QString &e) { return normalised(e) == path; });
    entries.prepend(path);
    while (entries.size() > MaxEntries)
        entries.removeLast();
    write(entries);
}

void RecentProjects::remove(const QString &directory)
{
    const QString path = normalised(directory);
    QStringList entries = list();
    entries.removeIf([&](const QString &e) { return normalised(e) == path; });
    write(entries);
}

void RecentProjects::clear()
{
    write({});
}

void RecentProjects::write(const QStringList &entries)
{
    m_settings->setValue(kKey, entries);
    m_settings->sync();
}

} // namespace Gatehouse::Project
