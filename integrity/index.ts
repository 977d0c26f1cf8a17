// SPDX-License-Identifier: MIT
// Public API of the integrity library. Importers use only this file.
export { IntegrityError } from './errors.js';
export type { IntegrityErrorCode } from './errors.js';
export {
  MANIFEST_FILE,
  MANIFEST_SIGNATURE_FILES,
  createManifest,
  parseManifest,
  serializeManifest,
  verifyManifest,
  writeManifest,
} from './manifest.js';
export type { BackendManifest, ManifestProblem, ManifestVerification } from './manifest.js';
export { checkBackend, describeProblems } from './backend-check.js';
export type { BackendCheckOptions, IntegrityReport } from './backend-check.js';
export { verifyRelease, checkSha256Sums } from './release/verify-release.js';
export type { ReleaseVerifyOptions } from './release/verify-release.js';
export type { CheckOutcome, CheckResult, VerifyCode } from './release/checks.js';
export { GITHUB_ACTIONS_ISSUER } from './release/signatures.js';
export { verifyProvenance } from './release/provenance.js';
export { applySlsaPolicy, claimsOf, TRUSTED_GENERATOR_WORKFLOWS } from './release/slsa-policy.js';
export type { CertificateClaims, SlsaPolicy } from './release/slsa-policy.js';
export { digestArtifact, verifyKeyless, verifyWithKey } from './release/signatures.js';
export type { ArtifactDigests, IdentityPolicy } from './release/signatures.js';
export { checkDataAtRest, markDataAtRestRunning, recordDataAtRest } from './data-at-rest.js';
export type { DataAtRestInput, DataAtRestReport, DataAtRestWarning, DataAtRestWarningCode, DatabaseMetadata } from './data-at-rest.js';
export { readSupplyChain, summariseProvenance, summariseSbom, SBOM_FILE_NAME } from './supply-chain.js';
export type { Found, ProvenanceSummary, SbomSummary, SupplyChainInfo } from './supply-chain.js';
