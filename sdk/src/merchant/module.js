/**
 * fincore.js as an ES module: `import { FinCore, FinCoreError } from '.../fincore-<version>.mjs'`.
 * The same SDK as the script form, without the `window.FinCore` global.
 */

export { FinCore } from './fincore.js';
export { FinCoreError } from '../shared/errors.js';
