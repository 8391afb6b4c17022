/** Requests to the API through `app.request` (re-exported by harness.ts; without the API's modules, for the browser tests' fixtures). */
export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A request through app.request, with the body parsed (JSON or problem+json). */
export async function send(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, path: string, init?: RequestInit) {
  const response = await app.request(path, init);
  // biome-ignore lint/suspicious/noExplicitAny: assertions below check the shape
  const body: any = await response.json();
  return { status: response.status, headers: response.headers, body };
}
