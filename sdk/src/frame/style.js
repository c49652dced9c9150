/**
 * Applying a merchant style inside the frame. The frame filters again (it trusts no sender) and
 * writes each declaration through the CSSOM with setProperty, so a value can never be parsed as
 * more CSS than one property's value.
 */

import { STYLE_PSEUDOS, cssName, sanitizeStyle } from '../shared/styles.js';

const VARIANT_SELECTORS = {
  base: 'input',
  complete: 'input.is-complete',
  empty: 'input.is-empty',
  invalid: 'input.is-invalid',
};

/** A constructed stylesheet (allowed by the page's CSP, unlike an inline <style>). */
const sheet = new CSSStyleSheet();
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

/** Replace the merchant's rules with those of `style`. */
export function applyStyle(style) {
  while (sheet.cssRules.length) sheet.deleteRule(0);
  const clean = sanitizeStyle(style);
  for (const [variant, block] of Object.entries(clean)) {
    const selector = VARIANT_SELECTORS[variant];
    addRule(selector, block);
    for (const pseudo of STYLE_PSEUDOS) {
      if (block[pseudo]) addRule(selector + pseudo, block[pseudo]);
    }
  }
}

function addRule(selector, block) {
  const rule = sheet.cssRules[sheet.insertRule(`${selector}{}`, sheet.cssRules.length)];
  for (const [property, value] of Object.entries(block)) {
    if (typeof value === 'string') rule.style.setProperty(cssName(property), value);
  }
}
