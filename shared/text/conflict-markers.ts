/**
 * The first of git's conflict markers in `text`: a line that starts `<<<<<<<` or `>>>>>>>` (with
 * a space or nothing after, as git writes them). `=======` alone is a Markdown heading underline,
 * so it counts only after a `<<<<<<<`. Null when there is none.
 */
export function firstConflictMarker(text: string): { line: number; marker: string } | null {
  const lines = text.split('\n');
  let opened = false;
  for (let i = 0; i < lines.length; i++) {
    const match = /^(<{7}|={7}|>{7})(?=\s|$)/.exec(lines[i]!);
    if (!match) continue;
    const marker = match[1]!;
    if (marker === '=======' && !opened) continue;
    if (marker === '<<<<<<<') opened = true;
    return { line: i + 1, marker };
  }
  return null;
}
