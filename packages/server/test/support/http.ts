import * as assert from 'uvu/assert';

/** Asserts a JSON error answer with `status` and returns its message. */
export async function errorOf(res: Response, status: number): Promise<string> {
  const text = await res.text();
  assert.is(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  assert.match(res.headers.get('Content-Type') ?? '', /application\/json/);
  const body = JSON.parse(text) as { error?: unknown };
  assert.type(body.error, 'string');
  return body.error as string;
}
