// SPDX-License-Identifier: MIT
// The bridge's line protocol (PROTOCOL.md): print READY, then answer each JSON request line with
// one JSON line. Nothing a peer sends can end the process: malformed lines, unknown commands, bad
// params and failing handlers all become `success: false` answers. Only EOF on the input ends it.
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { CommandRegistry, CommandResult } from './registry.js';
import { LineSplitter } from './lines.js';
import type { LineItem } from './lines.js';

/** Longest request line accepted (bytes, without the newline). Hex doubles sizes: 16 MiB ≈ 8 MiB of data. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Requests handled at once. Reading stops while this many are in flight (backpressure). */
export const DEFAULT_MAX_IN_FLIGHT = 16;

export type RequestId = string | number | null;

/** One answer line. */
export type Answer =
  | { id: RequestId; success: true; result: CommandResult }
  | { id: RequestId; success: false; error: string };

export interface BridgeIo {
  input: Readable;
  output: Writable;
  /** Diagnostics (stderr in the real process); never the protocol channel. */
  log(message: string): void;
}

export interface BridgeOptions {
  maxLineBytes?: number;
  maxInFlight?: number;
}

/**
 * Runs the protocol until `io.input` ends and every request has been answered. Answers to
 * concurrent requests may come out of order; clients match them by id.
 */
export async function runBridge(registry: CommandRegistry, io: BridgeIo, options: BridgeOptions = {}): Promise<void> {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const writer = new LineWriter(io.output, io.log);
  const inFlight = new Set<Promise<void>>();

  const dispatch = async (item: LineItem): Promise<void> => {
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const task = answerItem(registry, item, io.log).then(
      (answer) => (answer ? writer.write(answer) : undefined),
      // answerItem turns every failure into an answer; reaching this is a bridge bug, logged.
      (err: unknown) => io.log(`internal error: ${describe(err)}`),
    );
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  await writer.writeRaw('READY');
  try {
    for await (const chunk of io.input) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      for (const item of splitter.push(buf)) await dispatch(item);
    }
  } catch (err) {
    // A broken input stream ends the session like EOF; the requests already read are still answered.
    io.log(`input error: ${describe(err)}`);
  }
  for (const item of splitter.end()) await dispatch(item);
  await Promise.all(inFlight);
}

/** Serialises answers; waits for 'drain' so a slow reader bounds our memory. */
class LineWriter {
  private broken = false;

  constructor(
    private readonly output: Writable,
    private readonly log: (m: string) => void,
  ) {
    output.on('error', (err) => {
      // The reader went away (EPIPE): keep consuming input so we still exit cleanly on EOF.
      if (!this.broken) log(`output error: ${describe(err)}`);
      this.broken = true;
    });
  }

  async write(answer: Answer): Promise<void> {
    let line: string;
    try {
      line = JSON.stringify(answer);
    } catch (err) {
      line = JSON.stringify({ id: answer.id, success: false, error: `result is not serialisable: ${describe(err)}` });
    }
    await this.writeRaw(line);
  }

  async writeRaw(line: string): Promise<void> {
    if (this.broken) return;
    if (!this.output.write(`${line}\n`)) await Promise.race([once(this.output, 'drain'), once(this.output, 'close')]);
  }
}

function fail(id: RequestId, error: string): Answer {
  return { id, success: false, error };
}

/** Produces the answer to one input line, or null for a blank line (nothing to answer). */
export async function answerItem(registry: CommandRegistry, item: LineItem, log: (m: string) => void): Promise<Answer | null> {
  if (item.kind === 'too-long') {
    log(`dropped a request line of ${item.bytes} bytes`);
    return fail(null, `request line of ${item.bytes} bytes exceeds the limit`);
  }
  if (item.text.trim() === '') return null;
  let request: unknown;
  try {
    request = JSON.parse(item.text);
  } catch (err) {
    return fail(null, `request is not valid JSON: ${describe(err)}`);
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return fail(null, 'request must be a JSON object {"id", "command", "params"}');
  }
  const { id: rawId, command, params } = request as Record<string, unknown>;
  const id = readId(rawId);
  if (id === null) return fail(null, 'request "id" must be a string or a finite number');
  if (typeof command !== 'string') return fail(id, 'request "command" must be a string');
  const entry = registry.get(command);
  if (!entry) return fail(id, `unknown command '${command}'`);
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    return fail(id, `invalid params for '${command}': params must be a JSON object`);
  }
  let parsed: ReturnType<typeof entry.params.safeParse>;
  try {
    parsed = entry.params.safeParse(params ?? {});
  } catch (err) {
    // A schema transform that throws must still be answered: the client waits for every id.
    return fail(id, `invalid params for '${command}': ${describe(err)}`);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'params'}: ${i.message}`);
    return fail(id, `invalid params for '${command}': ${issues.join('; ')}`);
  }
  try {
    return { id, success: true, result: await entry.run(parsed.data) };
  } catch (err) {
    log(`${command} (${String(id)}) failed: ${describe(err)}`);
    return fail(id, `${command} failed: ${describe(err)}`);
  }
}

function readId(raw: unknown): RequestId {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  return null;
}

/** "CODE: message" for our typed errors, the message otherwise. */
export function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
