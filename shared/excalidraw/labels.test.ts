import { describe, expect, it } from 'vitest';
import { readableText } from './labels.ts';

describe('readableText', () => {
  it('trims padding, reads <br> as a break and drops blank lines at the ends', () => {
    expect(readableText('  API   gateway <br> v2\n\n')).toBe('API gateway\nv2');
  });

  it('drops a rule drawn with box-drawing strokes under a heading, and keeps typed dashes', () => {
    expect(readableText('Multer middleware\n──────────────\nStores the file in RAM')).toBe(
      'Multer middleware\nStores the file in RAM',
    );
    expect(readableText('Skin\n---\nhas the hitbox')).toBe('Skin\n---\nhas the hitbox');
    expect(readableText('──────')).toBe('──────');
  });

  it('runs a word broken after its hyphen on into the next line', () => {
    expect(readableText('Ingestion-Users-\nProcessor')).toBe('Ingestion-Users-Processor');
    expect(readableText('GPT-\n4o mini')).toBe('GPT-4o mini');
  });

  it('keeps a dash standing apart, and a list, on their lines', () => {
    expect(readableText('Step one -\nnext')).toBe('Step one -\nnext');
    expect(readableText('Table\n- id\n- name')).toBe('Table\n- id\n- name');
  });
});
