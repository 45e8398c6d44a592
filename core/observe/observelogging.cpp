#include "observelogging.h"

namespace Gatehouse::Observe {
Q_LOGGING_CATEGORY(lcObserve, "gatehouse.core.observe")
}
