/**
 * The floor the sandbox is compared with: a bare `node:http` server that answers every List SMS request with
 * a fixed, pre-encoded page (the bench uploads real sandbox pages with `PUT /_floor/<page_size>`). It does no
 * auth, search, token or serialisation work, so its pages per CPU-second are what Node's HTTP stack and the
 * kernel's loopback copy cost on this machine. Started by bench/run.ts; prints its port, runs until killed.
 */
import { createServer } from 'node:http';

const bodies = new Map<string, Buffer>();
const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const url = req.url ?? '/';
  if (url === '/_sandbox/process') {
    res.end(JSON.stringify({ memory: process.memoryUsage(), cpu: process.cpuUsage() }));
    return;
  }
  if (req.method === 'PUT' && url.startsWith('/_floor/')) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.set(url.slice('/_floor/'.length), Buffer.concat(chunks));
      res.end();
    });
    return;
  }
  const size = /[?&]page_size=(\d+)/.exec(url)?.[1] ?? '10';
  const body = bodies.get(size);
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object')
    console.log(`export ZOOM_API_BASE_URL=http://127.0.0.1:${address.port}/v2`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
