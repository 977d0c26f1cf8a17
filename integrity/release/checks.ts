// SPDX-License-Identifier: MIT
// The outcome vocabulary of `strand verify`. Every check ends in exactly one outcome with a stable
// code; "unverifiable" is never a pass (fail closed): the command exits non-zero on it.

/** Stable reason codes of release verification. */
export type VerifyCode =
  | 'VERIFY_OK'
  | 'VERIFY_ERR_INPUT'
  | 'VERIFY_ERR_FORMAT'
  | 'VERIFY_ERR_OFFLINE_UNVERIFIABLE'
  | 'VERIFY_ERR_ARTIFACT_DIGEST'
  | 'VERIFY_ERR_SIGNATURE'
  | 'VERIFY_ERR_KEY'
  | 'VERIFY_ERR_CERTIFICATE'
  | 'VERIFY_ERR_TLOG_PROOF'
  | 'VERIFY_ERR_TLOG_SET'
  | 'VERIFY_ERR_TLOG_BODY'
  | 'VERIFY_ERR_TLOG_MISSING'
  | 'VERIFY_ERR_TIMESTAMP'
  | 'VERIFY_ERR_IDENTITY'
  | 'VERIFY_ERR_POLICY_MISSING'
  | 'VERIFY_ERR_BUILDER'
  | 'VERIFY_ERR_SOURCE_REPOSITORY'
  | 'VERIFY_ERR_SOURCE_COMMIT'
  | 'VERIFY_ERR_SOURCE_REF'
  | 'VERIFY_ERR_SOURCE_TAG'
  | 'VERIFY_ERR_TRIGGER'
  | 'VERIFY_ERR_SUBJECT_DIGEST'
  | 'VERIFY_ERR_PREDICATE'
  | 'VERIFY_ERR_SHA256SUMS';

export type CheckOutcome = 'passed' | 'failed' | 'unverifiable';

/** One printed line of `strand verify`. */
export interface CheckResult {
  /** What was checked, e.g. "cosign signature (Sigstore bundle v0.3)". */
  check: string;
  outcome: CheckOutcome;
  code: VerifyCode;
  reason: string;
}

/** Thrown inside the verifiers to end a check with a specific reason; converted to a CheckResult. */
export class CheckFailure extends Error {
  static override readonly name = 'CheckFailure';
  readonly code: VerifyCode;
  readonly outcome: Exclude<CheckOutcome, 'passed'>;

  constructor(code: VerifyCode, message: string, outcome: Exclude<CheckOutcome, 'passed'> = 'failed') {
    super(message);
    this.name = 'CheckFailure';
    this.code = code;
    this.outcome = outcome;
  }
}

/** Runs `fn` as one check: a CheckFailure or any other error becomes a failed/unverifiable result. */
export function runCheck(check: string, fn: () => string): CheckResult {
  try {
    return { check, outcome: 'passed', code: 'VERIFY_OK', reason: fn() };
  } catch (error) {
    if (error instanceof CheckFailure) return { check, outcome: error.outcome, code: error.code, reason: error.message };
    const mapped = fromSigstoreError(error);
    return { check, outcome: 'failed', code: mapped.code, reason: mapped.message };
  }
}

const SIGSTORE_CODES: Record<string, VerifyCode> = {
  SIGNATURE_ERROR: 'VERIFY_ERR_SIGNATURE',
  PUBLIC_KEY_ERROR: 'VERIFY_ERR_KEY',
  CERTIFICATE_ERROR: 'VERIFY_ERR_CERTIFICATE',
  TLOG_INCLUSION_PROOF_ERROR: 'VERIFY_ERR_TLOG_PROOF',
  TLOG_INCLUSION_PROMISE_ERROR: 'VERIFY_ERR_TLOG_SET',
  TLOG_BODY_ERROR: 'VERIFY_ERR_TLOG_BODY',
  TLOG_MISSING_INCLUSION_ERROR: 'VERIFY_ERR_TLOG_MISSING',
  TLOG_ERROR: 'VERIFY_ERR_TLOG_MISSING',
  TIMESTAMP_ERROR: 'VERIFY_ERR_TIMESTAMP',
  UNTRUSTED_SIGNER_ERROR: 'VERIFY_ERR_IDENTITY',
};

/** Maps an error thrown by @sigstore/* (which carry a `code`) to our reason code. */
export function fromSigstoreError(error: unknown): { code: VerifyCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const mapped = SIGSTORE_CODES[code];
  if (mapped) return { code: mapped, message: `${code}: ${message}` };
  // Bundle validation (ValidationError) and ASN.1/X.509 parse errors: the input is malformed.
  return { code: 'VERIFY_ERR_FORMAT', message };
}
