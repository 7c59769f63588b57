/**
 * The message bus every state change is published on. Subjects are dot-separated tokens,
 * NATS-style, so the in-process and NATS implementations share one meaning:
 * `*` matches one token, `>` (last) matches one or more.
 * Event subjects: `ev.<region>.<accountSid>.<resource>.<action>` (scale-out.md §1c).
 */
export interface BusMessage<T = unknown> {
  subject: string;
  data: T;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

export interface Subscription {
  unsubscribe(): void;
}

export interface Bus {
  publish(subject: string, data: unknown): Promise<void>;
  subscribe(pattern: string, handler: BusHandler): Subscription;
  close(): Promise<void>;
}

const TOKEN_RE = /^[^.\s*>]+$/;

/** Throws when a subject (publish) is not a sequence of non-empty, wildcard-free tokens. */
export function assertSubject(subject: string): void {
  if (!subject.split('.').every((t) => TOKEN_RE.test(t))) throw new Error(`invalid bus subject "${subject}"`);
}

export function assertPattern(pattern: string): void {
  const tokens = pattern.split('.');
  tokens.forEach((t, i) => {
    if (t === '*' || (t === '>' && i === tokens.length - 1) || TOKEN_RE.test(t)) return;
    throw new Error(`invalid bus pattern "${pattern}"`);
  });
}

export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
