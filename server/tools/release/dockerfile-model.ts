// SPDX-License-Identifier: MIT
// The Dockerfile as data (parsed with dockerfile-ast, the parser behind dockerfile-utils' linter):
// stages, the runtime stage's instructions, and its exec-form ENTRYPOINT/CMD/HEALTHCHECK, so tests
// can check its structure and run its entrypoint outside Docker.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { REPO_ROOT } from './workflow-model.js';

export const DOCKERFILE_PATH = path.join(REPO_ROOT, 'Dockerfile');

/** Thrown when the Dockerfile lacks something the image contract needs. */
export class DockerfileShapeError extends Error {
  static override readonly name = 'DockerfileShapeError';
  readonly code = 'RELEASE_ERR_DOCKERFILE_SHAPE';
}

export interface Stage {
  name: string | undefined;
  image: string | undefined;
  tag: string | undefined;
  digest: string | undefined;
  instructions: Instruction[];
}

export interface DockerfileModel {
  text: string;
  stages: Stage[];
  /** The last stage: what the image is. */
  runtime: Stage;
}

export function loadDockerfile(text: string = readFileSync(DOCKERFILE_PATH, 'utf8')): DockerfileModel {
  const df = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const from = df.getFROMs().find((f) => f.getRange().start.line === ins.getRange().start.line);
      stages.push({
        name: from?.getBuildStage() ?? undefined,
        image: from?.getImageName() ?? undefined,
        tag: from?.getImageTag() ?? undefined,
        digest: from?.getImageDigest() ?? undefined,
        instructions: [],
      });
    } else {
      const current = stages[stages.length - 1];
      if (!current) throw new DockerfileShapeError(`${ins.getKeyword()} before the first FROM`);
      current.instructions.push(ins);
    }
  }
  const runtime = stages[stages.length - 1];
  if (!runtime) throw new DockerfileShapeError('no FROM');
  return { text, stages, runtime };
}

/** The runtime stage's instructions with this keyword. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

/** Arguments of an instruction without its `--flag=value` options. */
export function argumentsOf(ins: Instruction): string {
  return ins.getArgumentsContent() ?? '';
}

/** The JSON array of an exec-form instruction (ENTRYPOINT/CMD/HEALTHCHECK CMD); throws for shell form. */
export function execForm(stage: Stage, keyword: 'ENTRYPOINT' | 'CMD' | 'HEALTHCHECK'): string[] {
  const all = instructionsOf(stage, keyword);
  const last = all[all.length - 1];
  if (!last) throw new DockerfileShapeError(`no ${keyword}`);
  let args = argumentsOf(last).trim();
  if (keyword === 'HEALTHCHECK') {
    if (!args.startsWith('CMD ')) throw new DockerfileShapeError('HEALTHCHECK without CMD');
    args = args.slice(4).trim();
  }
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new DockerfileShapeError(`${keyword} is not in exec form`);
  return parsed as string[];
}

/** The runtime stage's environment from its ENV instructions (`KEY=value` pairs). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of instructionsOf(stage, 'ENV')) {
    for (const m of argumentsOf(ins).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
      env[m[1] as string] = (m[2] as string).replace(/^"|"$/g, '');
    }
  }
  return env;
}
