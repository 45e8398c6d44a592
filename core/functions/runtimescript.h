// Thread affinity: any thread (a constant).
#pragma once

#include <QString>

namespace Gatehouse::Functions {

// The JavaScript every worker engine evaluates once: a function of (global, native) returning
// the runtime object { load, invoke, reply, PENDING }: __awaiter, console, require (the
// gatehouse tables client, with aws-sdk v2 and @aws-sdk/lib-dynamodb look-alikes), the Lambda
// context, the three handler styles, and the polyfills Node.js code commonly relies on.
// It is called with (global, native, node), `node` being what nodeGlobalsScript()'s function,
// called with (global, native) first, returned.
QString runtimeScript();

// Node.js globals: setTimeout and the other timers (fired by the worker through the runtime's
// `fire`), process, Buffer, TextEncoder/TextDecoder, atob/btoa.
QString nodeGlobalsScript();

// The web platform's globals: a function of (global) that sets URL, URLSearchParams, Headers
// and Response (the engine's own URL, which does not normalise, is replaced). Before
// nodeModulesScript().
QString webApisScript();

// Node.js modules written in JavaScript: a function of (global, node, native) returning { path,
// util, events, assert, 'assert/strict', querystring, url, os, fs, 'fs/promises' }. The worker
// hands the result to the runtime as `node.modules`.
QString nodeModulesScript();

} // namespace Gatehouse::Functions
