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
  assert.equal(detectBrand('9999'), null);
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

test('CVC length follows the brand', () => {
  assert.ok(checkCvc('123', 'visa', 'typing').complete);
  assert.ok(!checkCvc('123', 'amex', 'typing').complete);
  assert.equal(checkCvc('123', 'amex', 'submitted').error, 'incomplete_cvc');
  assert.equal(checkCvc('1234', 'visa', 'typing').error, 'invalid_cvc');
  assert.ok(checkCvc('1234', null, 'typing').complete);
});
