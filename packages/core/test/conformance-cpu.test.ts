import { test } from 'uvu';
import { runBackendSuite } from '../src/testing/index.js';

runBackendSuite('cpu', { test });
test.run();
