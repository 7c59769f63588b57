import { InMemoryRecordingStorage } from './memory-storage.ts';
import { recordingStorageContract } from './storage.contract.ts';

recordingStorageContract('in-memory', async () => ({ storage: new InMemoryRecordingStorage(), cleanup: async () => {} }));
