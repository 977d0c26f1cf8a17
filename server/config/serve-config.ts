// SPDX-License-Identifier: MIT
// Settings of `strand serve`: parsed once from flags and environment, validated, then frozen and
// passed down. Flags win over environment variables, which win over the embedded defaults.
import path from 'node:path';
import * as z from 'zod';
import { ConfigError } from './errors.js';

export const SERVE_DEFAULTS = Object.freeze({ host: '127.0.0.1', port: 8000, dataDir: './data' });

const serveSchema = z.object({
  host: z.string().min(1).max(255).regex(/^[A-Za-z0-9.:[\]%-]+$/, 'must be a hostname or IP address'),
  port: z.number({ error: 'must be an integer from 0 to 65535' }).int('must be an integer from 0 to 65535').min(0, 'must be an integer from 0 to 65535').max(65535, 'must be an integer from 0 to 65535'),
  dataDir: z.string().min(1).max(4096),
});

export type ServeConfig = Readonly<z.infer<typeof serveSchema>>;

/** Raw values as they come from the command line (undefined when the flag was not given). */
export interface ServeFlags {
  host?: string | undefined;
  port?: string | undefined;
  dataDir?: string | undefined;
}

/**
 * Merges flags, environment (`STRAND_HOST`, `STRAND_PORT`, `STRAND_DATA_DIR`) and defaults.
 * @throws ConfigError naming the offending setting and its source.
 */
export function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv, cwd: string): ServeConfig {
  const pick = (flag: string | undefined, envName: string, fallback: string | number) => {
    if (flag !== undefined) return { value: flag, source: `--${envName.slice(7).toLowerCase().replace('_', '-')}` };
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: envName };
    return { value: fallback, source: 'default' };
  };
  const picked = {
    host: pick(flags.host, 'STRAND_HOST', SERVE_DEFAULTS.host),
    port: pick(flags.port, 'STRAND_PORT', SERVE_DEFAULTS.port),
    dataDir: pick(flags.dataDir, 'STRAND_DATA_DIR', SERVE_DEFAULTS.dataDir),
  };
  const parsed = serveSchema.safeParse({
    host: picked.host.value,
    port: typeof picked.port.value === 'number' ? picked.port.value : /^\d{1,5}$/.test(picked.port.value) ? Number(picked.port.value) : Number.NaN,
    dataDir: picked.dataDir.value,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = (issue?.path[0] ?? 'value') as keyof typeof picked;
    const source = picked[key]?.source ?? 'value';
    throw new ConfigError(`invalid ${String(key)} from ${source}: ${issue?.message ?? 'invalid value'}`);
  }
  return Object.freeze({ ...parsed.data, dataDir: path.resolve(cwd, parsed.data.dataDir) });
}
