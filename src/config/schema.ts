// One typed configuration schema (ARCHITECTURE habit 6). Each field has a default, an
// environment variable and a description; docs/configuration.md is generated from this table.

export interface TrunkConfig {
  /** Unique name, used in logs and as the trunk's id. */
  name: string;
  /** Where outbound calls go, e.g. `sip:carrier.example.net:5060`. */
  outboundUri: string;
  transport: 'udp' | 'tcp';
  /** Digest credentials for trunks that challenge our INVITEs. */
  username?: string;
  password?: string;
  /** Source addresses (IPv4/IPv6, optional /prefix) allowed to send us calls on this trunk. */
  allowedAddresses: string[];
  /** Calls per second out through this trunk. */
  maxCps: number;
  /** Concurrent calls on this trunk. */
  maxConcurrent: number;
}

export interface Config {
  http: { host: string; port: number; publicUrl: string };
  sip: { host: string; port: number; nonceSecret: string; digestAlgorithms: ('MD5' | 'SHA-256' | 'SHA-512-256')[] };
  rtp: { portMin: number; portMax: number };
  dataDir: string;
  store: { url: string };
  bus: { url: string };
  region: string;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  bootstrap: { accountSid: string; authToken: string };
  trunks: TrunkConfig[];
  media: { workers: number; tts: 'espeak-ng' | 'flite' };
  calls: { accountMaxCps: number; accountMaxConcurrent: number };
}

export type FieldType = 'string' | 'port' | 'int' | 'url' | 'enum' | 'list' | 'trunks';

export interface FieldSpec {
  /** Dotted path in Config. */
  path: string;
  type: FieldType;
  /** Default; a function derives it from the rest of the config (applied after every source). */
  default: string | number | unknown[] | ((c: Config) => string);
  env: string;
  flag?: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  description: string;
  secret?: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const fields: readonly FieldSpec[] = [
  { path: 'http.host', type: 'string', default: '127.0.0.1', env: 'SWITCHBOARD_HTTP_HOST', flag: 'http-host', description: 'Address the REST API listens on. Use 0.0.0.0 to listen on every interface.' },
  { path: 'http.port', type: 'port', default: 8080, env: 'SWITCHBOARD_HTTP_PORT', flag: 'http-port', description: 'TCP port of the REST API (0 picks a free port).' },
  { path: 'http.publicUrl', type: 'url', default: (c) => `http://${c.http.host === '0.0.0.0' ? '127.0.0.1' : c.http.host}:${c.http.port}`, env: 'SWITCHBOARD_PUBLIC_URL', flag: 'public-url', description: 'Base URL clients use to reach the API; the base of callback URLs. Defaults to http://HOST:PORT.' },
  { path: 'sip.host', type: 'string', default: '127.0.0.1', env: 'SWITCHBOARD_SIP_HOST', flag: 'sip-host', description: 'Address the SIP edge listens on (UDP and TCP).' },
  { path: 'sip.port', type: 'port', default: 5060, env: 'SWITCHBOARD_SIP_PORT', flag: 'sip-port', description: 'SIP port (UDP and TCP).' },
  { path: 'sip.nonceSecret', type: 'string', default: '', env: 'SWITCHBOARD_SIP_NONCE_SECRET', secret: true, description: 'Key for stateless digest nonces. Nodes that must accept each other\'s nonces share it; random per process when empty. Never logged.' },
  { path: 'sip.digestAlgorithms', type: 'list', values: ['MD5', 'SHA-256', 'SHA-512-256'], default: ['MD5'], env: 'SWITCHBOARD_SIP_DIGEST_ALGORITHMS', description: 'Digest algorithms challenged for REGISTER and INVITE, in order (comma list). MD5 alone by default: Twilio uses it and older phones (baresip 1.0/libre) give up on any non-MD5 challenge. Add SHA-256 for RFC 8760 clients.' },
  { path: 'rtp.portMin', type: 'port', default: 20000, env: 'SWITCHBOARD_RTP_PORT_MIN', flag: 'rtp-port-min', description: 'Lowest RTP port (even). `--rtp-ports MIN-MAX` sets both.' },
  { path: 'rtp.portMax', type: 'port', default: 30000, env: 'SWITCHBOARD_RTP_PORT_MAX', flag: 'rtp-port-max', description: 'Highest RTP port. `--rtp-ports MIN-MAX` sets both.' },
  { path: 'dataDir', type: 'string', default: './data', env: 'SWITCHBOARD_DATA_DIR', flag: 'data-dir', description: 'Directory for the SQLite database, recordings and caches.' },
  { path: 'store.url', type: 'string', default: (c) => `sqlite:${c.dataDir}/switchboard.db`, env: 'SWITCHBOARD_STORE_URL', flag: 'store', description: '`sqlite:PATH` (default, under dataDir), `sqlite::memory:`, or `postgres://user@host:5432/db` for scale-out.' },
  { path: 'bus.url', type: 'string', default: 'inproc', env: 'SWITCHBOARD_BUS_URL', flag: 'bus', description: '`inproc` (default). `nats://host:4222` arrives with the event-router work.' },
  { path: 'region', type: 'string', default: 'local', env: 'SWITCHBOARD_REGION', flag: 'region', description: 'Name of the region this node runs in; part of every event subject.' },
  { path: 'log.level', type: 'enum', values: LOG_LEVELS, default: 'info', env: 'SWITCHBOARD_LOG_LEVEL', flag: 'log-level', description: 'pino log level.' },
  { path: 'bootstrap.accountSid', type: 'string', default: '', env: 'SWITCHBOARD_ACCOUNT_SID', description: 'SID of the main account created on first start with an empty store (random when empty).' },
  { path: 'bootstrap.authToken', type: 'string', default: '', env: 'SWITCHBOARD_AUTH_TOKEN', secret: true, description: 'Auth token of that main account (random when empty). Never logged.' },
  { path: 'media.workers', type: 'int', min: 0, max: 64, default: 1, env: 'SWITCHBOARD_MEDIA_WORKERS', flag: 'media-workers', description: 'Media worker threads, each owning an even share of the RTP port range. 0 runs media in the main thread (small deployments, debugging).' },
  { path: 'media.tts', type: 'enum', values: ['espeak-ng', 'flite'], default: 'espeak-ng', env: 'SWITCHBOARD_TTS', flag: 'tts', description: 'Text-to-speech engine for <Say> (Debian packages espeak-ng or flite). Checked at start.' },
  { path: 'calls.accountMaxCps', type: 'int', min: 1, max: 10000, default: 20, env: 'SWITCHBOARD_ACCOUNT_MAX_CPS', description: 'Outbound calls per second each account may start; excess calls wait in the admission queue.' },
  { path: 'calls.accountMaxConcurrent', type: 'int', min: 1, max: 1000000, default: 1000, env: 'SWITCHBOARD_ACCOUNT_MAX_CONCURRENT', description: 'Outbound calls each account may have up at once; excess calls wait in the admission queue.' },
  { path: 'trunks', type: 'trunks', default: [], env: 'SWITCHBOARD_TRUNKS', description: 'SIP trunks, a JSON array (in the config file, or JSON in the variable). See below.' },
];
