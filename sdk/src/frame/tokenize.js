/**
 * Tokenizing, inside the number frame: gather the sibling frames' values over the PSP-origin
 * channel, check all three fields, and only then POST the card to the PSP's /v1/tokens.
 * What goes back to the merchant page is the token id and display-safe card details, or an error.
 */

import { MESSAGES, TIMEOUTS } from '../shared/constants.js';
import { ERROR_CODES, ERROR_TYPES } from '../shared/errors.js';
import { randomId } from '../shared/random.js';
import { checkCvc, checkExpiry, checkNumber } from './validate.js';

const SIBLINGS = ['expiry', 'cvc'];
// Which field a PSP error `param` belongs to.
const PARAM_FIELDS = { number: 'number', exp_month: 'expiry', exp_year: 'expiry', cvc: 'cvc' };

/**
 * @param {{key: string, number: object, siblings: {post: Function}, messages: () => Record<string, string>}} deps
 *   `messages` gives the error messages of the current locale
 */
export function createTokenizer({ key, number, siblings, messages }) {
  const waiting = new Map();

  function error(type, code, messageKey, field) {
    const words = messages();
    const plain = { type, code, message: words[messageKey || code] || words.psp_error };
    if (field) plain.field = field;
    return { error: plain };
  }

  /** Ask the expiry and CVC frames for their digits; null if they do not all answer in time. */
  function collect() {
    const id = randomId();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, TIMEOUTS.collect);
      waiting.set(id, { values: {}, resolve, timer });
      siblings.post(MESSAGES.COLLECT, { id });
    });
  }

  function collected(payload) {
    const entry = waiting.get(payload.id);
    if (!entry || !SIBLINGS.includes(payload.field) || typeof payload.value !== 'string') return;
    entry.values[payload.field] = payload.value;
    if (SIBLINGS.every((field) => field in entry.values)) {
      waiting.delete(payload.id);
      clearTimeout(entry.timer);
      entry.resolve(entry.values);
    }
  }

  /** The first field error, in the order the shopper fills the fields, or null. */
  function firstError(values) {
    const state = number.submit();
    const brand = state.brand === 'unknown' ? null : state.brand;
    const checks = [
      ['number', state],
      ['expiry', checkExpiry(values.expiry, 'submitted')],
      ['cvc', checkCvc(values.cvc, brand, 'submitted')],
    ];
    const found = checks.find(([, each]) => each.error);
    return found && error(ERROR_TYPES.VALIDATION, found[1].error, found[1].message, found[0]);
  }

  async function tokenize({ cardholderName }) {
    const values = await collect();
    if (!values) return error(ERROR_TYPES.TIMEOUT, ERROR_CODES.FIELDS_UNREACHABLE);
    const invalid = firstError(values);
    if (invalid) return invalid;
    const body = {
      number: number.digits(),
      exp_month: Number(values.expiry.slice(0, 2)),
      exp_year: 2000 + Number(values.expiry.slice(2, 4)),
      cvc: values.cvc,
    };
    if (cardholderName) body.name = cardholderName;
    return post(body);
  }

  async function post(body) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUTS.request);
    try {
      const response = await fetch('/v1/tokens', {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: abort.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      const data = await response.json().catch(() => null);
      return response.status === 201 && data ? tokenResult(data) : pspError(data);
    } catch {
      const code = abort.signal.aborted ? ERROR_CODES.REQUEST_TIMEOUT : ERROR_CODES.NETWORK_ERROR;
      return error(abort.signal.aborted ? ERROR_TYPES.TIMEOUT : ERROR_TYPES.API, code);
    } finally {
      clearTimeout(timer);
    }
  }

  function pspError(data) {
    const given = data && data.error;
    if (!given || typeof given.code !== 'string') return error(ERROR_TYPES.API, ERROR_CODES.PSP_ERROR);
    const type = given.type === 'card_error' ? ERROR_TYPES.CARD : ERROR_TYPES.API;
    // The shopper's language when the fields know the code (the PSP answers in English).
    const words = messages();
    const message = Object.hasOwn(words, given.code) ? words[given.code] : String(given.message || '');
    const plain = { type, code: given.code, message };
    const field = PARAM_FIELDS[given.param];
    if (field) plain.field = field;
    return { error: plain };
  }

  return { tokenize, collected };
}

/** Only what the merchant page may see: the token id and display-safe card details. */
function tokenResult(data) {
  const { brand, last4, exp_month, exp_year } = data.card || {};
  return { token: { id: data.id, card: { brand, last4, exp_month, exp_year } } };
}
