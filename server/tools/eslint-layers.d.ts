// SPDX-License-Identifier: MIT
export function layerOf(relPath: string): string;
export function checkImport(fromRel: string, specifier: string): string | null;
export const layersRule: import('eslint').Rule.RuleModule;
