import { runBackendSuite } from '@digitnet/core/testing';
import { test } from 'uvu';
import { registerGpuBackend } from '../src/index.js';

registerGpuBackend('gpu-cpu', { mode: 'cpu' });
runBackendSuite('gpu-cpu', { test });
test.run();
