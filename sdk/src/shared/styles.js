/**
 * The CSS allow-list: the only styling that crosses from the merchant page into a field frame.
 *
 * A merchant style is `{variant: {property: value, pseudo: {property: value}}}`. Unknown
 * variants, pseudo-states and properties are dropped, and so is any value that could load a
 * resource or run code (`url(...)`, `expression(...)`, `image-set(...)`, `var(...)`, `@import`,
 * escapes, `!important`, ...): a value may only use plain tokens and colour functions. Both
 * sides apply it: the SDK so nothing odd is sent, the frame because it trusts no sender.
 */

/** Each variant styles the input in one state; `base` always applies. */
export const STYLE_VARIANTS = ['base', 'complete', 'empty', 'invalid'];

export const STYLE_PSEUDOS = [':hover', ':focus', '::placeholder', '::selection', ':disabled'];

export const STYLE_PROPERTIES = [
  'backgroundColor',
  'caretColor',
  'color',
  'fontFamily',
  'fontSize',
  'fontStyle',
  'fontVariant',
  'fontWeight',
  'letterSpacing',
  'lineHeight',
  'padding',
  'textAlign',
  'textDecoration',
  'textShadow',
  'textTransform',
];

const MAX_VALUE_LENGTH = 120;
// Letters, digits, spaces and the punctuation of lengths, colours and font lists. No ; { } < >
// \ : @ ! * so nothing can close the declaration, comment, escape or add a rule.
const SAFE_CHARACTERS = /^[\w\s#%.,'"+\-/()]*$/;
const FUNCTION_NAME = /([a-z-]*)\s*\(/gi;
const SAFE_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc']);

/**
 * The allowed part of a value, or null.
 * @param {unknown} value
 * @returns {string | null}
 */
export function safeValue(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text || text.length > MAX_VALUE_LENGTH || !SAFE_CHARACTERS.test(text)) return null;
  for (const [, name] of text.matchAll(FUNCTION_NAME)) {
    if (!SAFE_FUNCTIONS.has(name.toLowerCase())) return null;
  }
  return text;
}

function declarations(block) {
  const kept = {};
  for (const property of STYLE_PROPERTIES) {
    const value = safeValue(block[property]);
    if (value !== null) kept[property] = value;
  }
  return kept;
}

function isPlainObject(value) {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The allow-listed copy of a merchant style object (never the object itself).
 * @param {unknown} style
 * @returns {Record<string, Record<string, unknown>>}
 */
export function sanitizeStyle(style) {
  const clean = {};
  if (!isPlainObject(style)) return clean;
  for (const variant of STYLE_VARIANTS) {
    const block = style[variant];
    if (!isPlainObject(block)) continue;
    const kept = declarations(block);
    for (const pseudo of STYLE_PSEUDOS) {
      if (isPlainObject(block[pseudo])) {
        const nested = declarations(block[pseudo]);
        if (Object.keys(nested).length) kept[pseudo] = nested;
      }
    }
    if (Object.keys(kept).length) clean[variant] = kept;
  }
  return clean;
}

/** `fontSize` -> `font-size`. */
export function cssName(property) {
  return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
