// The one error type of the TwiML parser. Every failure carries a code from the registry
// (src/core/error-codes.ts): 12100 not XML, 12101 XML version, 12102 root, 12200 schema,
// 11100 URL, 13xxx a verb's attribute. Where Twilio has a more specific code that the registry
// does not list yet, `twilioCode` keeps it and `code` falls back to 12200 until it is registered.

import { errorRegistry, type ErrorCode } from '../../core/index.ts';
import type { XmlElement } from './xml-tree.ts';

/** Twilio codes (from its error dictionary) the validator raises but the registry lacks today. */
export const UNREGISTERED_CODES = [
  13000, // Conference noun cannot be mixed with other nouns
  13218, // Dial: invalid sequential
  13230, // Dial->Conference: invalid muted
  13231, // Dial->Conference: invalid endConferenceOnExit
  13232, // Dial->Conference: invalid startConferenceOnEnter
  13234, // Dial->Conference: invalid waitMethod
  13235, // Dial->Conference: invalid beep
  13237, // Dial->Conference: invalid conference name
  13239, // Dial->Conference: invalid trim
  13327, // Gather: invalid speechTimeout
  13328, // Gather: invalid maxSpeechTime
  13329, // Gather: invalid partialResultCallbackMethod
  13331, // Gather: invalid language
  13332, // Gather: invalid bargeIn
  13333, // Gather: invalid profanityFilter
  13334, // Gather: invalid speechModel
  13521, // Say: text longer than 4096 characters
] as const;

export type UnregisteredCode = (typeof UNREGISTERED_CODES)[number];
/** A code the parser may raise: a registry code, or a Twilio code waiting to be registered. */
export type TwimlCode = ErrorCode | UnregisteredCode;

function isErrorCode(code: number): code is ErrorCode {
  return errorRegistry.has(code);
}

/** The registry code reported for a Twilio code: itself when registered, otherwise 12200. */
export function registryCode(code: TwimlCode): ErrorCode {
  return isErrorCode(code) ? code : 12200;
}

export interface TwimlErrorSite {
  element?: string;
  attribute?: string;
  line?: number;
}

export class TwimlError extends Error {
  override readonly name = 'TwimlError';
  /** Always a registry code (ErrorCode), so the executor can record it as a Notification. */
  readonly code: ErrorCode;
  /** The most specific Twilio code; equals `code` unless that code is not registered yet. */
  readonly twilioCode: TwimlCode;
  readonly element?: string;
  readonly attribute?: string;
  readonly line?: number;

  constructor(code: TwimlCode, message: string, site: TwimlErrorSite = {}) {
    const registered = registryCode(code);
    super(registered === code ? message : `${message} (Twilio error ${code})`);
    this.code = registered;
    this.twilioCode = code;
    if (site.element !== undefined) this.element = site.element;
    if (site.attribute !== undefined) this.attribute = site.attribute;
    if (site.line !== undefined) this.line = site.line;
  }
}

export function isTwimlError(value: unknown): value is TwimlError {
  return value instanceof TwimlError;
}

/** Shortens a value quoted in a message (documents are untrusted; messages end up in logs). */
export function quote(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(short);
}

/** An error about an element (and optionally one of its attributes), naming both and the line. */
export function elementError(code: TwimlCode, el: XmlElement, reason: string, attribute?: string): TwimlError {
  const what = attribute === undefined ? `<${el.name}>` : `<${el.name}> attribute ${attribute}=${quote(el.attributes.get(attribute) ?? '')}`;
  const site: TwimlErrorSite = { element: el.name, line: el.line };
  if (attribute !== undefined) site.attribute = attribute;
  return new TwimlError(code, `${what} at line ${el.line}: ${reason}`, site);
}
