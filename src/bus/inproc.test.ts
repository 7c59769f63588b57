import { createInprocBus } from './inproc.ts';
import { busContract } from './bus.contract.ts';

busContract('inproc', () => createInprocBus());
