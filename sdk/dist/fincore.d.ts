/**
 * TypeScript declarations of fincore.js 1.x, for both forms of the SDK:
 *   - the script (`<script src=".../fincore-1.0.0.js" integrity="...">`), which defines `window.FinCore`;
 *   - the ES module (`import { FinCore, FinCoreError } from '@fincore/js'`).
 * Checked by `tsc --noEmit` over sdk/examples in the test suite.
 */

/** The card fields, in the order a shopper fills them. */
export type FieldName = 'number' | 'expiry' | 'cvc';

/** Languages of the fields' labels, placeholders, messages and frame titles. */
export type Locale = 'auto' | 'en' | 'fr' | 'de' | 'es' | 'ja';

/** Brands the fields recognise from the first digits; `unknown` until one matches. */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay' | 'unknown';

export type ErrorType = 'integration_error' | 'validation_error' | 'card_error' | 'api_error' | 'timeout_error';

/** The one error type of fincore.js: branch on `code`, show `message` to the shopper. */
export declare class FinCoreError extends Error {
  constructor(type: ErrorType, code: string, message: string, field?: FieldName);
  readonly name: 'FinCoreError';
  readonly type: ErrorType;
  /** Stable: codes are added, never renamed (e.g. `invalid_number`, `card_declined`, `tokenize_timeout`). */
  readonly code: string;
  /** The card field at fault, when there is one. */
  readonly field?: FieldName;
  toJSON(): { type: ErrorType; code: string; message: string; field?: FieldName };
}

export interface FinCoreOptions {
  /** Exact origin of the PSP hosting the fields: https, or http on loopback; no path. */
  pspOrigin?: string;
  /** Default `auto`: the first of the browser's languages the fields speak, else English. */
  locale?: Locale;
  /** Limits in milliseconds (1 to 120000). */
  timeouts?: { ready?: number; tokenize?: number };
}

/** The CSS properties a merchant may set inside the fields; anything else is dropped. */
export interface StyleProperties {
  backgroundColor?: string;
  caretColor?: string;
  color?: string;
  fontFamily?: string;
  fontSize?: string | number;
  fontStyle?: string;
  fontVariant?: string;
  fontWeight?: string | number;
  letterSpacing?: string | number;
  lineHeight?: string | number;
  padding?: string | number;
  textAlign?: string;
  textDecoration?: string;
  textShadow?: string;
  textTransform?: string;
}

export interface StyleBlock extends StyleProperties {
  ':hover'?: StyleProperties;
  ':focus'?: StyleProperties;
  '::placeholder'?: StyleProperties;
  '::selection'?: StyleProperties;
  ':disabled'?: StyleProperties;
}

/** `base` always applies; the others in the field's state of that name. */
export interface Style {
  base?: StyleBlock;
  complete?: StyleBlock;
  empty?: StyleBlock;
  invalid?: StyleBlock;
}

export type PerField<T> = Partial<Record<FieldName, T>>;

export interface CardFieldsOptions {
  style?: Style;
  /** Class names toggled on the merchant's containers. */
  classes?: Partial<Record<'base' | 'focus' | 'invalid' | 'complete' | 'empty', string>>;
  placeholders?: PerField<string>;
  /** Accessible label per field (also the iframe's title). */
  ariaLabels?: PerField<string>;
  /** Start with the fields disabled. */
  disabled?: boolean;
  /** Web fonts are not supported: anything but an empty list throws `invalid_option`. */
  fonts?: readonly [];
}

export interface CardFieldsUpdate {
  /** Replaces the current style (through the same allow-list). */
  style?: Style;
  placeholders?: PerField<string>;
  disabled?: boolean;
}

export interface ChangeEvent {
  field: FieldName;
  empty: boolean;
  complete: boolean;
  valid: boolean;
  /** The number field's brand (also on the expiry and CVC fields' events). */
  brand: CardBrand;
  error: FinCoreError | null;
}

export interface FieldEvent {
  field: FieldName;
}

export interface CardFieldsEvents {
  ready: { fields: FieldName[] };
  change: ChangeEvent;
  focus: FieldEvent;
  blur: FieldEvent;
  /** The shopper pressed Enter in a field: submit your form. */
  submit: FieldEvent;
  error: FinCoreError;
}

/** The three card fields mounted on the page. */
export interface CardFields {
  readonly destroyed: boolean;
  on<E extends keyof CardFieldsEvents>(event: E, handler: (payload: CardFieldsEvents[E]) => void): this;
  off<E extends keyof CardFieldsEvents>(event: E, handler: (payload: CardFieldsEvents[E]) => void): this;
  /** Move the keyboard focus into a field. */
  focus(field: FieldName): this;
  /** Empty one field, or all of them. */
  clear(field?: FieldName): this;
  update(options: CardFieldsUpdate): this;
  /** Remove the iframes, listeners and handlers; a pending tokenize() resolves `fields_destroyed`. */
  destroy(): void;
}

/** A one-time token and the card details safe to show. */
export interface Token {
  id: string;
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
}

/** tokenize() never rejects: exactly one of `token` and `error` is set. */
export type TokenizeResult = { token: Token; error?: undefined } | { token?: undefined; error: FinCoreError };

/** A payment as the Payment Service returned it; only these fields are read. */
export interface PaymentWithNextAction {
  id: string;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed';
  next_action?: { type: 'three_d_secure'; url: string } | null;
}

/** handleNextAction() never rejects: exactly one of `status` and `error` is set. */
export type NextActionResult =
  | { status: 'succeeded' | 'failed' | 'pending'; payment?: string; error?: undefined }
  | { status?: undefined; payment?: undefined; error: FinCoreError };

export interface FinCoreClient {
  readonly version: string;
  cardFields(containers: Record<FieldName, string | Element>, options?: CardFieldsOptions): CardFields;
  tokenize(details?: { cardholderName?: string }): Promise<TokenizeResult>;
  /**
   * 3-D Secure: show the PSP's challenge for a `requires_action` payment in a modal frame and
   * resolve with the shopper's outcome (confirm it on your server). A `next_action.url` off the
   * PSP origin is refused with `next_action_origin_mismatch`.
   */
  handleNextAction(payment: PaymentWithNextAction): Promise<NextActionResult>;
}

/** Create a client for one merchant; throws FinCoreError (`integration_error`) on a bad key or option. */
export declare function FinCore(publishableKey: string, options?: FinCoreOptions): FinCoreClient;

/** The script form's global: `FinCore(...)`, with the error class beside it. */
export interface FinCoreGlobal {
  (publishableKey: string, options?: FinCoreOptions): FinCoreClient;
  FinCoreError: typeof FinCoreError;
}

declare global {
  interface Window {
    FinCore: FinCoreGlobal;
  }
}
