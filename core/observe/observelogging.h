// Thread affinity: any thread.
#pragma once

#include <QLoggingCategory>

namespace Gatehouse::Observe {
Q_DECLARE_LOGGING_CATEGORY(lcObserve)
}
