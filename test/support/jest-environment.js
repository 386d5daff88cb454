/**
 * Jest's node environment gives each test file its own realm, so a Float32Array made in a test is not an
 * `instanceof Float32Array` for onnxruntime-node's checks. Sharing the host's typed-array constructors fixes
 * that for the transformers.js tests; nothing else changes.
 */
const { TestEnvironment } = require('jest-environment-node');

class SeamEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer']) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = SeamEnvironment;
