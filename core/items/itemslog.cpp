#include <items/itemslog.h>

namespace Gatehouse::Items {
Q_LOGGING_CATEGORY(lcItems, "gatehouse.core.items")
} // namespace Gatehouse::Items
