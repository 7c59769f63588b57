export { twilioSignature, bodySha256, signJsonRequest, signatureMatches } from './webhook/signature.ts';
export type { SignedParams } from './webhook/signature.ts';
