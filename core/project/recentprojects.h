// Thread affinity: the thread that owns the QSettings passed in (the GUI thread in the app).
#pragma once

#include <QStringList>

class QSettings;

namespace Gatehouse::Project {

// The most recently opened project directories, newest first, stored in QSettings under
// "recentProjects". Paths are stored absolute and compared after canonicalisation.
class RecentProjects
{
public:
    static constexpr int MaxEntries = 10;

    // `settings` null: the application's default QSettings (organization and application name).
    explicit RecentProjects(QSettings *settings = nullptr);
    ~RecentProjects();

    QStringList list() const;
    void add(const QString &directory);
    void remove(const QString &directory);
    void clear();

private:
    void write(const QStringList &entries);

    QSettings *m_settings;
    bool m_ownsSettings;
};

} // namespace Gatehouse::Project
