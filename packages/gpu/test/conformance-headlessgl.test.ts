// The conformance suite on headless-gl (WebGL 1 through ANGLE): needs the optional 'gl' package
// and a display, so CI runs the tests under xvfb-run; without them this file skips, saying why.
import { runBackendSuite } from '@digitnet/core/testing';
import { test } from 'uvu';
import { registerGpuBackend, unavailableReason } from '../src/index.js';

const reason = unavailableReason('headlessgl');
if (reason) {
  console.log(`SKIP conformance on gpu.js headlessgl: ${reason}`);
  test.skip('conformance suite on gpu.js headlessgl', () => {});
} else {
  registerGpuBackend('gpu-headlessgl', { mode: 'headlessgl' });
  runBackendSuite('gpu-headlessgl', { test });
}
test.run();
