// Starting the aseic binary on a free loopback port, and crawling its pages.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'node:http';

/** Starts `bin` on 127.0.0.1 with a free port, with `args` more; resolves to { origin, stop }. */
export function startSite(bin, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUST_LOG: 'info', NO_COLOR: '1' },
    });
    const timer = setTimeout(() => reject(new Error(`${bin} printed no address within 20 s`)), 20_000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${bin} exited early with ${code}`)));
    const lines = createInterface({ input: child.stderr });
    lines.on('line', (line) => {
      const match = line.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          origin: `http://${match[1]}`,
          stop: () => new Promise((done) => { child.on('exit', done); child.kill('SIGTERM'); }),
        });
      }
    });
  });
}

/** GETs `url` without decoding: { status, headers, body (Buffer, as sent) };
 * with `form` (an object of fields), sends it as a browser sends a form by
 * GET: in the query. */
export function fetchRaw(url, headers = {}, form = undefined) {
  const target = form === undefined ? url : `${url}?${new URLSearchParams(form).toString()}`;
  return new Promise((resolve, reject) => {
    const req = request(target, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${target} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** The site-local links of an HTML page: paths without their fragment. */
export function localLinks(html) {
  const paths = [];
  for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    const path = href.split('#')[0];
    if (path) paths.push(path.replaceAll('&amp;', '&'));
  }
  return paths;
}

/** Every HTML page reachable from `/`, in the order found; every link must answer 200. */
export async function crawl(origin, limit = 500) {
  const seen = new Set(['/']);
  const queue = ['/'];
  const pages = [];
  while (queue.length > 0) {
    const path = queue.shift();
    const res = await fetchRaw(origin + path);
    if (res.status !== 200) throw new Error(`the link to ${path} answers ${res.status}`);
    // Open data (JSON, CSV) is linked too: checked to answer, not crawled.
    if (!String(res.headers['content-type']).startsWith('text/html')) continue;
    pages.push(path);
    if (pages.length > limit) throw new Error(`more than ${limit} pages: is the crawl looping?`);
    for (const link of localLinks(res.body.toString('utf8'))) {
      if (!seen.has(link) && !link.startsWith('/static/')) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return pages;
}

/** A content folder of `fixtures`' folders laid over one another, in a new temporary folder. */
export function contentOf(...fixtures) {
  const dir = mkdtempSync(join(tmpdir(), 'aseic-gates-'));
  for (const fixture of fixtures) cpSync(fixture, dir, { recursive: true });
  return dir;
}
