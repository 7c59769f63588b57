export { createInprocBus } from './inproc.ts';
export { subjectMatches, assertSubject, assertPattern } from './bus.ts';
export type { Bus, BusMessage, BusHandler, Subscription } from './bus.ts';
