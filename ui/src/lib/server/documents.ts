/** Streams a document from the API to the browser, keeping only the headers that describe it. */
export function documentResponse(response: Response): Response {
  const headers = new Headers();
  for (const name of [
    'content-type',
    'content-length',
    'content-disposition',
    'x-content-type-options',
    'cache-control',
  ]) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { headers });
}
