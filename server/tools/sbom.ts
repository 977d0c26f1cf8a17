// SPDX-License-Identifier: MIT
// `npm run sbom`: writes sbom.cyclonedx.json (CycloneDX 1.6, production dependencies only,
// reproducible: no serial number or timestamp) with @cyclonedx/cyclonedx-npm, then validates it
// offline against the CycloneDX JSON schema bundled in @cyclonedx/cyclonedx-library.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

export const SBOM_FILE = 'sbom.cyclonedx.json';
export const SBOM_SPEC_VERSION = '1.6';

/** Result of {@link validateSbom}: `errors` are schema violations and reproducibility breaks. */
export interface SbomValidation {
  ok: boolean;
  errors: string[];
}

/**
 * Validates CycloneDX JSON text against the strict 1.6 schema (the schema ships inside the
 * library, so this runs offline) and checks that nothing time- or random-based leaked in.
 */
export async function validateSbom(text: string): Promise<SbomValidation> {
  const errors: string[] = [];
  let bom: Record<string, unknown>;
  try {
    bom = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${(error as Error).message}`] };
  }
  if (bom.specVersion !== SBOM_SPEC_VERSION) errors.push(`specVersion is ${String(bom.specVersion)}, expected ${SBOM_SPEC_VERSION}`);
  const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
  const schemaErrors = await validator.validate(text);
  if (schemaErrors !== null) {
    for (const e of schemaErrors as Array<{ instancePath?: string; message?: string }>) errors.push(`schema: ${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
  }
  // Reproducible output: the same lockfile must give the same bytes.
  if ('serialNumber' in bom) errors.push('serialNumber present: output is not reproducible');
  const metadata = bom.metadata as Record<string, unknown> | undefined;
  if (metadata && 'timestamp' in metadata) errors.push('metadata.timestamp present: output is not reproducible');
  return { ok: errors.length === 0, errors };
}

/** Runs cyclonedx-npm for the production dependencies of `root` and writes `root/<SBOM_FILE>`. */
export function generateSbom(root: string): string {
  // The package's `exports` hide its files; its bin sits at a fixed place in the install tree.
  const cli = path.join(root, 'node_modules', '@cyclonedx', 'cyclonedx-npm', 'bin', 'cyclonedx-npm-cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm ci (it is a devDependency)`);
  const out = path.join(root, SBOM_FILE);
  execFileSync(process.execPath, [cli, '--omit', 'dev', '--output-reproducible', '--spec-version', SBOM_SPEC_VERSION, '--output-format', 'JSON', '--output-file', out, path.join(root, 'package.json')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return out;
}

async function main(): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const file = generateSbom(root);
  const result = await validateSbom(readFileSync(file, 'utf8'));
  if (!result.ok) {
    console.error(`${SBOM_FILE} is NOT valid:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
    return 1;
  }
  console.log(`wrote ${SBOM_FILE}: valid CycloneDX ${SBOM_SPEC_VERSION}, reproducible`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
