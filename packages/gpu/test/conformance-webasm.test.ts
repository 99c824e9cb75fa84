import { runBackendSuite } from '@digitnet/core/testing';
import { test } from 'uvu';
import { registerGpuBackend } from '../src/index.js';

registerGpuBackend('gpu-webasm', { mode: 'webasm' });
runBackendSuite('gpu-webasm', { test });
test.run();
