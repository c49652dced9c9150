/**
 * The brand mark inside the number field: a small card in the brand's colour with its short
 * name, drawn as inline SVG through the DOM (no image request, nothing the page's CSP or Trusted
 * Types has to allow). Decorative: the brand reaches assistive technology and the merchant page
 * through the change event, not this picture.
 */

const SVG = 'http://www.w3.org/2000/svg';
const UNKNOWN = ['#c4cdd5', ''];
const MARKS = {
  visa: ['#1a1f71', 'VISA'],
  mastercard: ['#c0001a', 'MC'],
  amex: ['#1f5f9c', 'AMEX'],
  discover: ['#b34400', 'DISC'],
  jcb: ['#0b4ea2', 'JCB'],
  diners: ['#005d94', 'DC'],
  unionpay: ['#b10322', 'UP'],
};

function element(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [attribute, value] of Object.entries(attributes)) node.setAttribute(attribute, String(value));
  return node;
}

/**
 * Put the mark after `input`; returns `show(brandName)`, which redraws it for a brand.
 * @param {HTMLInputElement} input
 * @returns {(brand: string) => void}
 */
export function createBrandIcon(input) {
  const svg = element('svg', { id: 'brand', viewBox: '0 0 32 20', 'aria-hidden': 'true', focusable: 'false' });
  const card = element('rect', { width: 32, height: 20, rx: 3 });
  const name = element('text', { x: 16, y: 13.5, 'text-anchor': 'middle', 'font-size': 8, 'font-weight': 700, 'font-family': 'sans-serif', fill: '#fff' });
  svg.append(card, name);
  input.after(svg);
  return (brand) => {
    const [colour, short] = MARKS[brand] || UNKNOWN;
    svg.dataset.brand = brand;
    card.setAttribute('fill', colour);
    name.textContent = short;
  };
}
