// Thread affinity: any thread (pure functions).
// Class bodies for the transpiler (transpile.h): internal to core/functions.
#pragma once

#include "jslexer.h"

#include <optional>

namespace Gatehouse::Functions {

// One element of a class body, as token ranges.
struct ClassElement
{
    enum Kind { Method, Field, StaticBlock, Empty } kind = Empty;
    bool isStatic = false;
    int start = 0;    // the first token (a `static` included)
    int end = 0;      // exclusive: after a field's `;`, a method's or a static block's `}`
    int key = -1;     // a method's or field's name (`[` of a computed one); a static block's `{`
    int keyEnd = -1;  // exclusive
    int init = -1;    // a field's initializer [init, initEnd); -1 without one
    int initEnd = -1;
    int bodyOpen = -1; // a method's body `{`
};

// A class with what Qt 6.4's engine does not take: fields (public or private, instance or
// static) or static blocks.
struct ClassShape
{
    int name = -1;      // the class's name, -1 when anonymous
    bool derived = false;
    int open = 0;       // the body's braces
    int close = 0;
    QList<ClassElement> elements;
    int constructor = -1; // index into elements, -1 when the class has none
    int superCall = -1;   // a derived class's constructor: the `super` of its first super(...)
};

// The class whose `class` keyword is token `i` (within tokens [.., limit)), when it has fields or
// static blocks; nullopt for a class the engine takes as written, or one whose body is not
// understood (left as written, for the engine to report).
std::optional<ClassShape> classWithFields(const QList<Token> &tokens, int i, int limit);

} // namespace Gatehouse::Functions
