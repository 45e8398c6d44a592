// Thread affinity: any thread.
#pragma once

#include <QLoggingCategory>

namespace Gatehouse::Http {
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
}
