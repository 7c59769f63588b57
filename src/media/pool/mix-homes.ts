// Which worker each named mix lives in. A mix is a Mixer inside one worker, so every member must
// be an endpoint of that worker; the pool checks this before it asks the worker (a join from
// another worker would silently start a second mix of the same name there).

import { MediaCommandError, type EndpointId } from '../host/index.ts';

interface Home {
  workerId: number;
  members: Set<EndpointId>;
}

export class MixHomes {
  private readonly homes = new Map<string, Home>();
  private readonly memberOf = new Map<EndpointId, string>();

  /** Reserves `id`'s place in `mix` on `workerId`; throws 'busy' or 'different-workers'. */
  claim(mix: string, id: EndpointId, workerId: number): void {
    const current = this.memberOf.get(id);
    if (current !== undefined) throw new MediaCommandError('busy', `endpoint ${id} is already in mix ${current}`);
    const home = this.homes.get(mix);
    if (home && home.workerId !== workerId) {
      throw new MediaCommandError('different-workers', `mix ${mix} lives in media worker ${home.workerId}; create ${id} near one of its members`);
    }
    if (home) home.members.add(id);
    else this.homes.set(mix, { workerId, members: new Set([id]) });
    this.memberOf.set(id, mix);
  }

  /** Forgets `id`'s membership (left, destroyed, lost, or its join failed). */
  drop(id: EndpointId): void {
    const mix = this.memberOf.get(id);
    if (mix === undefined) return;
    this.memberOf.delete(id);
    const home = this.homes.get(mix);
    home?.members.delete(id);
    if (home && home.members.size === 0) this.homes.delete(mix);
  }

  get size(): number {
    return this.homes.size;
  }
}
