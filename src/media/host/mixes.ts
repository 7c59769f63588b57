// The host's named mixes: one Mixer per room, ticked by its own pacer while it has members.
// Each member hears the others (the Mixer's sum minus itself) encoded for its own leg.

import type { Scheduler } from '../../core/index.ts';
import { Mixer } from '../mixer/index.ts';
import { Pacer } from '../player/index.ts';
import type { HostedEndpoint } from './hosted-endpoint.ts';

interface Room {
  mixer: Mixer;
  pacer: Pacer;
  members: Set<HostedEndpoint>;
}

export class MixRooms {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly scheduler: Scheduler) {}

  get size(): number {
    return this.rooms.size;
  }

  join(name: string, h: HostedEndpoint, options: { muted?: boolean }): void {
    let room = this.rooms.get(name);
    if (!room) {
      const mixer = new Mixer();
      room = { mixer, pacer: new Pacer({ scheduler: this.scheduler, onFrame: () => mixer.tick() }), members: new Set() };
      this.rooms.set(name, room);
    }
    room.mixer.add(h.id, (pcm) => h.ep.sendAudio(pcm), { muted: options.muted ?? false });
    h.mix = name;
    h.mixInput = (pcm) => room.mixer.push(h.id, pcm);
    room.members.add(h);
    room.pacer.start();
  }

  leave(h: HostedEndpoint): void {
    const name = h.mix;
    if (name === undefined) return;
    const room = this.rooms.get(name);
    h.mix = undefined;
    h.mixInput = undefined;
    if (!room) return;
    room.mixer.remove(h.id);
    room.members.delete(h);
    if (room.members.size === 0) {
      room.pacer.stop();
      this.rooms.delete(name);
    }
  }
}
