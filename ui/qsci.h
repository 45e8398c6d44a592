// Thread affinity: GUI thread.
// QScintilla's headers use the `slots`/`signals` keywords that QT_NO_KEYWORDS removes: include
// them only through this file, which maps the keywords for their duration.
#pragma once

#define slots Q_SLOTS
#define signals Q_SIGNALS
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>
#undef slots
#undef signals
