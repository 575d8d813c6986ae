/** The `pictures.read` method: names printed in a drawing's icons, read on the machine's side. */

import { ApiError, type ApiHandlers } from '../../shared/api/contract.ts';
import { MAX_PICTURE_CHARS, MAX_PICTURES, readableFormat } from '../../shared/excalidraw/picture-text.ts';
import { guarded } from '../boundary/guarded.ts';
import type { PictureReader } from './read-pictures.ts';

/** All the pictures of one call together: what one drawing may carry. */
const MAX_TOTAL_CHARS = 48 * 1024 * 1024;

export type PicturesHandlers = Pick<ApiHandlers, 'pictures.read'>;

export function createPicturesApi(reader: PictureReader): PicturesHandlers {
  return {
    'pictures.read': guarded('pictures.read', async ({ images }) => {
      if (images.length > MAX_PICTURES)
        throw new ApiError('too-large', `at most ${MAX_PICTURES} pictures are read at once`);
      let total = 0;
      for (const image of images) {
        total += image.length;
        if (image.length > MAX_PICTURE_CHARS || total > MAX_TOTAL_CHARS)
          throw new ApiError('too-large', 'the pictures are too large to read');
        if (!readableFormat(image))
          throw new ApiError('invalid-args', 'images: expected PNG or JPEG data URLs');
      }
      const names = await reader.names(images);
      return { names, unavailable: reader.unavailable };
    }),
  };
}
