// SPDX-License-Identifier: MIT
// `strand verify`: the offline release verifier for people checking a download. Every requested
// check is printed with its outcome; the exit code is 0 only when every one of them passed
// ("unverifiable" is not a pass).
import { parseArgs } from 'node:util';
import { GITHUB_ACTIONS_ISSUER, verifyRelease } from '../../integrity/index.js';
import type { CheckResult } from '../../integrity/index.js';
import type { Command } from './command.js';

/** Exit code when a check failed or could not be verified; 2 stays for usage errors. */
export const VERIFY_FAILED_EXIT_CODE = 1;

const LABEL: Record<CheckResult['outcome'], string> = { passed: 'PASS', failed: 'FAIL', unverifiable: 'UNVERIFIABLE' };

export const verifyCommand: Command = {
  summary: 'verify a release artifact offline (signatures, provenance, checksums)',
  usage: `Usage: strand verify <artifact> [--bundle F] [--key cosign.pub] [--provenance F.intoto.jsonl]
                     [--source-uri github.com/OWNER/REPO] [--source-tag vX.Y.Z]
                     [--sha256sums SHA256SUMS] [--certificate-identity URI] [--json]

Checks a release artifact fully offline against the Sigstore public-good trusted root shipped
with Strand. Prints each check with its outcome; exits 0 only when every requested check passed.

Options:
  --bundle F                 signature of the artifact: Sigstore bundle (v0.1-v0.3), legacy
                             cosign bundle, or a bare base64 signature (.sig, needs --key)
  --key cosign.pub           verify --bundle with this public key (no transparency log needed)
  --certificate-identity URI without --key: the exact certificate identity (SAN) a keyless
                             bundle must carry, e.g. https://github.com/O/R/.github/workflows/
                             release.yml@refs/tags/v1.2.3 (exact match, never a pattern)
  --certificate-oidc-issuer URI
                             exact OIDC issuer of that certificate
                             (default ${GITHUB_ACTIONS_ISSUER})
  --provenance F             SLSA provenance: slsa-github-generator .intoto.jsonl (v2.1.0+
                             bundles), npm provenance bundle or npm attestations document
  --source-uri REPO          with --provenance: the repository the build must come from
  --source-tag TAG           with --provenance: the build must be from exactly this tag
  --sha256sums FILE          the artifact's base name must be listed with its SHA-256
  --json                     print the results as JSON
  -h, --help                 show this help`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        bundle: { type: 'string' },
        key: { type: 'string' },
        provenance: { type: 'string' },
        'source-uri': { type: 'string' },
        'source-tag': { type: 'string' },
        sha256sums: { type: 'string' },
        'certificate-identity': { type: 'string' },
        'certificate-oidc-issuer': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      console.log(this.usage);
      return 0;
    }
    const [artifact, ...extra] = positionals;
    if (artifact === undefined || extra.length > 0) {
      console.error(`strand verify: expected exactly one artifact\n\n${this.usage}`);
      return 2;
    }
    const results = verifyRelease({
      artifact,
      ...(values.bundle !== undefined ? { bundle: values.bundle } : {}),
      ...(values.key !== undefined ? { key: values.key } : {}),
      ...(values.provenance !== undefined ? { provenance: values.provenance } : {}),
      ...(values['source-uri'] !== undefined ? { sourceUri: values['source-uri'] } : {}),
      ...(values['source-tag'] !== undefined ? { sourceTag: values['source-tag'] } : {}),
      ...(values.sha256sums !== undefined ? { sha256sums: values.sha256sums } : {}),
      ...(values['certificate-identity'] !== undefined ? { certificateIdentity: values['certificate-identity'] } : {}),
      ...(values['certificate-oidc-issuer'] !== undefined ? { certificateIssuer: values['certificate-oidc-issuer'] } : {}),
    });
    if (results.length === 0) {
      console.error(`strand verify: nothing to check: give --bundle, --provenance or --sha256sums\n\n${this.usage}`);
      return 2;
    }
    const ok = results.every((r) => r.outcome === 'passed');
    if (values.json) {
      console.log(JSON.stringify({ artifact, ok, checks: results }, null, 2));
    } else {
      for (const r of results) console.log(`${LABEL[r.outcome].padEnd(12)} ${r.check}: ${r.reason}${r.outcome === 'passed' ? '' : ` [${r.code}]`}`);
      console.log(ok ? `verified: every check passed for ${artifact}` : `NOT verified: ${results.filter((r) => r.outcome !== 'passed').length} of ${results.length} check(s) did not pass`);
    }
    return ok ? 0 : VERIFY_FAILED_EXIT_CODE;
  },
};
