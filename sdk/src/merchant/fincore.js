/** `FinCore(publishableKey, options)`: the SDK's one entry point on the merchant page. */

import { SDK_VERSION } from '../shared/constants.js';
import { ERROR_CODES, ERROR_TYPES, FinCoreError } from '../shared/errors.js';
import { CardFields } from './card-fields.js';
import { handleNextAction } from './next-action.js';
import { checkKey, checkLocale, checkOrigin, checkTimeouts, integrationError } from './options.js';

/**
 * @typedef {object} FinCoreOptions
 * @property {string} [pspOrigin] exact origin of the PSP that hosts the card fields
 * @property {string} [locale] "auto" (default: the browser's languages), "en", "fr", "de", "es"
 *   or "ja": the fields' labels, placeholders, messages and frame titles
 * @property {{ready?: number, tokenize?: number}} [timeouts] limits in milliseconds
 */

/**
 * @typedef {object} CardFieldsOptions
 * @property {object} [style] per-variant styles (`base`, `complete`, `empty`, `invalid`), each
 *   with allow-listed properties and pseudo-states; everything else is dropped
 * @property {object} [classes] class names toggled on the containers (`base`, `focus`,
 *   `invalid`, `complete`, `empty`)
 * @property {object} [placeholders] placeholder text per field
 * @property {object} [ariaLabels] accessible label per field (also the iframe's title)
 * @property {boolean} [disabled] start with the fields disabled (see `update()`)
 * @property {[]} [fonts] web fonts are not supported: anything but an empty list throws
 *   `invalid_option` (the fields load nothing from other hosts)
 */

/**
 * Create a FinCore client for one merchant. Throws a FinCoreError (`integration_error`) when
 * the key or an option is wrong; a secret key is refused with `secret_key_in_browser`.
 * @param {string} publishableKey the merchant's publishable key (pk_test_... or pk_live_...)
 * @param {FinCoreOptions} [options]
 */
export function FinCore(publishableKey, options = {}) {
  const config = {
    key: checkKey(publishableKey),
    pspOrigin: checkOrigin(options.pspOrigin),
    locale: checkLocale(options.locale),
    timeouts: checkTimeouts(options.timeouts),
  };
  /** @type {CardFields | null} */
  let fields = null;

  return {
    /** The SDK version, as in the file name. */
    version: SDK_VERSION,

    /**
     * Mount the card fields: one PSP iframe per field, inside the given containers.
     * @param {{number: string|Element, expiry: string|Element, cvc: string|Element}} containers
     * @param {CardFieldsOptions} [fieldOptions]
     * @returns {CardFields}
     */
    cardFields(containers, fieldOptions = {}) {
      if (fields && !fields.destroyed) {
        throw integrationError(ERROR_CODES.FIELDS_ALREADY_MOUNTED, 'Card fields are already mounted: call destroy() first.');
      }
      fields = new CardFields(config, containers, fieldOptions);
      return fields;
    },

    /**
     * Turn what the shopper typed into a one-time token. The card number goes from the PSP's
     * iframe straight to the PSP; this page only ever sees the token.
     * Never rejects: resolves `{token: {id, card: {brand, last4, exp_month, exp_year}}}` or
     * `{error: FinCoreError}` (`validation_error` before any request, `card_error` from the PSP,
     * `api_error`, `timeout_error`, `integration_error`).
     * @param {{cardholderName?: string}} [details]
     * @returns {Promise<{token: object} | {error: FinCoreError}>}
     */
    tokenize(details = {}) {
      if (!fields || fields.destroyed) {
        return Promise.resolve({
          error: new FinCoreError(ERROR_TYPES.INTEGRATION, ERROR_CODES.FIELDS_NOT_MOUNTED, 'Mount the card fields with cardFields() first.'),
        });
      }
      return fields.tokenize(details);
    },

    /**
     * Complete a payment that answered `status: "requires_action"` (3-D Secure): show the PSP's
     * challenge from `payment.next_action.url` in a modal frame, and resolve when the shopper
     * has answered it. Refuses a URL not on `pspOrigin`. Never rejects: resolves
     * `{status: "succeeded"|"failed", payment}` (a payment not in requires_action resolves with
     * its status at once) or `{error: FinCoreError}` (`invalid_next_action`,
     * `next_action_origin_mismatch`, `authentication_canceled`). Confirm the outcome on your
     * server (GET /v1/payments/{id} or the payment.succeeded / payment.failed webhook).
     * @param {{id: string, status: string, next_action?: {type: 'three_d_secure', url: string} | null}} payment
     * @returns {Promise<{status: string, payment?: string} | {error: FinCoreError}>}
     */
    handleNextAction(payment) {
      return handleNextAction(config, payment);
    },
  };
}
