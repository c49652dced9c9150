// The envelope is read strictly: anything unexpected is dropped (null), never half-read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MESSAGES, PROTOCOL } from '../src/shared/constants.js';
import { FinCoreError, errorFromPlain } from '../src/shared/errors.js';
import { envelope, readEnvelope } from '../src/shared/messages.js';
import { randomId } from '../src/shared/random.js';

const CHANNEL = 'a'.repeat(32);

test('a well-formed envelope for our channel is read', () => {
  const message = envelope(CHANNEL, MESSAGES.FOCUS, { field: 'number' });
  assert.deepEqual(readEnvelope(message, CHANNEL), { type: MESSAGES.FOCUS, payload: { field: 'number' } });
});

test('other channels, protocols, types and shapes are dropped', () => {
  const good = envelope(CHANNEL, MESSAGES.FOCUS, { field: 'number' });
  for (const data of [
    { ...good, channel: 'b'.repeat(32) },
    { ...good, protocol: 'fincore/0' },
    { ...good, type: 'fincore:unknown' },
    { ...good, payload: null },
    { ...good, payload: ['number'] },
    'fincore:focus',
    null,
    42,
  ]) {
    assert.equal(readEnvelope(data, CHANNEL), null, JSON.stringify(data));
  }
  assert.equal(good.protocol, PROTOCOL);
});

test('random ids are 128-bit hex and differ', () => {
  const a = randomId();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, randomId());
});

test('errors survive the trip as plain objects, and bad ones are refused', () => {
  const error = new FinCoreError('validation_error', 'incorrect_number', 'Your card number is invalid.', 'number');
  const back = errorFromPlain(JSON.parse(JSON.stringify(error)), ['number']);
  assert.ok(back instanceof FinCoreError);
  assert.deepEqual(back.toJSON(), error.toJSON());
  assert.equal(errorFromPlain({ type: 'made_up', code: 'x', message: '' }, []), null);
  assert.equal(errorFromPlain({ type: 'api_error', code: 'BAD CODE', message: '' }, []), null);
  assert.equal(errorFromPlain({ type: 'api_error', code: 'x', message: 'm', field: 'pin' }, ['number']), null);
});
