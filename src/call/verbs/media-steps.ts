// Playing from a verb: items for Say/Play/Pause, and a play that stops when the verb is killed.

import type { PlayItem, PlayResult } from '../../media/host/index.ts';
import type { PauseVerb, PlayVerb, SayVerb } from '../twiml/index.ts';
import type { VerbContext } from './types.ts';

/** The media items of a prompt verb; undefined (after a notification) when it has nothing playable. */
export function promptItems(ctx: VerbContext, verb: SayVerb | PlayVerb | PauseVerb): PlayItem[] | undefined {
  switch (verb.verb) {
    case 'Say':
      return [{ kind: 'say', text: verb.text, voice: verb.voice, language: verb.language, loop: verb.loop }];
    case 'Pause':
      return [{ kind: 'silence', ms: verb.length * 1000 }];
    case 'Play': {
      if (verb.url === undefined) return undefined;
      const target = ctx.target(verb.url, 'GET');
      return target ? [{ kind: 'url', url: target.url, loop: verb.loop }] : undefined;
    }
  }
}

/** Plays and waits; a kill stops the playback. Failures become Notifications. */
export async function playItems(ctx: VerbContext, items: PlayItem[], interruptOnDtmf = false): Promise<PlayResult> {
  const ep = ctx.endpoint();
  const stop = () => void ctx.media.stopPlay(ep).catch(() => undefined);
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const result = await ctx.media.play(ep, items, { interruptOnDtmf });
    if (result.status === 'failed') ctx.notify(result.code ?? 12400, result.message ?? 'the audio could not be played');
    return result;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}
