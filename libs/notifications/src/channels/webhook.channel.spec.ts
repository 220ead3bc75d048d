import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '@app/config';
import { WebhookChannel } from './webhook.channel';

const msg = { idempotencyKey: 'n-1', kind: 'urge', title: '催办单', text: '请抓紧办理。', markdown: '### 催办单', period: '2025-09-22' };

describe('WebhookChannel on a loopback receiver', () => {
  let server: Server;
  let port = 0;
  const sockets = new Set<unknown>();
  let requests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => { requests++; sockets.add(req.socket); req.resume(); req.on('end', () => res.end('ok')); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  const channel = (allowPrivate: boolean) => new WebhookChannel({ notifications: { allowPrivateWebhooks: allowPrivate } } as AppConfig);

  it('keeps the connection alive between sends', async () => {
    const sut = channel(true);
    for (let i = 0; i < 5; i++) await sut.send({ kind: 'generic', url: `http://localhost:${port}/hook` }, msg);
    sut.onModuleDestroy();
    expect(requests).toBe(5);
    expect(sockets.size).toBe(1);
  });

  it('still refuses a name that resolves to a private address, with a kept-alive agent (SSRF)', async () => {
    const sut = channel(false);
    const before = requests;
    await expect(sut.send({ kind: 'generic', url: `http://localhost:${port}/hook` }, msg)).rejects.toThrow('SSRF');
    await expect(sut.send({ kind: 'generic', url: `http://127.0.0.1:${port}/hook` }, msg)).rejects.toThrow('SSRF');
    sut.onModuleDestroy();
    expect(requests).toBe(before);
  });
});
