// @ts-check
/**
 * A worker thread of the parser (parser.ts): loads the mermaid module's Node build named in
 * `workerData.parser`, then answers each request (a RenderRequest) with its ParseOutcome, one
 * diagram at a time.
 *
 * Plain JavaScript on purpose: a worker is a fresh Node instance, and stripping the types of a
 * .ts file there would first load the TypeScript stripper, a tenth of a second of every check.
 */
import { enableCompileCache } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

// The build is half a megabyte of JavaScript before the first diagram: compile it once, not per run.
enableCompileCache();

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
/** @type {import('../../shared/mermaid/render-types.ts').NodeParser} */
const { parse } = await import(pathToFileURL(workerData.parser).href);

port.on('message', async (req) => {
  let outcome;
  try {
    outcome = await parse(req);
  } catch (error) {
    // parse() maps every error of mermaid's; this is the build itself failing.
    const why = error instanceof Error ? error.message : String(error);
    const message = `mermaid could not parse this diagram (${why})`;
    outcome = {
      ok: false,
      internal: true,
      diagnostics: [{ line: 1, column: 1, severity: 'error', message }],
    };
  }
  port.postMessage(outcome);
});
