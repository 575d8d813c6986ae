// @ts-check
// Which Node Merrow needs, said in one line instead of a stack trace. Plain JavaScript on purpose:
// it must load on a Node too old for Merrow's TypeScript (see require-node.js).

/** The oldest Node each way of running Merrow supports. */
export const MINIMUM_NODE = {
  /** A checkout runs its TypeScript as it is: Node strips types without a flag since 22.18. */
  checkout: '22.18',
  /** The npm package is compiled JavaScript. */
  package: '22.12',
};

/**
 * True when `version` (e.g. "22.12.0") is `minimum` (e.g. "22.12") or newer.
 *
 * @param {string} version
 * @param {string} minimum
 */
export function isAtLeast(version, minimum) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = minimum.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/**
 * Null when this Node can run Merrow the way `use` says, else the line that tells the user which
 * Node it needs and which one it found where. A checkout also needs what Node 22.18 brought (type
 * stripping without a flag, `import.meta.main`), which some newer odd releases lack.
 *
 * @param {keyof typeof MINIMUM_NODE} use
 * @param {string} who  the command speaking, e.g. "npm start"
 * @param {{ version: string, execPath: string, runsTypeScript: boolean }} [node]
 * @returns {string | null}
 */
export function oldNodeMessage(use, who, node = thisNode()) {
  const minimum = MINIMUM_NODE[use];
  const ok = isAtLeast(node.version, minimum) && (use !== 'checkout' || node.runsTypeScript);
  if (ok) return null;
  return `${who}: Merrow needs Node.js ${minimum} or newer, but found Node.js ${node.version} at ${node.execPath}; put a newer \`node\` first on PATH`;
}

function thisNode() {
  return {
    version: process.versions.node,
    execPath: process.execPath,
    runsTypeScript: Boolean(process.features.typescript) && 'main' in import.meta,
  };
}
