/**
 * Mermaid's parsers in Node, without a browser. Worker threads each load the mermaid module's Node
 * build (NODE_PARSER_ASSET, built beside the engine page) and parse one diagram at a time, so a
 * diagram that makes mermaid loop is stopped after `timeoutMs` without stopping the others.
 *
 *     const parser = createParser({ workers: 2 });
 *     parser.warm();                                   // optional: load mermaid now
 *     const outcome = await parser.parse({ text, config }, 'flowchart');
 *     await parser.close();
 *
 * The second argument groups diagrams (by type, see parseGroup): a worker keeps the groups it
 * started with, so the costly set-up of a type's parser (langium grammars take 0.1–0.4 s) happens
 * once, not once per worker; an idle worker still takes other groups' diagrams when nothing of its
 * own waits.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  NODE_PARSER_ASSET,
  type ParseOutcome,
  type RenderRequest,
} from '../../shared/mermaid/render-types.ts';
import { engineAssetsDir } from './assets.ts';
import { EngineUnavailableError } from './browser.ts';
import { timeoutDiagnostic } from './pool.ts';

export interface ParserOptions {
  /** The built renderer holding NODE_PARSER_ASSET; default as for the engine (engineAssetsDir). */
  assetsDir?: string | undefined;
  /** Most worker threads at once. */
  workers: number;
  /** Per-diagram limit; the worker is replaced. Default 60 s. */
  timeoutMs?: number | undefined;
}

export interface Parser {
  /** `group`: see the top of this file; `cost`: relative, costliest first (estimateRenderCost). */
  parse(req: RenderRequest, group?: string, cost?: number): Promise<ParseOutcome>;
  /** Starts the first worker before any work arrives, so mermaid loads while inputs are read. */
  warm(): void;
  close(): Promise<void>;
}

/**
 * The diagram types mermaid parses with langium grammars: the langium library costs a worker
 * 0.3–0.5 s of CPU to load, on top of each grammar's set-up, so they are one group (kept by one
 * worker while the others have work of their own). Any other type is a group of its own.
 */
const LANGIUM_TYPES =
  /^(info|packet|pie|treeView|architecture|gitGraph|eventmodeling|radar|railroad|treemap|wardley|cynefin)\b/;

/** The group (see above) of a diagram that starts with `keyword`. */
export function parseGroup(keyword: string): string {
  return LANGIUM_TYPES.test(keyword) ? 'langium' : keyword;
}

/** Diagrams waiting per worker before another worker pays for itself (loading one costs about 0.15 s). */
const DIAGRAMS_PER_WORKER = 4;
const WORKER = new URL('./parse-worker.mjs', import.meta.url);

interface Job {
  req: RenderRequest;
  group: string;
  cost: number;
  resolve(outcome: ParseOutcome): void;
}

interface Slot {
  worker: Worker;
  groups: Set<string>;
  job: Job | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Mermaid failing on its own (the caller may try a browser). */
function internalFailure(message: string): ParseOutcome {
  return { ok: false, internal: true, diagnostics: [{ line: 1, column: 1, severity: 'error', message }] };
}

/** Starts a parser; throws EngineUnavailableError when the Node build is missing. */
export function createParser(options: ParserOptions): Parser {
  const assetsDir = engineAssetsDir(options.assetsDir);
  const file = join(assetsDir, NODE_PARSER_ASSET);
  if (!existsSync(file)) {
    throw new EngineUnavailableError(
      `the mermaid parser is not built (no ${NODE_PARSER_ASSET} in ${assetsDir}); build it with \`npm run build\``,
    );
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timedOut: ParseOutcome = { ok: false, diagnostics: [timeoutDiagnostic(timeoutMs, 'parsing')] };
  const max = Math.max(1, options.workers);
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let closed = false;

  const owner = (group: string) => slots.find((s) => s.groups.has(group));

  const take = (slot: Slot): Job | undefined => {
    let i = queue.findIndex((j) => slot.groups.has(j.group));
    if (i === -1) i = queue.findIndex((j) => !owner(j.group));
    if (i === -1 && queue.length > 0) i = 0;
    if (i === -1) return undefined;
    const [job] = queue.splice(i, 1);
    if (!owner(job!.group)) slot.groups.add(job!.group);
    return job;
  };

  const finish = (slot: Slot, outcome: ParseOutcome) => {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    job?.resolve(outcome);
  };

  /** A worker that hung or died is dropped with its groups; the pump starts another if work waits. */
  const drop = (slot: Slot, outcome: ParseOutcome) => {
    const i = slots.indexOf(slot);
    if (i === -1) return;
    slots.splice(i, 1);
    finish(slot, outcome);
    slot.worker.terminate().catch(() => {});
    pump();
  };

  const start = () => {
    const worker = new Worker(WORKER, { workerData: { parser: file } });
    const slot: Slot = { worker, groups: new Set(), job: undefined, timer: undefined };
    worker.on('message', (outcome: ParseOutcome) => {
      finish(slot, outcome);
      pump();
    });
    // A crash fails its diagram as mermaid failing (the caller may try a browser), not the batch.
    const died = (why: string) =>
      drop(slot, internalFailure(`mermaid could not parse this diagram (the parser stopped: ${why})`));
    worker.on('error', (error: unknown) => died(error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => died(`exit code ${code}`));
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    if (closed) return;
    const pending = queue.length + slots.filter((s) => s.job).length;
    while (queue.length > 0 && slots.length < max && pending > DIAGRAMS_PER_WORKER * slots.length) start();
    for (const slot of slots) {
      if (slot.job) continue;
      const job = take(slot);
      if (!job) break;
      slot.job = job;
      slot.timer = setTimeout(() => drop(slot, timedOut), timeoutMs);
      slot.worker.postMessage(job.req);
    }
  };

  return {
    parse(req, group = '', cost = 1) {
      if (closed) return Promise.reject(new Error('the parser is closed'));
      return new Promise<ParseOutcome>((resolve) => {
        // Costliest first, so that the batch ends evenly; equal costs keep their order.
        let i = queue.length;
        while (i > 0 && queue[i - 1]!.cost < cost) i--;
        queue.splice(i, 0, { req, group, cost, resolve });
        pump();
      });
    },
    warm() {
      if (!closed && slots.length === 0) start();
    },
    async close() {
      closed = true;
      const all = slots.splice(0);
      for (const s of all) clearTimeout(s.timer);
      await Promise.all(all.map((s) => s.worker.terminate().catch(() => {})));
    },
  };
}
