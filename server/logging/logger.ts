// SPDX-License-Identifier: MIT
// Namespaced logger. Lines go to the console and to a sink (the debug log table); secrets that look
// like passwords or session cookies are masked before either sees them.

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  at: number;
  level: Level;
  namespace: string;
  message: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(namespace: string): Logger;
}

const SECRETS: [RegExp, string][] = [
  [/("?(?:password|currentPassword|newPassword|setupToken|token)"?\s*[:=]\s*)"?[^"\s,}&]+"?/gi, '$1[redacted]'],
  [/((?:__Host-)?strand_session=)[^;\s]+/g, '$1[redacted]'],
];

/** Masks password/token values and session cookies in a log line. */
export function redact(message: string): string {
  return SECRETS.reduce((m, [re, to]) => m.replace(re, to), message);
}

export interface LoggerOptions {
  console: (level: Level, line: string) => void;
  sink?: (entry: LogEntry) => void;
  clock?: () => number;
  minLevel?: Level;
}

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(options: LoggerOptions, namespace = 'strand'): Logger {
  const clock = options.clock ?? Date.now;
  const min = ORDER[options.minLevel ?? 'info'];
  const write = (level: Level, message: string) => {
    if (ORDER[level] < min) return;
    const safe = redact(message);
    options.console(level, `[${namespace}] ${safe}`);
    try {
      options.sink?.({ at: clock(), level, namespace, message: safe });
    } catch (error) {
      // The sink is the database; when it fails the console line above still carries the message.
      options.console('error', `[logging] debug log write failed: ${(error as Error).message}`);
    }
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    child: (ns) => createLogger(options, `${namespace}.${ns}`),
  };
}
