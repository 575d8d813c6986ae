import { describe, expect, it } from 'vitest';
import { ApiError } from './contract.ts';
import { checkRelativePath, vcsFolderNamed } from './validate.ts';

describe('vcsFolderNamed', () => {
  it('recognises .git in every spelling a file system takes for it', () => {
    const spellings = [
      '.git',
      '.GIT',
      '.gIt',
      '.git.',
      '.git ',
      '.git. . ',
      '.git::$INDEX_ALLOCATION',
      '.git:x',
    ];
    for (const name of [...spellings, 'git~1', 'GIT~2', '.g\u200cit', '\ufeff.git', '．ｇｉｔ']) {
      expect(vcsFolderNamed(name), JSON.stringify(name)).toBe('.git');
    }
    expect(vcsFolderNamed('.HG')).toBe('.hg');
    expect(vcsFolderNamed('.svn.')).toBe('.svn');
    for (const name of ['.github', '.gitignore', 'git', '.git-hooks', 'my.git', '.gitattributes']) {
      expect(vcsFolderNamed(name), name).toBeNull();
    }
  });
});

describe('checkRelativePath', () => {
  it('refuses a VCS folder anywhere in the path and says which', () => {
    for (const path of ['.git/config', 'a/.GIT/hooks/x', 'sub/.hg/hgrc', 'x/.svn']) {
      const error = (() => {
        try {
          checkRelativePath(path);
        } catch (e) {
          return e;
        }
      })() as ApiError;
      expect(error, path).toBeInstanceOf(ApiError);
      expect(error.code).toBe('outside-workspace');
      expect(error.message).toMatch(/inside \.(git|hg|svn)/);
    }
    expect(checkRelativePath('./docs//.github/flow.mmd')).toBe('docs/.github/flow.mmd');
  });
});
