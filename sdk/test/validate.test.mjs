// What the fields say while the shopper types, on blur and on submit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectBrand, formatNumber, luhnValid } from '../src/frame/cards.js';
import { checkCvc, checkExpiry, checkNumber, expiryDigits, formatExpiry } from '../src/frame/validate.js';

const TODAY = new Date(2030, 5, 15); // June 2030

test('brands by IIN range', () => {
  assert.equal(detectBrand('4242424242424242').name, 'visa');
  assert.equal(detectBrand('2223003122003222').name, 'mastercard');
  assert.equal(detectBrand('378282246310005').name, 'amex');
  assert.equal(detectBrand('6011111111111117').name, 'discover');
  assert.equal(detectBrand('3566002020360505').name, 'jcb');
  assert.equal(detectBrand('36227206271667').name, 'diners');
  assert.equal(detectBrand('3056930009020004').name, 'diners');
  assert.equal(detectBrand('6200000000000005').name, 'unionpay');
  assert.equal(detectBrand('6221260000000000').name, 'discover');
  assert.equal(detectBrand('9999'), null);
});

test('new brands are complete at their lengths and grouped as printed', () => {
  assert.ok(checkNumber('3566002020360505', 'typing').complete);
  assert.ok(checkNumber('36227206271667', 'typing').complete);
  assert.ok(checkNumber('6205500000000000004', 'typing').complete);
  assert.equal(formatNumber('36227206271667', detectBrand('36')), '3622 720627 1667');
  assert.equal(formatNumber('3056930009020004', detectBrand('30')), '3056 9300 0902 0004');
});

test('Luhn', () => {
  assert.ok(luhnValid('4242424242424242'));
  assert.ok(!luhnValid('4242424242424241'));
});

test('numbers are grouped by brand', () => {
  assert.equal(formatNumber('4242424242424242', detectBrand('4')), '4242 4242 4242 4242');
  assert.equal(formatNumber('378282246310005', detectBrand('37')), '3782 822463 10005');
});

test('a valid number is complete', () => {
  assert.deepEqual(checkNumber('4242424242424242', 'typing'), { empty: false, complete: true, error: null, message: null });
});

test('a Luhn failure shows on blur, not while a longer number is still possible', () => {
  assert.equal(checkNumber('4242424242424241', 'typing').error, null);
  assert.equal(checkNumber('4242424242424241', 'blurred').error, 'incorrect_number');
  assert.equal(checkNumber('5555555555554445', 'typing').error, 'incorrect_number');
});

test('an unsupported brand shows once six digits are typed', () => {
  assert.equal(checkNumber('99999', 'typing').error, null);
  assert.equal(checkNumber('999999', 'typing').error, 'invalid_number');
});

test('an incomplete number is an error only after blur; an empty one only on submit', () => {
  assert.equal(checkNumber('4242', 'typing').error, null);
  assert.equal(checkNumber('4242', 'blurred').error, 'incomplete_number');
  assert.equal(checkNumber('', 'blurred').error, null);
  assert.equal(checkNumber('', 'submitted').error, 'incomplete_number');
});

test('expiry: month, past dates and far futures', () => {
  assert.equal(checkExpiry('13', 'typing', TODAY).error, 'invalid_expiry_month');
  assert.equal(checkExpiry('0529', 'typing', TODAY).error, 'invalid_expiry_year');
  assert.equal(checkExpiry('0530', 'typing', TODAY).error, 'invalid_expiry_month');
  assert.equal(checkExpiry('0530', 'typing', TODAY).message, 'expiry_past');
  assert.ok(checkExpiry('0630', 'typing', TODAY).complete);
  assert.equal(checkExpiry('0199', 'typing', TODAY).error, 'invalid_expiry_year');
  assert.equal(checkExpiry('12', 'blurred', TODAY).error, 'incomplete_expiry');
});

test('expiry input: a leading month digit and four-digit years', () => {
  assert.equal(expiryDigits('4'), '04');
  assert.equal(expiryDigits('12/2034'), '1234');
  assert.equal(formatExpiry('1234'), '12 / 34');
});

/** What the field shows after each key when `keys` are typed one by one at the end. */
function typed(keys) {
  let shown = '';
  for (const key of keys) shown = formatExpiry(expiryDigits(shown + key));
  return shown;
}

// [keys typed one by one, what the field shows]: the formats shoppers and autofill use.
const KEYSTROKES = [
  ['12/2030', '12 / 30'],
  ['12/30', '12 / 30'],
  ['1230', '12 / 30'],
  ['122030', '12 / 30'],
  ['1/30', '01 / 30'],
  ['1/2030', '01 / 30'],
  ['1 / 30', '01 / 30'],
  ['01 / 2030', '01 / 30'],
  ['130', '01 / 30'],
  ['4/30', '04 / 30'],
  ['430', '04 / 30'],
  ['0430', '04 / 30'],
  ['12 30', '12 / 30'],
  ['12-30', '12 / 30'],
  ['12.2030', '12 / 30'],
  ['1220', '12 / 20'],
  ['12203', '12 / 203'],
];

test('expiry typed key by key in every accepted format shows MM / YY', () => {
  for (const [keys, shown] of KEYSTROKES) assert.equal(typed(keys), shown, `typing ${keys}`);
});

test('expiry pasted or autofilled in one go shows MM / YY', () => {
  for (const [keys, shown] of KEYSTROKES) assert.equal(formatExpiry(expiryDigits(keys)), shown, `pasting ${keys}`);
});

test('a year of 20 may still become 20YY: no error while typing, in the past once left', () => {
  assert.equal(checkExpiry('1220', 'typing', TODAY).error, null);
  assert.equal(checkExpiry('1220', 'typing', TODAY).complete, false);
  assert.equal(checkExpiry('12203', 'typing', TODAY).error, null);
  assert.equal(checkExpiry('12203', 'blurred', TODAY).error, 'incomplete_expiry');
  assert.equal(checkExpiry('1220', 'blurred', TODAY).message, 'expiry_past');
  assert.ok(checkExpiry(expiryDigits('12/2030'), 'typing', TODAY).complete);
});

test('CVC length follows the brand', () => {
  assert.ok(checkCvc('123', 'visa', 'typing').complete);
  assert.ok(!checkCvc('123', 'amex', 'typing').complete);
  assert.equal(checkCvc('123', 'amex', 'submitted').error, 'incomplete_cvc');
  assert.equal(checkCvc('1234', 'visa', 'typing').error, 'invalid_cvc');
  assert.ok(checkCvc('1234', null, 'typing').complete);
});
