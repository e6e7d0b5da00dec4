// A module that is loaded only when one of its exports is first read.
//
// @pulumi/pulumi 3.270.0 requires @npmcli/arborist at load time (runtime/closure/codePaths.js, through
// runtime/index.js), though it uses it only to find the packages a serialized closure needs
// (`new arborist.Arborist(...)` in computeCodePaths). Arborist brings pacote, sigstore, tuf-js,
// cacache and make-fetch-happen: about 440 of the 1,280 modules each test file of libs/policies
// loaded, and Jest loads them again for every test file. No program or test here serializes a closure.
"use strict";

/**
 * An ES-module-shaped proxy over `load()`'s exports, so that TypeScript's `__importStar` returns it
 * as it is instead of copying (and so reading) every export at import time. `load` runs once, at the
 * first read of any other property.
 */
function lazyModule(load) {
  let loaded;
  const real = () => (loaded ??= { exports: load() }).exports;
  return new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : real()[key]),
      has: (_, key) => key === "__esModule" || key in real(),
    },
  );
}

module.exports = { lazyModule };
