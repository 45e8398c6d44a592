// Thread affinity: the thread owning the writer connection.
#pragma once

#include "sqlitedb.h"

namespace Gatehouse::Tables::Store {

// The schema version this build writes. A file at a higher version is refused.
int currentSchemaVersion();

// Brings a database to currentSchemaVersion(): each pending migration step runs in its own
// transaction and bumps PRAGMA user_version. Refuses files of another application and files
// written by a newer build, with a message saying which.
Status migrate(Db &db);

} // namespace Gatehouse::Tables::Store
