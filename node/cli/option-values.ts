/**
 * Values of options that would otherwise be taken without a word and ignored: a theme mermaid
 * does not have, a colour the browser drops, an output file of no image type (which `-o` took for
 * a folder). Each is a usage error, with the nearest right value when one is close.
 */
import { extname } from 'node:path';
import { didYouMean } from '../../shared/mermaid/explain/words.ts';
import { MERMAID_THEMES } from '../../shared/mermaid/themes.ts';
import { UsageError } from './usage-error.ts';

export function checkTheme(theme: string | undefined): void {
  if (theme === undefined || (MERMAID_THEMES as readonly string[]).includes(theme)) return;
  const near = didYouMean(theme, MERMAID_THEMES);
  throw new UsageError(
    `--theme must be one of ${MERMAID_THEMES.join(', ')}, not '${theme}'${near ? `; did you mean '${near}'?` : ''}`,
  );
}

// The CSS named colours (CSS Color 4), which a word must be to colour anything.
const NAMED = (
  'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown ' +
  'burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan ' +
  'darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid ' +
  'darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet ' +
  'deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ' +
  'ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
  'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow ' +
  'lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
  'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine ' +
  'mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen ' +
  'mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace ' +
  'olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred ' +
  'papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue ' +
  'saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey ' +
  'snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow ' +
  'yellowgreen transparent'
).split(' ');
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL = /^(?:rgba?|hsla?)\(\s*[\d.]+%?(?:\s*[,\s/]\s*[\d.]+%?){2,3}\s*\)$/i;

/** `value` unless it names no colour (it would be dropped, and the image drawn on another). */
export function checkBackground(value: string | undefined, flag = '--background'): void {
  if (value === undefined || HEX.test(value) || FUNCTIONAL.test(value)) return;
  if (NAMED.includes(value.toLowerCase())) return;
  const near = /^[a-z]+$/i.test(value) ? didYouMean(value.toLowerCase(), NAMED) : undefined;
  throw new UsageError(
    `${flag} must be a colour (white, #f8f8f8, rgb(248 248 248)) or transparent, not '${value}'` +
      (near ? `; did you mean '${near}'?` : ''),
  );
}

const IMAGE = ['svg', 'png', 'pdf'];
// Extensions of files that are not folders, which `-o` would otherwise make a folder of.
const OTHER_FILES = [
  'txt',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'html',
  'htm',
  'md',
  'json',
  'mmd',
  'eps',
  'ps',
  'emf',
];

/** A new `-o` named as a file of another type, or a misspelt image type: it would become a folder. */
export function checkOutputName(output: string | undefined, exists: boolean): void {
  if (!output || output === '-' || exists) return;
  const ext = extname(output).slice(1);
  if (!ext || IMAGE.includes(ext.toLowerCase())) return;
  const near = didYouMean(ext.toLowerCase(), IMAGE);
  if (!near && !OTHER_FILES.includes(ext.toLowerCase())) return;
  throw new UsageError(
    `-o ${output}: Merrow writes .svg, .png and .pdf images, not .${ext}` +
      (near ? `; did you mean '${output.slice(0, -ext.length)}${near}'?` : '') +
      ' (to write into a folder, name one that exists or has no extension)',
  );
}
