import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';

/**
 * Test support: runs a GitHub Actions workflow job or composite action as written, the way the
 * runner runs it on Linux, as far as one machine can: each `run:` step in bash (`bash -e {0}`, or
 * `bash --noprofile --norc -eo pipefail {0}` for `shell: bash`) with the workflow's, job's and
 * step's `env`; `${{ … }}` expressions over inputs, env, steps' outputs, github and runner; `if:`;
 * GITHUB_ENV, GITHUB_PATH and GITHUB_OUTPUT; a failed step skips the rest unless its `if:` says
 * otherwise. A `uses:` step runs the handler the test gives for that action. An expression or
 * action it does not know throws, so a file is run as written or not at all.
 */

/** A workflow command the job printed, e.g. `::error file=a.mmd,line=2,col=3::message`. */
export interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

export interface StepRun {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  stdout: string;
  stderr: string;
}

export interface JobRun {
  ok: boolean;
  steps: StepRun[];
  annotations: Annotation[];
  outputs: Record<string, Record<string, string>>;
}

/** What a `uses:` step does here: given its `with:`, it may return a folder to put first on PATH. */
export type ActionHandler = (inputs: Record<string, string>) => { path?: string } | undefined;

export interface RunOptions {
  /** The checkout (GITHUB_WORKSPACE), where steps run. */
  workspace: string;
  /** The runner's environment (PATH, npm's settings, …); process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** Handlers of the `uses:` steps, by `owner/name@ref`. */
  uses?: Record<string, ActionHandler>;
}

interface Step {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  run?: string;
  shell?: string;
  env?: Record<string, string | number | boolean>;
}

/** Runs the job `job` of the workflow file `file`. */
export function runWorkflowJob(file: string, job: string, options: RunOptions): JobRun {
  const workflow = parse(readFileSync(file, 'utf8'));
  const definition = workflow.jobs?.[job];
  if (!definition) throw new Error(`${file} has no job ${job}`);
  return runSteps(definition.steps, options, {
    env: { ...workflow.env, ...definition.env },
    inputs: {},
    defaultShell: 'bash -e {0}',
  });
}

/** Runs the composite action `file` (an action.yml) with `inputs`, as a workflow step would. */
export function runCompositeAction(
  file: string,
  inputs: Record<string, string>,
  options: RunOptions,
): JobRun {
  const action = parse(readFileSync(file, 'utf8'));
  if (action.runs?.using !== 'composite') throw new Error(`${file} is not a composite action`);
  const declared = (action.inputs ?? {}) as Record<string, { default?: string }>;
  for (const name of Object.keys(inputs)) {
    if (!declared[name]) throw new Error(`${file} has no input ${name}`);
  }
  const values = Object.fromEntries(
    Object.entries(declared).map(([name, input]) => [name, inputs[name] ?? String(input.default ?? '')]),
  );
  return runSteps(action.runs.steps, options, {
    env: { GITHUB_ACTION_PATH: dirname(file) },
    inputs: values,
    actionPath: dirname(file),
  });
}

interface Context {
  env: Record<string, unknown>;
  inputs: Record<string, string>;
  /** Composite actions name a shell on every run step; workflows default to bash. */
  defaultShell?: string;
  actionPath?: string;
}

