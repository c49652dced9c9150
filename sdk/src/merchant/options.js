/**
 * Checking what the merchant page passes in. Mistakes throw a FinCoreError of type
 * `integration_error` at once, because they are bugs in the page, not shopper errors.
 */

import { DEFAULT_PSP_ORIGIN, FIELDS, LOCALES, TIMEOUTS } from '../shared/constants.js';
import { ERROR_CODES, ERROR_TYPES, FinCoreError } from '../shared/errors.js';

const KEY_PATTERN = /^pk_(test|live)_[A-Za-z0-9]{8,}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_TIMEOUT_MS = 120000;

export function integrationError(code, message) {
  return new FinCoreError(ERROR_TYPES.INTEGRATION, code, message);
}

/** A publishable key; a secret key in a browser is refused loudly, and never echoed. */
export function checkKey(key) {
  if (typeof key === 'string' && /^(sk|psp_sk)_/.test(key)) {
    throw integrationError(
      ERROR_CODES.SECRET_KEY_IN_BROWSER,
      'FinCore() was given a secret key. Secret keys stay on your server: use your publishable key (pk_...) and roll the secret key now.',
    );
  }
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw integrationError(
      ERROR_CODES.INVALID_PUBLISHABLE_KEY,
      'FinCore() needs your publishable key (pk_test_... or pk_live_...).',
    );
  }
  return key;
}

/**
 * An exact origin (scheme, host, port; no path): https, or plain http on loopback only.
 * Messages are accepted from this origin and no other.
 */
export function checkOrigin(value = DEFAULT_PSP_ORIGIN) {
  let url = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const secure = url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
  if (!secure || url.origin !== value) {
    throw integrationError(
      ERROR_CODES.INVALID_PSP_ORIGIN,
      'pspOrigin must be an exact origin such as "https://psp.example.com" (https, or http on loopback; no path, no trailing slash).',
    );
  }
  return value;
}

/**
 * A supported locale: the one asked for, or with "auto" (the default) the first of the
 * browser's preferred languages the fields speak; English otherwise.
 */
export function checkLocale(value = 'auto') {
  const wanted = value === 'auto' ? navigator.languages || [navigator.language] : [value];
  const spoken = wanted.map((tag) => String(tag || '').slice(0, 2).toLowerCase()).find((tag) => LOCALES.includes(tag));
  return spoken || LOCALES[0];
}

/** Default time limits, overridden per key by positive numbers of milliseconds. */
export function checkTimeouts(value = {}) {
  const timeouts = { ready: TIMEOUTS.ready, tokenize: TIMEOUTS.tokenize };
  for (const name of Object.keys(timeouts)) {
    const given = value[name];
    if (given === undefined) continue;
    if (typeof given !== 'number' || !(given > 0 && given <= MAX_TIMEOUT_MS)) {
      throw integrationError(
        ERROR_CODES.INVALID_OPTION,
        `timeouts.${name} must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}.`,
      );
    }
    timeouts[name] = given;
  }
  return timeouts;
}

/** The container element of each field, from selectors or elements. */
export function resolveContainers(containers) {
  const found = {};
  for (const field of FIELDS) {
    const target = containers ? containers[field] : undefined;
    const element = typeof target === 'string' ? document.querySelector(target) : target;
    if (!(element instanceof Element)) {
      throw integrationError(
        ERROR_CODES.CONTAINER_NOT_FOUND,
        `cardFields() could not find the container for "${field}": pass a CSS selector or an element.`,
      );
    }
    found[field] = element;
  }
  return found;
}

/** A short plain string (placeholder, label) or undefined; the frame shows it as text only. */
export function shortText(value, limit = 100) {
  return typeof value === 'string' ? value.slice(0, limit) : undefined;
}
