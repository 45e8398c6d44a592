#include <ui/uilogging.h>

Q_LOGGING_CATEGORY(lcUi, "gatehouse.ui", QtInfoMsg)
