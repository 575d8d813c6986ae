import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  MAX_SHOWN_SIZE,
  namesByPicture,
  pictureName,
  picturesToRead,
  type ReadWord,
} from './picture-text.ts';

const words = (line: string): ReadWord[] =>
  line.split(' ').map((w) => {
    const [text = '', confidence = '95'] = w.split('@');
    return { text, confidence: Number(confidence) };
  });

describe('pictureName', () => {
  it('keeps the sure words of a short printed name, line by line', () => {
    expect(pictureName([words('Amazon'), words('API Gateway')])).toBe('Amazon API Gateway');
    expect(pictureName([words('AWS CloudFormation')])).toBe('AWS CloudFormation');
  });

  it('keeps product names with digits and marks, and drops the punctuation around words', () => {
    expect(pictureName([words('Amazon S3')])).toBe('Amazon S3');
    expect(pictureName([words('Node.js')])).toBe('Node.js');
    expect(pictureName([words('mongoDB.')])).toBe('mongoDB');
    expect(pictureName([words('(AWS CDK)')])).toBe('AWS CDK');
  });

  it("leaves out marks a reader found in the logo's shapes", () => {
    expect(pictureName([words('|i@72'), words('Amazon@93 S3@92')])).toBe('Amazon S3');
    expect(pictureName([words('1@38 Greenlight@96')])).toBe('Greenlight');
    expect(pictureName([words('Jil@47 polars@93')])).toBe('polars');
  });

  it('names nothing from a logo read as noise, or from single letters and numbers', () => {
    expect(pictureName([words('EE@0 —@0'), words('A@3'), words('=@64 )@0'), words('~N@82 TT@0')])).toBeNull();
    expect(pictureName([words('A@71')])).toBeNull();
    expect(pictureName([words('20-60@95')])).toBeNull();
    expect(pictureName([])).toBeNull();
  });

  it('names nothing from a screenshot of text, a table or a banner', () => {
    expect(
      pictureName([words('Functional Requirements'), words('1. Users should be able to view events')]),
    ).toBeNull();
  });

  it('names nothing when most of what was read is unsure', () => {
    expect(pictureName([words('Siig,@18 Lowe@20'), words('docker@84')])).toBeNull();
  });
});

const image = (id: string, fileId: string, size = 80, extra: object = {}) => ({
  id,
  type: 'image',
  x: 0,
  y: 0,
  width: size,
  height: size,
  fileId,
  ...extra,
});
const file = (mimeType: string, data = 'iVBORw0KGgo=') => ({
  mimeType,
  dataURL: `data:${mimeType};base64,${data}`,
});
const drawing = (elements: object[], files: object) =>
  strToU8(JSON.stringify({ type: 'excalidraw', version: 2, elements, files }));

describe('picturesToRead', () => {
  it('lists the PNG and JPEG pictures shown at an icon’s size, each once, in the order shown', () => {
    const bytes = drawing(
      [image('a', 'png'), image('b', 'jpg'), image('c', 'png'), image('d', 'svg'), image('e', 'gif')],
      {
        png: file('image/png'),
        jpg: file('image/jpeg', '/9j/'),
        svg: file('image/svg+xml', 'PHN2Zz4='),
        gif: file('image/gif', 'R0lG'),
        unused: file('image/png'),
      },
    );
    expect(picturesToRead(bytes).map((p) => [p.id, p.mimeType])).toEqual([
      ['png', 'image/png'],
      ['jpg', 'image/jpeg'],
    ]);
  });

  it('leaves out screenshots (a picture shown large anywhere), deleted images and missing files', () => {
    const bytes = drawing(
      [
        image('small', 'shot'),
        image('large', 'shot', MAX_SHOWN_SIZE + 1),
        image('gone', 'icon', 80, { isDeleted: true }),
        image('lost', 'missing'),
      ],
      { shot: file('image/png'), icon: file('image/png') },
    );
    expect(picturesToRead(bytes)).toEqual([]);
  });

  it('gives none for a file that is not a drawing, or not even JSON', () => {
    expect(picturesToRead(strToU8('{"elements": 3}'))).toEqual([]);
    expect(picturesToRead(strToU8('not json'))).toEqual([]);
  });

  it('maps the names read back to the pictures, leaving out those that named nothing', () => {
    const pictures = picturesToRead(
      drawing([image('a', 'p1'), image('b', 'p2')], { p1: file('image/png'), p2: file('image/png') }),
    );
    expect(namesByPicture(pictures, [null, 'Queue'])).toEqual(new Map([['p2', 'Queue']]));
  });
});
