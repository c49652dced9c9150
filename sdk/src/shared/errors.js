/**
 * One error type for both sides, and one catalogue of codes. Codes are stable API: merchants
 * branch on them, so a code is never renamed, only added.
 */

export const ERROR_TYPES = {
  // The merchant page used the SDK wrongly (bad key, missing container...).
  INTEGRATION: 'integration_error',
  // What the fields found wrong before anything was sent to the PSP.
  VALIDATION: 'validation_error',
  // The PSP refused the card.
  CARD: 'card_error',
  // The PSP or the network failed.
  API: 'api_error',
  // A step did not answer in time.
  TIMEOUT: 'timeout_error',
};

export const ERROR_CODES = {
  INVALID_PUBLISHABLE_KEY: 'invalid_publishable_key',
  SECRET_KEY_IN_BROWSER: 'secret_key_in_browser',
  INVALID_PSP_ORIGIN: 'invalid_psp_origin',
  INVALID_OPTION: 'invalid_option',
  CONTAINER_NOT_FOUND: 'container_not_found',
  FIELDS_ALREADY_MOUNTED: 'fields_already_mounted',
  FIELDS_NOT_MOUNTED: 'fields_not_mounted',
  FIELDS_NOT_READY: 'fields_not_ready',
  FIELDS_DESTROYED: 'fields_destroyed',
  TOKENIZE_IN_PROGRESS: 'tokenize_in_progress',

  FRAME_READY_TIMEOUT: 'frame_ready_timeout',
  TOKENIZE_TIMEOUT: 'tokenize_timeout',
  FIELDS_UNREACHABLE: 'fields_unreachable',
  REQUEST_TIMEOUT: 'request_timeout',

  INCOMPLETE_NUMBER: 'incomplete_number',
  INVALID_NUMBER: 'invalid_number',
  INCORRECT_NUMBER: 'incorrect_number',
  INCOMPLETE_EXPIRY: 'incomplete_expiry',
  INVALID_EXPIRY_MONTH: 'invalid_expiry_month',
  INVALID_EXPIRY_YEAR: 'invalid_expiry_year',
  INCOMPLETE_CVC: 'incomplete_cvc',
  INVALID_CVC: 'invalid_cvc',

  NETWORK_ERROR: 'network_error',
  PSP_ERROR: 'psp_error',
  FRAME_ERROR: 'frame_error',

  // handleNextAction(): a payment without a usable next_action, a challenge URL off the PSP
  // origin (refused: it could be a phishing page), and a challenge the shopper closed.
  INVALID_NEXT_ACTION: 'invalid_next_action',
  NEXT_ACTION_ORIGIN_MISMATCH: 'next_action_origin_mismatch',
  AUTHENTICATION_CANCELED: 'authentication_canceled',
};

const TYPE_SET = new Set(Object.values(ERROR_TYPES));
const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The one error type of fincore.js: `type` groups, `code` is stable, `message` is for people. */
export class FinCoreError extends Error {
  /**
   * @param {string} type one of ERROR_TYPES
   * @param {string} code one of ERROR_CODES (or a PSP card error code)
   * @param {string} message human-readable, may be shown to the shopper
   * @param {string} [field] the card field at fault, when there is one
   */
  constructor(type, code, message, field) {
    super(message);
    this.name = 'FinCoreError';
    this.type = type;
    this.code = code;
    if (field) this.field = field;
  }

  /** The plain form that crosses postMessage and JSON. */
  toJSON() {
    const plain = { type: this.type, code: this.code, message: this.message };
    if (this.field) plain.field = this.field;
    return plain;
  }
}

/**
 * Rebuild an error that arrived as a plain object, or null when it is not well-formed.
 * @param {unknown} value
 * @param {readonly string[]} fields field names accepted in `field`
 * @returns {FinCoreError | null}
 */
export function errorFromPlain(value, fields) {
  if (!value || typeof value !== 'object') return null;
  const { type, code, message, field } = /** @type {Record<string, unknown>} */ (value);
  if (!TYPE_SET.has(type) || typeof code !== 'string' || !CODE_PATTERN.test(code)) return null;
  if (typeof message !== 'string' || message.length > 500) return null;
  if (field !== undefined && !fields.includes(/** @type {string} */ (field))) return null;
  return new FinCoreError(
    /** @type {string} */ (type),
    code,
    message,
    /** @type {string | undefined} */ (field),
  );
}
