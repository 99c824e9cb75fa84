// Core's conformance suite on the wasm backend over a private linear memory (sharedMemory: false),
// what runs where SharedArrayBuffer is missing: every operand is copied in and out around a kernel.
import { registerBackend } from '@digitnet/core';
import { runBackendSuite } from '@digitnet/core/testing';
import { test } from 'uvu';
import { createWasmBackend } from '../src/index.js';

registerBackend('wasm-private', () => createWasmBackend('wasm-private', { sharedMemory: false }));
runBackendSuite('wasm-private', { test });
test.run();
