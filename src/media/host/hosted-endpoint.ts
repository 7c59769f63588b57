// One endpoint as the host runs it: the RTP endpoint plus what is happening on it right now (a
// playback, a recording, a bridge, a mix). Audio and digits received are routed to whichever of
// those is active; the host owns the collections (bridges pair two of these, mixes are shared).

import type { Scheduler } from '../../core/index.ts';
import type { Bridge } from '../bridge/index.ts';
import type { MediaEndpoint } from '../endpoint.ts';
import { Player, type PlayHandle } from '../player/index.ts';
import type { RecordingSession } from '../recorder/index.ts';
import type { LocalOffer } from '../../sdp/index.ts';
import type { SpeechCapture } from './listen.ts';
import type { EndpointId, PlayResult, RecordResult } from './protocol.ts';

export interface ActivePlay {
  handles: PlayHandle[];
  interruptOnDtmf: boolean;
  settle: (r: PlayResult) => void;
}

export interface ActiveRecording {
  id: string;
  session: RecordingSession;
  done: Promise<RecordResult>;
}

export interface ActiveBridge {
  peer: HostedEndpoint;
  engine: Bridge;
  /** Which leg of the engine this endpoint is. */
  leg: 'a' | 'b';
  recording?: ActiveRecording;
}

export class HostedEndpoint {
  player: Player | undefined;
  play: ActivePlay | undefined;
  recording: ActiveRecording | undefined;
  bridge: ActiveBridge | undefined;
  mix: string | undefined;
  offer: LocalOffer | undefined;
  /** Receives this endpoint's decoded audio while it is in a mix. */
  mixInput: ((pcm: Int16Array) => void) | undefined;
  /** A listen in progress (`<Gather input="speech">`). */
  listening: SpeechCapture | undefined;

  constructor(
    readonly id: EndpointId,
    readonly callSid: string,
    readonly ep: MediaEndpoint,
    private readonly scheduler: Scheduler,
  ) {
    ep.audioWanted = () => this.recording !== undefined || this.mixInput !== undefined || this.listening !== undefined;
    ep.on('audio', (pcm) => {
      this.recording?.session.inbound(pcm);
      this.mixInput?.(pcm);
      this.listening?.push(pcm);
    });
  }

  /** The player for this leg's ptime, made on first use after the SDP exchange. */
  playerFor(): Player {
    if (!this.player) {
      const ptimeMs = this.ep.format?.ptimeMs ?? 20;
      this.player = new Player({
        scheduler: this.scheduler,
        ptimeMs,
        sink: (frame) => {
          this.ep.sendAudio(frame);
          this.recording?.session.outbound(frame);
        },
      });
      this.player.on('failed', () => this.stopPlay());
    }
    return this.player;
  }

  /** Ends the current playback (its promise settles 'interrupted', with the digit when one caused it). */
  stopPlay(digit?: string): void {
    const play = this.play;
    if (!play) return;
    this.play = undefined;
    this.player?.stop();
    play.settle({ status: 'interrupted', ...(digit !== undefined ? { digit } : {}) });
  }

  /** A digit received (RFC 4733, or INFO handed down): interrupts a prompt that asked for it, feeds a recording. */
  digit(key: string): void {
    if (this.play?.interruptOnDtmf) this.stopPlay(key);
    this.recording?.session.digit(key);
  }
}