function runSteps(steps: Step[], options: RunOptions, context: Context): JobRun {
  const temp = mkdtempSync(join(tmpdir(), 'merrow-runner-'));
  try {
    const files = {
      GITHUB_ENV: join(temp, 'env'),
      GITHUB_PATH: join(temp, 'path'),
      GITHUB_OUTPUT: join(temp, 'output'),
    };
    let env: Record<string, string> = {
      ...(options.env ?? process.env),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: temp,
      ...files,
    } as Record<string, string>;
    const outputs: Record<string, Record<string, string>> = {};
    const outcomes: Record<string, StepRun['outcome']> = {};
    const run: JobRun = { ok: true, steps: [], annotations: [], outputs };
    const expressions = (envNow: Record<string, string>) => ({
      inputs: context.inputs,
      env: envNow,
      steps: Object.fromEntries(
        Object.entries(outcomes).map(([id, outcome]) => [
          id,
          { outputs: outputs[id] ?? {}, outcome, conclusion: outcome },
        ]),
      ),
      github: { workspace: options.workspace, action_path: context.actionPath ?? '' },
      runner: { temp, os: 'Linux' },
    });
    const stringsOf = (values: Record<string, unknown> | undefined, envNow: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), expressions(envNow))]),
      );
    env = { ...env, ...stringsOf(context.env, env) };

    for (const [index, step] of steps.entries()) {
      const name = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${index + 1}`;
      // A condition without a status function holds only while the job succeeds, as on GitHub.
      const condition = stripBraces(step.if === undefined ? 'success()' : String(step.if));
      const guarded = /\b(success|failure|always|cancelled)\(\)/.test(condition)
        ? condition
        : `success() && (${condition})`;
      if (!evaluate(guarded, expressions(env), run.ok)) {
        run.steps.push({ name, outcome: 'skipped', stdout: '', stderr: '' });
        if (step.id) outcomes[step.id] = 'skipped';
        continue;
      }
      for (const file of Object.values(files)) writeFileSync(file, '');
      const stepEnv = { ...env, ...stringsOf(step.env, env) };
      let result: StepRun;
      if (step.uses) {
        const handler = options.uses?.[step.uses];
        if (!handler) throw new Error(`no handler for \`uses: ${step.uses}\``);
        const added = handler(stringsOf(step.with, env));
        if (added?.path) writeFileSync(files.GITHUB_PATH, `${added.path}\n`);
        result = { name, outcome: 'success', stdout: '', stderr: '' };
      } else if (step.run !== undefined) {
        const shell = step.shell ? shellCommand(step.shell) : context.defaultShell;
        if (!shell) throw new Error(`step "${name}" names no shell, which a composite action requires`);
        const script = join(temp, `step-${index}.sh`);
        writeFileSync(script, interpolate(step.run, expressions(env)));
        const [program, ...args] = shell.replace('{0}', script).split(' ');
        const child = spawnSync(program!, args, { cwd: options.workspace, env: stepEnv, encoding: 'utf8' });
        result = {
          name,
          outcome: child.status === 0 ? 'success' : 'failure',
          stdout: child.stdout,
          stderr: child.stderr,
        };
        run.annotations.push(...annotationsIn(child.stdout));
      } else {
        throw new Error(`step "${name}" has neither run nor uses`);
      }
      run.steps.push(result);
      if (result.outcome === 'failure') run.ok = false;
      env = { ...env, ...readEnvFile(files.GITHUB_ENV) };
      const paths = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse();
      if (paths.length) env.PATH = [...paths, env.PATH].join(delimiter);
      if (step.id) {
        outputs[step.id] = readEnvFile(files.GITHUB_OUTPUT);
        outcomes[step.id] = result.outcome;
      }
    }
    return run;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The command line GitHub runs a `shell:` with on Linux. */
function shellCommand(shell: string): string {
  if (shell === 'bash') return 'bash --noprofile --norc -eo pipefail {0}';
  if (shell === 'sh') return 'sh -e {0}';
  if (shell.includes('{0}')) return shell;
  throw new Error(`shell ${shell} is not supported here`);
}

/** NAME=value lines and NAME<<DELIMITER blocks, as in GITHUB_ENV and GITHUB_OUTPUT. */
function readEnvFile(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const values: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`${file}: ${heredoc[1]} is never closed by ${heredoc[2]}`);
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function annotationsIn(stdout: string): Annotation[] {
  return [...stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => ({
    level: m[1]!,
    properties: Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => [
          pair.slice(0, pair.indexOf('=')),
          unescapeProperty(pair.slice(pair.indexOf('=') + 1)),
        ]),
    ),
    message: m[3]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
  }));
}

function unescapeProperty(value: string): string {
  return value
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%');
}

// ---- expressions ----------------------------------------------------------------------------

type Scope = Record<string, unknown>;

function stripBraces(expression: string): string {
  const m = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(expression);
  return (m ? m[1]! : expression).trim();
}

/** Replaces each `${{ expression }}` in `text` with its value. */
function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_m, expression: string) => {
    const value = evaluate(expression.trim(), scope, true);
    return value === undefined || value === null ? '' : String(value);
  });
}

/**
 * GitHub's expression language, the part these files use: context paths (`inputs.x`,
 * `steps.id.outputs.y`), 'strings', numbers, true/false/null, == != (strings compared without
 * case), ! && || and parentheses, and success() failure() always() cancelled().
 */
function evaluate(expression: string, scope: Scope, ok: boolean): unknown {
  const tokens =
    expression.match(
      /'(?:[^']|'')*'|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*|\d+(?:\.\d+)?|==|!=|&&|\|\||[!()]|\S/g,
    ) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const fail = (why: string): never => {
    throw new Error(`expression \`${expression}\`: ${why}`);
  };
  const truthy = (v: unknown) => v !== '' && v !== 0 && v !== false && v !== null && v !== undefined;
  const equal = (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

  const primary = (): unknown => {
    const token = next() ?? fail('ends early');
    if (token === '(') {
      const value = or();
      if (next() !== ')') fail('a ( is not closed');
      return value;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    const status: Record<string, boolean> = {
      'success()': ok,
      'failure()': !ok,
      'always()': true,
      'cancelled()': false,
    };
    if (Object.hasOwn(status, token)) return status[token];
    if (token.endsWith('()')) fail(`the function ${token} is not supported here`);
    const [head, ...path] = token.split('.');
    if (!Object.hasOwn(scope, head!)) fail(`the context ${head} is not supported here`);
    return path.reduce<unknown>((value, key) => (value as Scope | undefined)?.[key], scope[head!]);
  };
  const comparison = (): unknown => {
    let left = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = next();
      const right = primary();
      left = op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): unknown => {
    let left = comparison();
    while (peek() === '&&') {
      next();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): unknown => {
    let left = and();
    while (peek() === '||') {
      next();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (at < tokens.length) fail(`unexpected ${peek()}`);
  return value;
}
