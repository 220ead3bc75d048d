import * as dns from 'node:dns';
import { Agent as HttpAgent, createServer, Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AddressInfo } from 'node:net';
import { AppConfig } from '@app/config';
import { robotMarkdown, WebhookChannel, WebhookDnsLookup, WebhookRefusedError } from './webhook.channel';

const msg = { idempotencyKey: 'n-1', kind: 'urge', title: '催办单', text: '请抓紧办理。', period: '2025-09-22' };

describe('robotMarkdown (DingTalk / WeCom robot markdown)', () => {
  // a task title copied from a report, written to do more than be read
  const title = '整改[点此查看](http://evil.example/x) <@zhangsan> <font color="warning">紧急</font>\n# 通知 ![](http://evil.example/p.png)';

  it('keeps a title to one heading line: no link, image, mention, font tag or second heading survives', () => {
    const md = robotMarkdown(title, '请抓紧办理。');
    const [heading, ...rest] = md.split('\n\n');
    expect(heading).toBe('### 整改［点此查看］(http://evil.example/x) ＜@zhangsan＞ ＜font color="warning"＞紧急＜/font＞ ＃ 通知 !［］(http://evil.example/p.png)');
    expect(rest).toEqual(['请抓紧办理。']);
  });

  it('escapes body lines: headings, quotes, emphasis, code, setext underlines and rules become text', () => {
    const md = robotMarkdown('催办单', '第一行\n# 假标题\n> 假引用\n**粗体** _斜体_ `代码` \\[x]\n假标题二\n===\n---\n- 列表项照常\n\n');
    expect(md.split('\n\n')).toEqual(['### 催办单', '第一行', '＃ 假标题', '＞ 假引用', '＊＊粗体＊＊ ＿斜体＿ ｀代码｀ ＼［x］',
      '假标题二', '＝==', '－--', '- 列表项照常']);
  });

  it('leaves ordinary Chinese text, numbers and addresses alone', () => {
    expect(robotMarkdown('关于〔2025〕3号督办单的催办', '请于 2025-10-31 前报送 sfj@example.gov.cn（附件 1-2）。'))
      .toBe('### 关于〔2025〕3号督办单的催办\n\n请于 2025-10-31 前报送 sfj@example.gov.cn（附件 1-2）。');
  });

  it('ends a step\'s notice with its task link: a markdown link when absolute, the path as text otherwise', () => {
    const id = '6f1c1f0e-2b7a-4c55-9a43-0d0d3f0b6a11';
    expect(robotMarkdown('【退回】DB-1 任务', '退回理由：[x](http://evil)', `https://duban.example.gov.cn/tasks/${id}`).split('\n\n'))
      .toEqual(['### 【退回】DB-1 任务', '退回理由：［x］(http://evil)', `[查看任务](https://duban.example.gov.cn/tasks/${id})`]);
    expect(robotMarkdown('【退回】DB-1 任务', '退回理由：无', `/tasks/${id}`).split('\n\n').at(-1)).toBe(`任务页面：/tasks/${id}`);
  });
});

