import { runBackendSuite } from '@digitnet/core/testing';
import { test } from 'uvu';
import '../src/index.js';

runBackendSuite('wasm', { test });
test.run();
