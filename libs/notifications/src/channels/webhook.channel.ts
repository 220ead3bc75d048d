import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { isPrivateAddress } from './webhook-address';

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
  /** markdown for the robot formats */
  markdown: string;
  documentNumber?: string | null;
  period: string;
}

export class WebhookError extends Error {}

/**
 * Webhooks: a generic JSON POST signed with HMAC-SHA256, the DingTalk custom robot (markdown, `timestamp` + `sign`
 * query parameters when a secret is set) and the WeCom group robot (markdown; the platform has no signing).
 * SSRF: the address is checked inside the socket's DNS lookup, so the checked address is the one connected to (no
 * rebinding window); redirects are not followed. WEBHOOK_ALLOW_PRIVATE=true lifts the check (tests, intranets).
 * Connections are kept alive between sends (a new TCP, and TLS, handshake per notice was most of a send's cost); a
 * reused socket is one whose address passed the check when it connected.
 */
@Injectable()
export class WebhookChannel implements OnModuleDestroy {
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(private readonly config: AppConfig) {}

  onModuleDestroy(): void {
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
          documentNumber: msg.documentNumber ?? null, period: msg.period });
        const ts = String(Math.floor(now / 1000));
        headers['x-duban-delivery'] = msg.idempotencyKey;
        headers['x-duban-timestamp'] = ts;
        if (target.secret) {
          headers['x-duban-signature'] = `sha256=${createHmac('sha256', target.secret).update(`${ts}.${body}`).digest('hex')}`;
        }
        break;
      }
      case 'dingtalk': {
        body = JSON.stringify({ msgtype: 'markdown', markdown: { title: msg.title, text: msg.markdown } });
        if (target.secret) {
          const ts = String(now);
          const sign = createHmac('sha256', target.secret).update(`${ts}\n${target.secret}`).digest('base64');
          url.searchParams.set('timestamp', ts);
          url.searchParams.set('sign', sign);
        }
        break;
      }
      case 'wecom':
        body = JSON.stringify({ msgtype: 'markdown', markdown: { content: msg.markdown } });
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
    const allowPrivate = this.config.notifications.allowPrivateWebhooks;
    const lookup = (host: string, opts: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(host, { ...opts, all: true }, (err, addresses) => {
        if (err) return cb(err, '');
        const list = addresses as LookupAddress[];
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad && !allowPrivate) return cb(new WebhookError(`拒绝访问内网地址 ${bad.address}（SSRF 防护）`), '');
        const all = (opts as { all?: boolean }).all;
        return all ? cb(null, list) : cb(null, list[0].address, list[0].family);
      });
    };
    if (isIP(url.hostname.replace(/^\[|\]$/g, '')) && !allowPrivate && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
      return Promise.reject(new WebhookError(`拒绝访问内网地址 ${url.hostname}（SSRF 防护）`));
    }
    const https = url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: lookup as never, timeout: 10_000, agent: https ? this.agents.https : this.agents.http }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new WebhookError('超时（10 秒）')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
