/**
 * `merrow check` as it was before it parsed in Node: every diagram parsed by mermaid in one page of
 * the headless engine (a browser started for the purpose). The benchmark's reference for the
 * Node check; prints one `file:line:col: message` per problem and exits 1 when there are any.
 *
 *   node bench/browser-check.ts <files|folders|globs…>
 */

import { expandInputs, locate, ProjectConfigs, readDiagrams } from '../node/cli/diagram-inputs.ts';
import { createEngine } from '../node/engine/index.ts';
import { formatDiagnostic } from '../shared/mermaid/diagnostic.ts';

const engine = createEngine({ jobs: 1 });
try {
  const { files, problems } = await expandInputs(process.argv.slice(2), { markdownInFolders: true });
  const projects = new ProjectConfigs();
  const read = await Promise.all(files.map((f) => readDiagrams(f, {}, projects)));
  const found = [...problems, ...read.flatMap((r) => r.problems)];
  const diagrams = read.flatMap((r) => r.diagrams);
  const outcomes = await Promise.all(diagrams.map((d) => engine.parse({ text: d.text, config: d.config })));
  outcomes.forEach((o, i) => {
    if (!o.ok) found.push(...locate(o.diagnostics, diagrams[i]!));
  });
  for (const d of found) process.stdout.write(`${formatDiagnostic(d)}\n`);
  process.exitCode = found.length > 0 ? 1 : 0;
} finally {
  await engine.close();
}
