// Thread affinity: any thread.
#pragma once

#include <QLoggingCategory>

namespace Gatehouse::Items {
Q_DECLARE_LOGGING_CATEGORY(lcItems)
} // namespace Gatehouse::Items
