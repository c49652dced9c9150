/**
 * Card brands as the fields see them while the shopper types. Mirrors the PSP's
 * `fincore.cards.brands` table (a test keeps the two identical).
 */

export const BRANDS = [
  { name: 'visa', lengths: [13, 16, 19], cvcLength: 3, prefixes: [[4, 4]], groups: [4, 4, 4, 4, 3] },
  { name: 'mastercard', lengths: [16], cvcLength: 3, prefixes: [[51, 55], [2221, 2720]], groups: [4, 4, 4, 4, 3] },
  { name: 'amex', lengths: [15], cvcLength: 4, prefixes: [[34, 34], [37, 37]], groups: [4, 6, 5] },
  {
    name: 'discover',
    lengths: [16, 19],
    cvcLength: 3,
    prefixes: [[6011, 6011], [644, 649], [65, 65], [622126, 622925]],
    groups: [4, 4, 4, 4, 3],
  },
  { name: 'jcb', lengths: [16, 17, 18, 19], cvcLength: 3, prefixes: [[3528, 3589]], groups: [4, 4, 4, 4, 3] },
  {
    name: 'diners',
    lengths: [14, 16, 17, 18, 19],
    cvcLength: 3,
    prefixes: [[300, 305], [309, 309], [36, 36], [38, 39]],
    groups: [4, 6, 4],
  },
  // After Discover: its co-branded 622126-622925 lies inside UnionPay's 62.
  { name: 'unionpay', lengths: [16, 17, 18, 19], cvcLength: 3, prefixes: [[62, 62]], groups: [4, 4, 4, 4, 3] },
];

const UNKNOWN_GROUPS = [4, 4, 4, 4, 3];
export const MAX_NUMBER_LENGTH = 19;

/** The brand whose IIN ranges cover the leading digits, or null. */
export function detectBrand(digits) {
  return (
    BRANDS.find((brand) =>
      brand.prefixes.some(([low, high]) => {
        const width = String(low).length;
        const head = Number(digits.slice(0, width));
        return digits.length >= width && head >= low && head <= high;
      }),
    ) || null
  );
}

/** The Luhn (mod 10) check. */
export function luhnValid(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let value = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
    sum += value;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** The longest number a brand allows. */
export function maxLength(brand) {
  return brand ? Math.max(...brand.lengths) : MAX_NUMBER_LENGTH;
}

/**
 * Digits grouped the way the brand prints them: 4-6-5 Amex, 4-6-4 Diners, 4-4-4-4 otherwise
 * (and for a number longer than its brand's groups, such as a 16-digit Diners card).
 */
export function formatNumber(digits, brand) {
  const parts = [];
  let start = 0;
  const fits = brand && digits.length <= brand.groups.reduce((sum, size) => sum + size, 0);
  for (const size of fits ? brand.groups : UNKNOWN_GROUPS) {
    if (start >= digits.length) break;
    parts.push(digits.slice(start, start + size));
    start += size;
  }
  return parts.join(' ');
}
