// Thread affinity: any thread (pure functions).
#pragma once

#include <QString>

namespace Gatehouse::Functions {

// The JavaScript engine of Qt 6.4 (QJSEngine, ECMAScript 2016 with some later additions) has
// generators and Promises but no async functions. Handlers are written for Node.js, so the
// source is rewritten before it is compiled, keeping every line where it was:
//   async function f(a) { ... }  ->  function f(a) { return __awaiter(this, arguments, function* () { ... }); }
//   async (a) => expr            ->  (a) => __awaiter(this, [], function* () { return (expr); })
//   async m(a) { ... } (methods) ->  m(a) { return __awaiter(this, arguments, function* () { ... }); }
//   await x                      ->  (yield x)            (inside an async body only)
//   async function* g(a) { ... } (and async *m() methods)
//                                ->  function g(a) { return __asyncGenerator(this, arguments, function* () { ... }); }
//                                    with `await x` as (yield __await(x)) inside
//   10n                          ->  __bigInt("10")       (the engine has no BigInt: it throws)
//   import(x)                    ->  __import(require, x) (the module through require, as a Promise)
//   #!... (a first line)         ->  //...
//   export const|let|var|function|class NAME  ->  the declaration, and exports.NAME = NAME at the end
//   export default EXPR          ->  module.exports.default = EXPR
//   import X, { a, b as c } from 'm'  ->  const __im1 = __importNamespace(require('m')),
//                                         X = __im1.default, { a, b: c } = __im1;
//                                    (also `* as NS`, `import 'm'`; export { a as b } [from 'm'],
//                                    export * [as NS] from 'm'; on the statement's lines, and the
//                                    module marked as one at the end; with top-level await
//                                    the body runs in an __awaiter the runtime waits for)
//   {a: 1, ...b, c}              ->  Object.assign({}, {a: 1}, b, {c})
//   {a, [k]: v, ...rest} (a pattern: declarations, parameters, for-of, assignments)
//                                ->  {a, [__restKey(k)]: v, [__rest(["a"], 1)]: rest}
//   catch { ... }                ->  catch (__unusedCatchBinding) { ... }
//   { a, __proto__: P }          ->  __withProto({ a }, (P))   (the engine ignores __proto__:)
//   return o.p = f()             ->  return [(o.p = f())][0]   (also `=> o.p = f()`; files with
//                                    "use strict": the engine makes such a call a tail call in
//                                    strict code and loses the store)
//   for await (DECL of EXPR) BODY  ->  a for loop over __asyncIterator(EXPR) whose next() is
//                                    awaited with yield, in a try whose finally closes the
//                                    iterator when BODY left the loop (in an async body; BODY a
//                                    block, an expression statement, return, throw, break or
//                                    continue)
//   class C extends B { x = 1; static y = 2; static { ... } #p = 3; }
//                                ->  each field or static block, in its place, a static method
//                                    (`static __gh_f0() { __field(this, "x", (1)); }`); the
//                                    constructor calls the instance ones on the new object after
//                                    super(...) returns (a constructor is added when there is
//                                    none), and __classStatics runs the static ones in order once
//                                    the class is defined. An anonymous class gets a name.
//   #name                        ->  __gh_priv_<class>_name, first (jsprivate.h): a private field
//                                    is defined not enumerable; `#name in o` asks for that property
// The `__` helpers these call are the runtime's (runtimescript.cpp).
// Strings, comments and regular expressions are kept as they are; a template literal's ${} parts
// are rewritten like other code.
QString transpileForEngine(const QString &source);

} // namespace Gatehouse::Functions
