// Placing and controlling calls (twilio-surface.md §2.2): POST Calls.json hands a validated
// request to the call router and answers 201 with the queued call; POST Calls/{Sid}.json
// redirects (Url/Twiml), cancels or hangs up a live call.

import { isTwimlError, parseAddress, parseTwiml, type CallRouter, type CreateCallRequest, type DocumentSource, type StatusEvent, type WebhookTarget } from '../../../call/index.ts';
import { SwitchboardError } from '../../../core/index.ts';
import type { AccountRow } from '../../../store/index.ts';
import type { Ctx, RouteDef } from '../../context.ts';
import { parseParams, str, type ParamSpec, type Params } from '../../params.ts';
import { accountPath } from '../../scoped.ts';
import { presentCall } from './presenter.ts';

const STATUS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

const sourceParams: readonly ParamSpec[] = [
  { name: 'Url', type: 'url' },
  { name: 'Method', type: 'method' },
  { name: 'Twiml', type: 'string', max: 4000 },
  { name: 'FallbackUrl', type: 'url' },
  { name: 'FallbackMethod', type: 'method' },
  { name: 'StatusCallback', type: 'url' },
  { name: 'StatusCallbackMethod', type: 'method' },
];

const createParams: readonly ParamSpec[] = [
  { name: 'To', type: 'string', required: true, code: 21201 },
  { name: 'From', type: 'string', required: true, code: 21212 },
  ...sourceParams,
  { name: 'ApplicationSid', type: 'sid', prefix: 'AP', code: 21218 },
  { name: 'StatusCallbackEvent', type: 'enum', values: STATUS_EVENTS, multiple: true },
  { name: 'Timeout', type: 'int' },
  { name: 'SendDigits', type: 'string', max: 32 },
  { name: 'CallerId', type: 'string' },
  { name: 'SipAuthUsername', type: 'string' },
  { name: 'SipAuthPassword', type: 'string' },
  { name: 'Record', type: 'boolean' },
  { name: 'RecordingChannels', type: 'enum', values: ['mono', 'dual'] },
  { name: 'RecordingStatusCallback', type: 'url' },
  { name: 'RecordingStatusCallbackMethod', type: 'method' },
  { name: 'RecordingStatusCallbackEvent', type: 'enum', values: ['in-progress', 'completed', 'absent'], multiple: true },
  { name: 'Trim', type: 'enum', values: ['trim-silence', 'do-not-trim'] },
];

const updateParams: readonly ParamSpec[] = [...sourceParams, { name: 'Status', type: 'enum', values: ['canceled', 'completed'] }, { name: 'TimeLimit', type: 'int' }];

const method = (p: Params, k: string): 'GET' | 'POST' => (str(p, k) === 'GET' ? 'GET' : 'POST');

function router(ctx: Ctx): CallRouter {
  if (!ctx.deps.calls) throw new SwitchboardError(20500, 'this server runs no call router');
  return ctx.deps.calls;
}

/** Url or Twiml (checked now: bad inline TwiML is a 400 with its TwiML code), or undefined. */
function documentSource(p: Params): DocumentSource | undefined {
  const twiml = str(p, 'Twiml');
  const url = str(p, 'Url');
  if (url) return { kind: 'url', target: { url, method: method(p, 'Method') } };
  if (twiml === undefined) return undefined;
  try {
    parseTwiml(twiml);
  } catch (e) {
    if (isTwimlError(e)) throw new SwitchboardError(12100, `Invalid Twiml: ${e.message}`);
    throw e;
  }
  return { kind: 'twiml', xml: twiml };
}

function target(p: Params, urlKey: string, methodKey: string): WebhookTarget | undefined {
  const url = str(p, urlKey);
  return url ? { url, method: method(p, methodKey) } : undefined;
}

function recordOptions(p: Params): NonNullable<CreateCallRequest['record']> {
  const callback = target(p, 'RecordingStatusCallback', 'RecordingStatusCallbackMethod');
  return {
    channels: str(p, 'RecordingChannels') === 'dual' ? 'dual' : 'mono',
    trim: str(p, 'Trim') === 'trim-silence' ? 'trim-silence' : 'do-not-trim',
    ...(callback ? { callback: { ...callback, events: new Set((p.RecordingStatusCallbackEvent as string[] | undefined) ?? ['completed']) } } : {}),
  };
}

