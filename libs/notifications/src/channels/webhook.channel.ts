import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { Agent as HttpAgent, ClientRequestArgs, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { privateAddressReason, privateHostReason } from './webhook-address';

export type WebhookKind = 'generic' | 'dingtalk' | 'wecom';

export interface WebhookTarget {
  kind: WebhookKind;
  url: string;
  secret?: string;
}

export interface WebhookMessage {
  idempotencyKey: string;
  kind: string;
  title: string;
  text: string;
  documentNumber?: string | null;
  period: string;
  /** a workflow step's notice: its task, and the task page's address (absolute when PUBLIC_URL is set, else a path) */
  taskId?: string | null;
  link?: string | null;
}

export class WebhookError extends Error {}

/**
 * What DingTalk and WeCom robot markdown acts on: headings and quotes, emphasis, links and images, inline code, HTML
 * (WeCom `<font color>`, `<@userid>` mentions; DingTalk `<font>`). Neither documents a backslash escape, so these
 * become their full-width look-alikes, which read the same in Chinese text and are never markup.
 */
const ROBOT_MARKUP: Record<string, string> = {
  '\\': '＼', '*': '＊', '_': '＿', '`': '｀', '[': '［', ']': '］', '<': '＜', '>': '＞', '#': '＃',
};

/** Text for robot markdown: report titles and bodies are data, so nothing in them can add a link, heading or mention. */
export function escapeRobotMarkdown(text: string): string {
  return text.replace(/[\\*_`[\]<>#]/g, (c) => ROBOT_MARKUP[c])
    // a line of only - or = underlines the line above into a heading (setext) or draws a rule
    .replace(/^(\s*)([-=])(?=[-=\s]*$)/gm, (_, lead: string, c: string) => `${lead}${c === '-' ? '－' : '＝'}`);
}

/**
 * The robots' markdown for a notice: the title as a heading (on one line), each body line its own paragraph, and an
 * absolute task link as a link (our own address: PUBLIC_URL, checked at boot, and a uuid; a path is text only).
 */
export function robotMarkdown(title: string, text: string, link?: string | null): string {
  const lines = text.split('\n').map((l) => escapeRobotMarkdown(l.trimEnd())).filter((l) => l.trim());
  if (link) lines.push(/^https?:\/\//.test(link) ? `[查看任务](${link})` : `任务页面：${escapeRobotMarkdown(link)}`);
  return [`### ${escapeRobotMarkdown(oneLine(title))}`, ...lines].join('\n\n');
}

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/** The target is an address a webhook may not reach: permanent, sending again cannot succeed. */
export class WebhookRefusedError extends WebhookError {
  constructor(readonly host: string, readonly reason: string) {
    super(`拒绝访问内网或本机地址 ${host}（${reason}，SSRF 防护）`);
    this.name = 'WebhookRefusedError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** How names are resolved: dns.lookup (getaddrinfo: /etc/hosts, then DNS); tests provide answers of their own. */
export type WebhookDnsLookup = (host: string, opts: LookupOptions & { all: true },
  cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
export const WEBHOOK_DNS_LOOKUP = Symbol('WEBHOOK_DNS_LOOKUP');

/** The lookup refuses a local name before asking, and an answer with any address that is not public. */
function checkedLookup(resolve: WebhookDnsLookup) {
  return (host: string, opts: LookupOptions, cb: LookupCallback): void => {
    const reason = privateHostReason(host);
    if (reason) return process.nextTick(cb, new WebhookRefusedError(host, reason), '');
    resolve(host, { ...opts, all: true }, (err, list) => {
      if (err) return cb(err, '');
      if (!list.length) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), '');
      for (const a of list) {
        const bad = privateAddressReason(a.address);
        if (bad) return cb(new WebhookRefusedError(`${host} → ${a.address}`, bad), '');
      }
      return opts.all ? cb(null, list) : cb(null, list[0].address, list[0].family);
    });
  };
}

type ConnectionCallback = (err: Error | null, stream: Duplex) => void;

/**
 * The one place a webhook socket is made: an IP-literal host (which Node never passes through `lookup`) is checked
 * here, before any connection; a name gets the checked lookup. Every socket of the agent's keep-alive pool was made
 * here, so a reused socket is one whose address passed.
 */
function guardConnection(options: ClientRequestArgs, cb: ConnectionCallback | undefined, lookup: ClientRequestArgs['lookup'],
  connect: (o: ClientRequestArgs) => Duplex | null | undefined): Duplex | null | undefined {
  const host = options.host ?? options.hostname ?? 'localhost';
  const reason = privateHostReason(host);
  if (reason) {
    process.nextTick(() => cb?.(new WebhookRefusedError(host, reason), undefined as never));
    return undefined; // the agent hands the error to the request
  }
  return connect({ ...options, lookup });
}

class GuardedHttpAgent extends HttpAgent {
  constructor(private readonly lookup: ClientRequestArgs['lookup']) {
    super({ keepAlive: true });
  }

  override createConnection(options: ClientRequestArgs, cb?: ConnectionCallback): Duplex | null | undefined {
    return guardConnection(options, cb, this.lookup, (o) => super.createConnection(o, cb));
  }
}

class GuardedHttpsAgent extends HttpsAgent {
  constructor(private readonly lookup: ClientRequestArgs['lookup']) {
    super({ keepAlive: true });
  }

  override createConnection(options: HttpsRequestOptions, cb?: ConnectionCallback): Duplex | null | undefined {
    return guardConnection(options, cb, this.lookup, (o) => super.createConnection(o as HttpsRequestOptions, cb));
  }
}

/** The longest a webhook send may take, connection to last byte; NOTIFY_LEASE_MS (15 s) must stay above it. */
export const WEBHOOK_SEND_DEADLINE_MS = 10_000;
const WEBHOOK_RESPONSE_MAX_BYTES = 64 * 1024;

/**
 * Webhooks: a generic JSON POST signed with HMAC-SHA256, the DingTalk custom robot (markdown, `timestamp` + `sign`
 * query parameters when a secret is set) and the WeCom group robot (markdown; the platform has no signing).
 * SSRF (see webhook-address.ts): the agents check every connection they make, an IP literal before connecting and a
 * name inside the socket's DNS lookup, so the checked address is the one connected to (no rebinding window); a refused
 * target fails with WebhookRefusedError, which is permanent. Redirects are not followed. WEBHOOK_ALLOW_PRIVATE=true
 * lifts the check (tests, intranets).
 * Connections are kept alive between sends (a new TCP, and TLS, handshake per notice was most of a send's cost).
 */
@Injectable()
export class WebhookChannel implements OnApplicationShutdown {
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(WEBHOOK_DNS_LOOKUP) resolve: WebhookDnsLookup | null = null,
  ) {
    const lookup = checkedLookup(resolve ?? dnsLookup) as ClientRequestArgs['lookup'];
    this.agents = config.notifications.allowPrivateWebhooks
      ? { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }
      : { http: new GuardedHttpAgent(lookup), https: new GuardedHttpsAgent(lookup) };
  }

  // with the application, after the worker has drained its sends: closing earlier cuts the sends in flight
  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async send(target: WebhookTarget, msg: WebhookMessage, now = Date.now()): Promise<void> {
    const url = new URL(target.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookError(`不支持的协议 ${url.protocol}`);
    let body: string;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    switch (target.kind) {
      case 'generic': {
        body = JSON.stringify({ id: msg.idempotencyKey, kind: msg.kind, title: msg.title, text: msg.text,
          documentNumber: msg.documentNumber ?? null, period: msg.period,
          ...(msg.link ? { taskId: msg.taskId ?? null, url: msg.link } : {}) });
        const ts = String(Math.floor(now / 1000));
        headers['x-duban-delivery'] = msg.idempotencyKey;
        headers['x-duban-timestamp'] = ts;
        if (target.secret) {
          headers['x-duban-signature'] = `sha256=${createHmac('sha256', target.secret).update(`${ts}.${body}`).digest('hex')}`;
        }
        break;
      }
      case 'dingtalk': {
        // markdown.title is the plain-text preview in the chat list, not rendered
        body = JSON.stringify({ msgtype: 'markdown', markdown: { title: oneLine(msg.title), text: robotMarkdown(msg.title, msg.text, msg.link) } });
        if (target.secret) {
          const ts = String(now);
          const sign = createHmac('sha256', target.secret).update(`${ts}\n${target.secret}`).digest('base64');
          url.searchParams.set('timestamp', ts);
          url.searchParams.set('sign', sign);
        }
        break;
      }
      case 'wecom':
        body = JSON.stringify({ msgtype: 'markdown', markdown: { content: robotMarkdown(msg.title, msg.text, msg.link) } });
        break;
      default:
        throw new WebhookError(`未知的 webhook 类型 ${String(target.kind)}`);
    }
    const { status, text } = await this.post(url, headers, body);
    if (status < 200 || status >= 300) throw new WebhookError(`HTTP ${status}: ${text.slice(0, 200)}`);
    if (target.kind !== 'generic') {
      // the robots answer 200 with {errcode, errmsg}; anything but errcode 0 is a failure
      let errcode: unknown = 0;
      let errmsg = '';
      try {
        ({ errcode, errmsg } = JSON.parse(text) as { errcode?: unknown; errmsg: string });
      } catch { /* not JSON: accept the 2xx */ }
      if (errcode !== undefined && errcode !== 0) throw new WebhookError(`errcode ${String(errcode)}: ${errmsg}`);
    }
  }

  private post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const https = url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: https ? this.agents.https : this.agents.http }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= WEBHOOK_RESPONSE_MAX_BYTES) chunks.push(c); // only the start is read into errors
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      // the whole exchange, not only idle time: a receiver that trickles must not outlast the send's lease
      const deadline = setTimeout(() => req.destroy(new WebhookError(`超时（${WEBHOOK_SEND_DEADLINE_MS / 1000} 秒）`)),
        WEBHOOK_SEND_DEADLINE_MS);
      req.on('close', () => clearTimeout(deadline));
      req.on('error', reject);
      req.end(body);
    });
  }
}
