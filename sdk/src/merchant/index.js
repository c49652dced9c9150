/**
 * fincore.js, merchant-page side: defines `window.FinCore` and nothing else.
 * The card fields themselves live in iframes served by the PSP (see ../frame/).
 */

import { FinCore } from './fincore.js';
import { FinCoreError } from '../shared/errors.js';

FinCore.FinCoreError = FinCoreError;
window.FinCore = FinCore;
