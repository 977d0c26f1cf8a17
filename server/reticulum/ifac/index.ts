// SPDX-License-Identifier: MIT
export {
  IFAC_DEFAULT_SIZE,
  IFAC_DEFAULT_SIZE_SERIAL,
  IFAC_FLAG,
  IFAC_MAX_SIZE,
  IFAC_MIN_SIZE,
  IFAC_SALT,
  Ifac,
  deriveIfacKey,
  ifacEnabled,
  openInbound,
} from './ifac.js';
export type { IfacDropReason, IfacOptions, IfacResult } from './ifac.js';
