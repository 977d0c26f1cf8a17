// SPDX-License-Identifier: MIT
/** A configuration value (flag, environment variable or file) that cannot be used. */
export class ConfigError extends Error {
  static override readonly name = 'ConfigError';
  readonly code = 'CONFIG_ERR_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