async function createCall(ctx: Ctx, account: AccountRow, p: Params) {
  const to = str(p, 'To') ?? '';
  const from = str(p, 'From') ?? '';
  if (!parseAddress(to)) throw new SwitchboardError(21211, `Invalid 'To' Phone Number: ${to}`);
  if (!parseAddress(from)) throw new SwitchboardError(21212, `Invalid From Number (caller ID): ${from}`);
  let source = documentSource(p);
  let fallback = target(p, 'FallbackUrl', 'FallbackMethod');
  let statusCallback = target(p, 'StatusCallback', 'StatusCallbackMethod');
  const appSid = str(p, 'ApplicationSid');
  if (!source && appSid) {
    const app = await ctx.deps.store.applications.get({ sid: appSid, account_sid: account.sid });
    if (!app?.voice_url) throw new SwitchboardError(21218, `Invalid ApplicationSid: ${appSid} is not an application of this account with a VoiceUrl`);
    source = { kind: 'url', target: { url: app.voice_url, method: app.voice_method === 'GET' ? 'GET' : 'POST' } };
    fallback = app.voice_fallback_url ? { url: app.voice_fallback_url, method: app.voice_fallback_method === 'GET' ? 'GET' : 'POST' } : undefined;
    statusCallback = app.status_callback ? { url: app.status_callback, method: app.status_callback_method === 'GET' ? 'GET' : 'POST' } : undefined;
  }
  if (!source) throw new SwitchboardError(21205, 'Url, Twiml or ApplicationSid is required');
  const timeout = (p.Timeout as number | undefined) ?? 60;
  if (timeout < 1 || timeout > 600) throw new SwitchboardError(90002, 'Invalid Timeout: must be 1 to 600 seconds');
  const events = (p.StatusCallbackEvent as string[] | undefined) ?? ['completed'];
  const sendDigits = str(p, 'SendDigits');
  if (sendDigits !== undefined && !/^[0-9A-Da-d#*wW]*$/.test(sendDigits)) throw new SwitchboardError(90002, 'Invalid SendDigits: only 0-9, A-D, #, *, w and W');
  const user = str(p, 'SipAuthUsername');
  const password = str(p, 'SipAuthPassword');
  const row = await router(ctx).create({
    accountSid: account.sid, authToken: account.auth_token, to, from: str(p, 'CallerId') ?? from, source, timeoutSec: timeout,
    ...(fallback ? { fallback } : {}),
    ...(statusCallback ? { statusCallback: { ...statusCallback, events: new Set(events as StatusEvent[]) } } : {}),
    ...(sendDigits ? { sendDigits } : {}),
    ...(appSid ? { applicationSid: appSid } : {}),
    ...(user && password ? { sipAuth: { username: user, password } } : {}),
    ...(p.Record === true ? { record: recordOptions(p) } : {}),
  });
  return presentCall(row);
}

async function updateCall(ctx: Ctx, account: AccountRow, sid: string, p: Params) {
  const status = str(p, 'Status') as 'canceled' | 'completed' | undefined;
  const source = documentSource(p);
  const result = router(ctx).update(account.sid, sid, { ...(status ? { status } : {}), ...(source ? { source } : {}) });
  if (result && result !== 'ended') return presentCall(result);
  const stored = /^CA[0-9a-f]{32}$/.test(sid) ? await ctx.deps.store.calls.get({ sid, account_sid: account.sid }) : undefined;
  if (!stored) throw new SwitchboardError(20404, `The requested resource ${ctx.path} was not found`);
  throw new SwitchboardError(21220, `Call ${sid} is not in progress (status ${stored.status}); it cannot be redirected or ended`);
}

export const callControlRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: `${accountPath(':AccountSid')}/Calls.json`,
    handler: async (ctx) => ({ status: 201, body: await createCall(ctx, await ctx.account(), parseParams(ctx.body, createParams)) }),
  },
  {
    method: 'POST',
    path: `${accountPath(':AccountSid')}/Calls/:Sid.json`,
    handler: async (ctx) => ({ body: await updateCall(ctx, await ctx.account(), ctx.params.Sid ?? '', parseParams(ctx.body, updateParams)) }),
  },
];
