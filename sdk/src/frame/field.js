/**
 * One card input: keeps the digits, formats what the shopper sees, keeps the caret where the
 * shopper expects it, and recomputes the field's state on every change.
 */

import { detectBrand, formatNumber, maxLength } from './cards.js';
import { checkCvc, checkExpiry, checkNumber, expiryDigits, formatExpiry } from './validate.js';

const onlyDigits = (raw) => raw.replace(/\D/g, '');

const KINDS = {
  number: {
    parse: (raw) => {
      const digits = onlyDigits(raw);
      return digits.slice(0, maxLength(detectBrand(digits)));
    },
    format: (digits) => formatNumber(digits, detectBrand(digits)),
    check: (digits, reveal) => checkNumber(digits, reveal),
  },
  expiry: {
    parse: expiryDigits,
    format: formatExpiry,
    check: (digits, reveal) => checkExpiry(digits, reveal),
  },
  cvc: {
    parse: (raw) => onlyDigits(raw).slice(0, 4),
    format: (digits) => digits,
    check: (digits, reveal, brand) => checkCvc(digits, brand, reveal),
  },
};

/**
 * @param {HTMLInputElement} input
 * @param {'number'|'expiry'|'cvc'} kind
 * @param {(state: {empty: boolean, complete: boolean, error: string|null, message: string|null, brand: string}) => void} onState
 *   called whenever the state differs from the last one reported
 */
export function createField(input, kind, onState) {
  const spec = KINDS[kind];
  let digits = '';
  let shown = '';
  let reveal = 'typing';
  // The number's brand: detected here for the number field, told by the number frame for CVC.
  let brandName = null;
  let lastReported = '';

  function update() {
    const brand = kind === 'number' ? detectBrand(digits)?.name || null : brandName;
    const state = { ...spec.check(digits, reveal, brand), brand: brand || 'unknown' };
    input.classList.toggle('is-empty', state.empty);
    input.classList.toggle('is-complete', state.complete);
    input.classList.toggle('is-invalid', !!state.error);
    input.setAttribute('aria-invalid', String(!!state.error));
    const key = JSON.stringify(state);
    if (key !== lastReported) {
      lastReported = key;
      onState(state);
    }
    return state;
  }

  input.addEventListener('input', () => {
    const raw = input.value;
    const caretAt = input.selectionStart ?? raw.length;
    // Typing at the end stays at the end, even when formatting adds digits (a padded month).
    const atEnd = caretAt >= raw.length;
    let before = onlyDigits(raw.slice(0, caretAt)).length;
    let next = spec.parse(raw);
    if (next === digits && raw.length < shown.length && before > 0) {
      // Only a separator was deleted: delete the digit before it, as the shopper meant.
      next = spec.parse(next.slice(0, before - 1) + next.slice(before));
      before -= 1;
    }
    digits = next;
    shown = spec.format(digits);
    input.value = shown;
    if (document.activeElement === input) {
      const caret = atEnd ? shown.length : caretAfterDigits(shown, before);
      input.setSelectionRange(caret, caret);
    }
    if (reveal === 'blurred' && !digits) reveal = 'typing';
    update();
  });
  input.addEventListener('blur', () => {
    if (digits && reveal === 'typing') reveal = 'blurred';
    update();
  });

  return {
    /** The raw digits (number, MMYY, or CVC): they never leave the PSP origin. */
    digits: () => digits,
    /** Show every error now: a payment was attempted. */
    submit() {
      reveal = 'submitted';
      return update();
    },
    /** Empty the field, as if nothing had been typed yet. */
    clear() {
      digits = '';
      shown = '';
      input.value = '';
      reveal = 'typing';
      update();
    },
    /** The number frame's brand changed (CVC length depends on it). */
    setBrand(name) {
      brandName = name;
      update();
    },
    update,
  };
}

function caretAfterDigits(text, count) {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (/\d/.test(text[i]) && ++seen === count) return i + 1;
  }
  return text.length;
}
