// The independent tus server the sync tests and the benchmark upload to: @tus/server
// with @tus/file-store over HTTPS, a bearer-token check, a request log (one JSON line
// per request, so tests can count bytes and prove what arrived), and the receipt
// endpoint of docs/sync-protocol.md signed with `ssh-keygen -Y sign`.
// Configuration comes as one JSON object in the EV_TUS_CONFIG environment variable.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, readFileSync } from 'node:fs';
import https from 'node:https';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const config = JSON.parse(process.env.EV_TUS_CONFIG);
const path = '/files';
const store = new FileStore({ directory: config.dir });
let receiptDelay = config.receiptDelay ?? 0;

function log(entry) {
  if (config.log) appendFileSync(config.log, JSON.stringify({ t: Date.now(), ...entry }) + '\n');
}

function authorized(value) {
  return value === `Bearer ${config.token}`;
}

const tus = new Server({
  path,
  datastore: store,
  relativeLocation: true,
  maxSize: config.maxSize ?? 2 ** 40,
  async onIncomingRequest(req) {
    if (!authorized(req.headers.get('authorization'))) {
      throw { status_code: 401, body: 'Unauthorized\n' };
    }
  },
});

function keyFingerprint(pubLine) {
  const blob = Buffer.from(pubLine.trim().split(/\s+/)[1], 'base64');
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

function canonical(obj) {
  // Sorted keys, no spaces: the same bytes as Python's json.dumps(sort_keys=True,
  // separators=(',', ':')) for the ASCII strings and integers a receipt holds.
  return '{' + Object.keys(obj).sort().map((k) => JSON.stringify(k) + ':' + JSON.stringify(obj[k])).join(',') + '}';
}

async function fileSha256(file) {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece);
  return hash.digest('hex');
}

async function receipt(id, res) {
  let upload;
  try {
    upload = await store.getUpload(id);
  } catch {
    res.writeHead(404).end();
    return;
  }
  if (upload.size === undefined || upload.offset !== upload.size || receiptDelay > 0) {
    receiptDelay = Math.max(0, receiptDelay - 1);
    res.writeHead(202, { 'Retry-After': '1' }).end();
    return;
  }
  const digest = await fileSha256(`${config.dir}/${id}`);
  const declared = upload.metadata?.sha256;
  if (declared !== digest) {
    res.writeHead(422, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'The package SHA-256 differs from the one declared.' }));
    return;
  }
  const body = {
    format: 'evidence-vault-receipt',
    version: 1,
    upload_id: id,
    package_sha256: digest,
    size: upload.size,
    received_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    platform_key_fingerprint: keyFingerprint(readFileSync(config.receiptKey + '.pub', 'utf8')),
  };
  const signature = execFileSync(
    'ssh-keygen', ['-q', '-Y', 'sign', '-f', config.receiptKey, '-n', config.namespace],
    { input: canonical(body) },
  ).toString('utf8');
  log({ event: 'receipt', id });
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ receipt: body, signature }));
}

const server = https.createServer(
  { key: readFileSync(config.keyFile), cert: readFileSync(config.certFile) },
  (req, res) => {
    const auth = authorized(req.headers.authorization);
    log({
      method: req.method,
      url: req.url,
      offset: req.headers['upload-offset'] ?? null,
      length: req.headers['content-length'] ?? null,
      auth,
    });
    const match = /^\/files\/([A-Za-z0-9_-]+)\/receipt$/.exec(req.url);
    if (match && req.method === 'GET') {
      if (!auth) {
        res.writeHead(401).end();
        return;
      }
      receipt(match[1], res).catch((error) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    tus.handle(req, res);
  },
);
server.listen(config.port ?? 0, config.host ?? '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
