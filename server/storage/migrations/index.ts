// SPDX-License-Identifier: MIT
// Every migration, in order. Append only: a released migration is never edited.
import type { Migration } from './migration.js';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-message-search.js';
import { migration0003 } from './0003-lxmf-router.js';
import { migration0004 } from './0004-delivery-fallback.js';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004];
