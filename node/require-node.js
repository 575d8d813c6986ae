// @ts-check
// `node node/require-node.js "npm start"`: one line on stderr and exit status 1 when this Node is
// too old to run Merrow from a checkout. package.json runs it before `npm start` and `npm test`
// (and as a warning after `npm install`), so an old Node is named instead of failing on a `.ts`
// file with ERR_UNKNOWN_FILE_EXTENSION.
import { oldNodeMessage } from './node-version.js';

const [who = 'merrow', mode] = process.argv.slice(2);
const message = oldNodeMessage('checkout', who);
if (message) {
  process.stderr.write(`${message}\n`);
  if (mode !== '--warn') process.exitCode = 1;
}
