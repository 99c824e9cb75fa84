// Generated 28x28 training images (outliers, European digits) take 30–150 ms each through the app's
// transform, so runs keep them in a cache file in the temp folder.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { data } from '@digitnet/core';

/**
 * The first `count` images of a generated set, through `dir/<name>.idx`: the file holds the longest
 * set made so far, and a shorter set is its prefix (generators make their images in order). `make`
 * draws `count` images when the file holds fewer.
 */
export async function cachedImages(
  dir: string,
  name: string,
  count: number,
  make: () => Uint8Array,
): Promise<Uint8Array> {
  const path = join(dir, `${name}.idx`);
  const cached = await readFile(path).then(
    (bytes) => data.readIdx(new Uint8Array(bytes)),
    () => null,
  );
  if (cached && cached.dims.length === 3 && cached.dims[0] >= count) {
    return Uint8Array.from(cached.data.subarray(0, count * 784));
  }
  const images = make();
  await mkdir(dir, { recursive: true });
  await writeFile(path, data.writeIdx([count, 28, 28], images));
  return images;
}
