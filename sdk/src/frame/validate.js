/**
 * What each field's value means, recomputed on every keystroke.
 *
 * `reveal` says how far the shopper got: while "typing" only errors that more typing cannot fix
 * are shown; once the field was left ("blurred") or a payment was attempted ("submitted"),
 * an incomplete value is an error too (an empty one only on submit). The error codes are the
 * PSP's where both check the same thing, so a shopper sees the same reason either way.
 */

import { ERROR_CODES as E } from '../shared/errors.js';
import { BRANDS, detectBrand, luhnValid, maxLength } from './cards.js';

// Cards are not issued with expiry dates further out than this (as the PSP checks).
const MAX_YEARS_AHEAD = 20;

function state(empty, complete, error = null, message = error) {
  return { empty, complete, error, message };
}

/** @param {string} digits @param {'typing'|'blurred'|'submitted'} reveal */
export function checkNumber(digits, reveal) {
  if (!digits) return state(true, false, reveal === 'submitted' ? E.INCOMPLETE_NUMBER : null);
  const brand = detectBrand(digits);
  if (!brand) {
    const known = digits.length < 6 && reveal === 'typing';
    return state(false, false, known ? null : E.INVALID_NUMBER);
  }
  const lengthOk = brand.lengths.includes(digits.length);
  if (lengthOk && luhnValid(digits)) return state(false, true);
  if (digits.length >= maxLength(brand) || (lengthOk && reveal !== 'typing')) {
    return state(false, false, E.INCORRECT_NUMBER);
  }
  return state(false, false, reveal === 'typing' ? null : E.INCOMPLETE_NUMBER);
}

/**
 * @param {string} digits MMYY
 * @param {'typing'|'blurred'|'submitted'} reveal
 * @param {Date} today
 */
export function checkExpiry(digits, reveal, today = new Date()) {
  if (!digits) return state(true, false, reveal === 'submitted' ? E.INCOMPLETE_EXPIRY : null);
  const month = Number(digits.slice(0, 2));
  if (digits.length >= 2 && (month < 1 || month > 12)) return state(false, false, E.INVALID_EXPIRY_MONTH);
  // "20" may be the start of a four-digit year still being typed ("2030"), and "203" is.
  const yearSoFar = digits.slice(2);
  const partial = digits.length !== 4 || (yearSoFar === '20' && reveal === 'typing');
  if (partial) return state(false, false, reveal === 'typing' ? null : E.INCOMPLETE_EXPIRY);
  const year = 2000 + Number(yearSoFar);
  const thisYear = today.getFullYear();
  if (year < thisYear) return state(false, false, E.INVALID_EXPIRY_YEAR, 'expiry_past');
  if (year > thisYear + MAX_YEARS_AHEAD) return state(false, false, E.INVALID_EXPIRY_YEAR);
  if (year === thisYear && month < today.getMonth() + 1) {
    return state(false, false, E.INVALID_EXPIRY_MONTH, 'expiry_past');
  }
  return state(false, true);
}

/**
 * @param {string} digits
 * @param {string | null} brandName the number field's brand, when known
 * @param {'typing'|'blurred'|'submitted'} reveal
 */
export function checkCvc(digits, brandName, reveal) {
  if (!digits) return state(true, false, reveal === 'submitted' ? E.INCOMPLETE_CVC : null);
  const wanted = cvcLengths(brandName);
  if (wanted.includes(digits.length)) return state(false, true);
  if (digits.length > Math.max(...wanted)) return state(false, false, E.INVALID_CVC);
  return state(false, false, reveal === 'typing' ? null : E.INCOMPLETE_CVC);
}

/** Accepted security-code lengths: the brand's, or 3-4 while the brand is unknown. */
export function cvcLengths(brandName) {
  const brand = BRANDS.find((each) => each.name === brandName);
  return brand ? [brand.cvcLength] : [3, 4];
}

// A month, then a separator the shopper typed (slash, dash, dot or space), then the year.
const MONTH_THEN_SEPARATOR = /^\D*(\d{1,2})\s*[/\-.\s]\s*(\d*)/;

/**
 * The expiry's digits, MM then YY, from what was typed, pasted or autofilled: M/YY, MM/YY,
 * MM/YYYY, MMYY, MMYYYY, with or without spaces. A month digit that cannot start a two-digit
 * month is padded (`4` is April; `13` is January 20..): so is a lone digit before a separator.
 * While a four-digit year is being typed (`12 / 203`) its digits are kept; once complete it
 * becomes YY.
 */
export function expiryDigits(raw) {
  const separated = raw.match(MONTH_THEN_SEPARATOR);
  let month;
  let year;
  if (separated) {
    [, month, year] = separated;
    if (month.length === 1) month = `0${month}`;
  } else {
    const digits = raw.replace(/\D/g, '');
    const padded = /^[2-9]/.test(digits) || /^1[3-9]/.test(digits);
    month = padded ? `0${digits[0]}` : digits.slice(0, 2);
    year = digits.slice(padded ? 1 : 2);
  }
  if (year.startsWith('20') && year.length > 2) year = year.length >= 4 ? year.slice(2, 4) : year;
  else year = year.slice(0, 2);
  return month + year;
}

/** `MM / YY` (or what there is of it so far). */
export function formatExpiry(digits) {
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}
