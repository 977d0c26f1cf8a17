// SPDX-License-Identifier: MIT
// Build identity. The bundler replaces these globals; a run from source reports "dev".
declare const __STRAND_VERSION__: string | undefined;
declare const __STRAND_COMMIT__: string | undefined;

export const STRAND_VERSION: string = typeof __STRAND_VERSION__ === 'string' ? __STRAND_VERSION__ : '0.0.0-dev';
export const STRAND_COMMIT: string = typeof __STRAND_COMMIT__ === 'string' ? __STRAND_COMMIT__ : 'unknown';
