// The CSS allow-list: only listed properties and pseudo-states, only inert values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cssName, safeValue, sanitizeStyle } from '../src/shared/styles.js';

test('allowed properties, pseudo-states and variants pass unchanged', () => {
  const style = {
    base: { color: '#111', fontSize: '16px', ':focus': { color: 'rgb(0, 0, 0)' }, '::placeholder': { color: '#999' } },
    invalid: { color: 'hsl(0, 80%, 40%)' },
  };
  assert.deepEqual(sanitizeStyle(style), style);
});

test('values that could load or run something are dropped', () => {
  for (const value of [
    'url(https://evil.example/leak)',
    'expression(alert(1))',
    'image-set("x.png" 1x)',
    'var(--secret)',
    'red; background: url(x)',
    'red !important',
    '\\75 rl(x)',
    'red}input{color:blue',
    'attr(value)',
    '@import "x"',
    '/* c */ red',
    'x'.repeat(121),
  ]) {
    assert.equal(safeValue(value), null, value);
  }
});

test('unknown properties, pseudo-states and variants are dropped', () => {
  const style = {
    base: { color: 'red', backgroundImage: 'none', position: 'fixed', ':visited': { color: 'red' }, '::before': { color: 'red' } },
    focus: { color: 'red' },
    __proto__: { color: 'red' },
  };
  assert.deepEqual(sanitizeStyle(style), { base: { color: 'red' } });
});

test('non-objects give an empty style', () => {
  for (const style of [undefined, null, 'color: red', 42, ['base']]) assert.deepEqual(sanitizeStyle(style), {});
});

test('numbers are allowed as values', () => {
  assert.deepEqual(sanitizeStyle({ base: { fontWeight: 600 } }), { base: { fontWeight: '600' } });
});

test('camelCase names become CSS names', () => {
  assert.equal(cssName('backgroundColor'), 'background-color');
});
