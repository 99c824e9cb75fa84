// Writes a package's CommonJS entries, one tiny .cjs per export, for the "require" condition of its
// package.json. Each loads the package's own ES module through require(esm) (Node 20.19+, 22.12+),
// so CommonJS and ESM code share one module instance, and so one backend registry; an older Node
// gets a message that says what to do instead of a generic ERR_REQUIRE_ESM.
import { writeFileSync } from 'node:fs';

/**
 * Writes `<file>.cjs` for each entry.
 * @param {Array<{ file: string, target: string, name: string }>} entries file: the .cjs to write
 *   (e.g. 'dist/index.cjs'); target: the ES module it loads, relative to that file
 *   (e.g. './index.js'); name: the specifier users require (e.g. '@digitnet/core').
 */
export function writeCjsEntries(entries) {
  for (const { file, target, name } of entries) {
    writeFileSync(
      file,
      `'use strict';
// The CommonJS entry of ${name}: its ES module, loaded with require(esm).
try {
  module.exports = require('${target}');
} catch (error) {
  if (error && error.code === 'ERR_REQUIRE_ESM') {
    throw new Error(
      '${name} is an ES module and this Node.js (' + process.version + ') cannot require() ES modules: ' +
        "use import { … } from '${name}' (or await import('${name}') in CommonJS), " +
        'or Node.js 20.19+ or 22.12+, where require() loads it.',
      { cause: error },
    );
  }
  throw error;
}
`,
    );
  }
}
