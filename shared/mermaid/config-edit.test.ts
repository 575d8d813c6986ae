import { describe, expect, it } from 'vitest';
import { editConfigText } from './config-edit.ts';

const USERS = `{
    "look": "classic",
    "flowchart": { "curve": "basis", "padding": 20 },

    "fontFamily": "Inter"
}
`;

describe('editConfigText', () => {
  it("changes only the key that changed, in the user's formatting", () => {
    const themed = editConfigText(USERS, { theme: 'dark' });
    expect(themed).toBe(`{
    "look": "classic",
    "flowchart": { "curve": "basis", "padding": 20 },

    "fontFamily": "Inter",
    "theme": "dark"
}
`);
    expect(editConfigText(themed, { theme: undefined })).toBe(USERS);
    expect(editConfigText(USERS, { look: 'handDrawn' })).toBe(USERS.replace('"classic"', '"handDrawn"'));
  });

  it('keeps tabs, Windows line ends and a missing final key order as they are', () => {
    const tabbed = '{\r\n\t"look": "classic"\r\n}\r\n';
    expect(editConfigText(tabbed, { look: 'handDrawn' })).toBe('{\r\n\t"look": "handDrawn"\r\n}\r\n');
  });

  it('starts a new file with two-space indentation', () => {
    expect(editConfigText(null, { theme: 'dark' })).toBe('{\n  "theme": "dark"\n}\n');
  });
});