describe('WebhookChannel on a loopback receiver', () => {
  let server: Server;
  let port = 0;
  const sockets = new Set<unknown>();
  let requests = 0;
  let connections = 0;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      sockets.add(req.socket);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { bodies.push(Buffer.concat(chunks).toString('utf8')); res.end('ok'); });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  // names are answered here, never by a DNS server: only 'localhost', from /etc/hosts, may reach getaddrinfo
  const answers = (list: Array<{ address: string; family: number }>) => jest.fn<void, Parameters<WebhookDnsLookup>>(
    (host, _opts, cb) => (host === 'localhost' ? dns.lookup(host, { all: true }, cb) : process.nextTick(cb, null, list)));
  const channel = (allowPrivate: boolean, lookup = answers([])) =>
    new WebhookChannel({ notifications: { allowPrivateWebhooks: allowPrivate } } as AppConfig, lookup);

  it('keeps the connection alive between sends', async () => {
    const sut = channel(true);
    for (let i = 0; i < 5; i++) await sut.send({ kind: 'generic', url: `http://localhost:${port}/hook` }, msg);
    sut.onApplicationShutdown();
    expect(requests).toBe(5);
    expect(sockets.size).toBe(1);
  });

  it('still refuses a name that resolves to a private address, with a kept-alive agent (SSRF)', async () => {
    const sut = channel(false);
    const before = requests;
    await expect(sut.send({ kind: 'generic', url: `http://localhost:${port}/hook` }, msg)).rejects.toThrow('SSRF');
    await expect(sut.send({ kind: 'generic', url: `http://127.0.0.1:${port}/hook` }, msg)).rejects.toThrow('SSRF');
    sut.onApplicationShutdown();
    expect(requests).toBe(before);
  });

  afterEach(() => jest.restoreAllMocks());

  // Each of these reaches the receiver on 127.0.0.1 when private targets are allowed (see the control below).
  const loopbackForms = () => [`http://[::ffff:127.0.0.1]:${port}/x`, `http://[::ffff:7f00:1]:${port}/x`,
    `http://2130706433:${port}/x`, `http://0x7f.1:${port}/x`, `http://0177.0.0.1:${port}/x`,
    `http://127.1:${port}/x`, `http://127.0.0.1.:${port}/x`, `http://0:${port}/x`, `http://[::]:${port}/x`,
    `http://[::1]:${port}/x`, `http://localhost.:${port}/x`, `http://LOCALHOST:${port}/x`, `http://a.localhost:${port}/x`];

  it('refuses every spelling of a loopback address before connecting: no socket, no request', async () => {
    const sut = channel(false);
    const connect = jest.spyOn(HttpAgent.prototype, 'createConnection');
    const before = { requests, connections };
    for (const url of loopbackForms()) {
      await expect(sut.send({ kind: 'generic', url }, msg)).rejects.toBeInstanceOf(WebhookRefusedError);
    }
    sut.onApplicationShutdown();
    expect(connect).not.toHaveBeenCalled();
    expect({ requests, connections }).toEqual(before);
  });

  it('refuses mapped, compatible, NAT64 and tunnel forms of metadata and private addresses before any socket exists', async () => {
    const sut = channel(false);
    // should the guard fail, this stands in for the connection, so nothing is sent off this machine
    const attempted = () => { throw new Error('test: a connection was attempted'); };
    const connect = jest.spyOn(HttpAgent.prototype, 'createConnection').mockImplementation(attempted);
    const connectTls = jest.spyOn(HttpsAgent.prototype, 'createConnection').mockImplementation(attempted);
    // ::127.0.0.1 is IPv4-compatible, not loopback: a socket would send it to the IPv6 default route
    const hosts = [`[::127.0.0.1]:${port}`, '[::7f00:1]', '[::ffff:169.254.169.254]', '[::ffff:a9fe:a9fe]',
      '[::ffff:10.0.0.1]', '[::ffff:a00:1]', '[::ffff:0:a00:1]', '[::169.254.169.254]', '[64:ff9b::a9fe:a9fe]',
      '[64:ff9b::10.0.0.1]', '[64:ff9b:1::a00:1]', '[2002:a9fe:a9fe::1]', '[2001:0:a00:1::1]', '[fe80::1]', '[fd00::1]',
      '[ff02::1]', '169.254.169.254', '0xa9fea9fe', '10.1', '100.64.0.1', '192.168.0.1', '198.18.0.1', 'metadata',
      'metadata.google.internal'];
    for (const url of [...hosts.map((h) => `http://${h}/latest/meta-data/`), 'https://[::ffff:a9fe:a9fe]/', 'https://10.0.0.1/']) {
      await expect(sut.send({ kind: 'wecom', url }, msg)).rejects.toBeInstanceOf(WebhookRefusedError);
    }
    sut.onApplicationShutdown();
    expect(connect).not.toHaveBeenCalled();
    expect(connectTls).not.toHaveBeenCalled();
  });

  it('refuses a name whose DNS answer is private, before connecting (the answer is the one connected to)', async () => {
    // a public-looking name answering with loopback addresses: DNS rebinding without a DNS server
    const lookup = answers([{ address: '127.0.0.1', family: 4 }, { address: '::ffff:127.0.0.1', family: 6 }]);
    const sut = channel(false, lookup);
    const before = { requests, connections };
    await expect(sut.send({ kind: 'dingtalk', url: `http://hooks.example.test:${port}/robot` }, msg))
      .rejects.toThrow(/hooks\.example\.test → 127\.0\.0\.1.*SSRF/);
    sut.onApplicationShutdown();
    expect(lookup).toHaveBeenCalledWith('hooks.example.test', expect.anything(), expect.any(Function));
    expect({ requests, connections }).toEqual(before);
  });

  it('control: with private targets allowed, the mapped and numeric forms do reach the loopback receiver', async () => {
    const sut = channel(true);
    const before = requests;
    for (const url of [`http://[::ffff:127.0.0.1]:${port}/x`, `http://[::ffff:7f00:1]:${port}/x`, `http://2130706433:${port}/x`,
      `http://0x7f.1:${port}/x`]) {
      await sut.send({ kind: 'generic', url }, msg);
    }
    sut.onApplicationShutdown();
    expect(requests - before).toBe(4);
  });

  it('sends DingTalk and WeCom robots the escaped markdown, and DingTalk a one-line preview title', async () => {
    const sut = channel(true);
    const evil = { ...msg, title: '整改[详情](http://evil.example)\n# 假标题', text: '> 引用 <@all>' };
    await sut.send({ kind: 'dingtalk', url: `http://localhost:${port}/robot/send?access_token=t` }, evil);
    await sut.send({ kind: 'wecom', url: `http://localhost:${port}/cgi-bin/webhook/send?key=k` }, evil);
    sut.onApplicationShutdown();
    const expected = '### 整改［详情］(http://evil.example) ＃ 假标题\n\n＞ 引用 ＜@all＞';
    expect(JSON.parse(bodies.at(-2)!)).toEqual({ msgtype: 'markdown',
      markdown: { title: '整改[详情](http://evil.example) # 假标题', text: expected } });
    expect(JSON.parse(bodies.at(-1)!)).toEqual({ msgtype: 'markdown', markdown: { content: expected } });
  });
});
