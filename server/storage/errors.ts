// SPDX-License-Identifier: MIT
// Typed errors of the storage layer, with stable codes (STORAGE_ERR_*).

/** Base class of every error thrown by server/storage. */
export class StorageError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

/** The database file was written by a newer Strand: opening it could corrupt data it does not understand. */
export class SchemaTooNewError extends StorageError {
  constructor(readonly found: number, readonly supported: number, file: string) {
    super(
      'STORAGE_ERR_SCHEMA_TOO_NEW',
      `the database ${file} has schema version ${found}, but this Strand understands versions up to ${supported}: ` +
        'upgrade Strand, or restore a backup made by this version with `strand restore`',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** A backup file that is missing, unreadable or not a Strand database. */
export class BackupError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE_ERR_BACKUP', message, options);
    this.name = 'BackupError';
  }
}
