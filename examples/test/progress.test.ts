// The progress bar's ETA format (the training script's bar uses it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatEta } from '../lib/progress.js';

test('formatEta never prints 60 seconds or 60 minutes', () => {
  assert.is(formatEta(179.6), '3m00s');
  assert.is(formatEta(125), '2m05s');
  assert.is(formatEta(59.4), '59s');
  assert.is(formatEta(59.6), '1m00s');
  assert.is(formatEta(7199), '2h00m');
  assert.is(formatEta(3725), '1h02m');
  assert.is(formatEta(0), '0s');
  assert.is(formatEta(Number.POSITIVE_INFINITY), '…');
});

test.run();
