// Thread affinity: any thread.
#pragma once

#include <QLoggingCategory>

namespace Gatehouse::Vtl {
Q_DECLARE_LOGGING_CATEGORY(lcVtl)
}
