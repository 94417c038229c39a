-- ActiveSync Doctor database, version 1.
-- Sized for tens of millions of requests: every repeating string lives once in a
-- dictionary table and `requests` holds only integers (about 40 bytes a row).
-- Timestamps are Unix seconds, UTC, as IIS writes them.

-- Dictionaries -------------------------------------------------------------
CREATE TABLE servers       (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- Every s-ip a CAS logged (IPv4 and IPv6, several NICs): a request from one of them is the
-- inner hop of a CAS-to-CAS proxy.
CREATE TABLE server_ips    (server_id INTEGER NOT NULL, ip TEXT NOT NULL, PRIMARY KEY (server_id, ip)) WITHOUT ROWID;
CREATE TABLE users         (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE device_types  (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE user_agents   (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE commands      (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE proxy_targets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE redirect_targets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE errors        (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE client_ips    (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

-- Request classes, so that ad-hoc SQL can join a name instead of a magic number.
CREATE TABLE classes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO classes (id, name) VALUES (0, 'direct'), (1, 'proxy'), (2, 'redirect');

-- What a request's answer means for the device, decided at ingest (src/activesync/classify.ts).
CREATE TABLE outcomes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, failure INTEGER NOT NULL);
INSERT INTO outcomes (id, name, failure) VALUES
  (0, 'ok', 0),          -- 2xx
  (1, 'challenge', 0),   -- 401 without credentials: the normal handshake before an authenticated request
  (2, 'auth', 1),        -- 401 with credentials, 456, 457
  (3, 'denied', 1),      -- 403
  (4, 'provision', 1),   -- 449 / DeviceNotProvisioned
  (5, 'redirect', 1),    -- 451
  (6, 'full', 1),        -- 507 / MailboxQuotaExceeded
  (7, 'throttled', 1),   -- 503 with a budget/throttling error
  (8, 'server', 1),      -- 500, 502, 503, 504 and other 5xx
  (9, 'client', 1),      -- any other 4xx
  (10, 'other', 0);      -- 1xx, 3xx, a successful Provision (not a sync)

-- A device is one DeviceId of one (normalised) user: iOS reuses a DeviceId for
-- every account on the phone, so the id alone is not enough.
CREATE TABLE devices (
  id             INTEGER PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users (id),
  device_key     TEXT    NOT NULL,
  device_type_id INTEGER REFERENCES device_types (id),
  user_agent_id  INTEGER REFERENCES user_agents (id),
  UNIQUE (user_id, device_key)
);

-- One row per ActiveSync request. Integers only (see above).
CREATE TABLE requests (
  id                 INTEGER PRIMARY KEY,
  ts                 INTEGER NOT NULL,            -- completion time, Unix s UTC
  server_id          INTEGER NOT NULL,            -- CAS that logged it
  device_id          INTEGER NOT NULL,
  class              INTEGER NOT NULL,            -- classes.id
  hop                INTEGER NOT NULL DEFAULT 0,  -- 1: inner hop of a CAS-to-CAS proxy (not client-facing)
  outcome            INTEGER NOT NULL,            -- outcomes.id: what the device got
  anonymous          INTEGER NOT NULL DEFAULT 0,  -- 1: cs-username was '-'
  command_id         INTEGER,
  status             INTEGER NOT NULL,
  substatus          INTEGER NOT NULL DEFAULT 0,
  win32              INTEGER NOT NULL DEFAULT 0,
  time_taken         INTEGER,
  user_agent_id      INTEGER,
  client_ip_id       INTEGER,
  proxy_target_id    INTEGER,
  redirect_target_id INTEGER,
  error_id           INTEGER,
  protocol           INTEGER,                     -- EAS version x10 (121, 141, ...)
  heartbeat          INTEGER                      -- seconds
);

-- Non-ActiveSync traffic is only counted (OWA, EWS, Autodiscover, RPC, probes).
CREATE TABLE other_traffic (
  day       INTEGER NOT NULL,                     -- Unix day number (ts / 86400)
  server_id INTEGER NOT NULL,
  protocol  TEXT    NOT NULL,
  requests  INTEGER NOT NULL,
  PRIMARY KEY (day, server_id, protocol)
) WITHOUT ROWID;

-- Ingest bookkeeping ---------------------------------------------------------
-- `offset` and `line_no` advance in the same transaction as the rows they cover.
CREATE TABLE files (
  id          INTEGER PRIMARY KEY,
  path        TEXT    NOT NULL UNIQUE,
  server_id   INTEGER,
  size        INTEGER NOT NULL DEFAULT 0,
  fingerprint TEXT    NOT NULL,                   -- sha1 of the first bytes
  fingerprint_bytes INTEGER NOT NULL,             -- how many bytes the fingerprint covers
  offset      INTEGER NOT NULL DEFAULT 0,         -- bytes of complete lines ingested (decompressed for .gz)
  line_no     INTEGER NOT NULL DEFAULT 0,         -- physical lines consumed
  lines       INTEGER NOT NULL DEFAULT 0,         -- data lines read (ingested + rejected)
  rejected    INTEGER NOT NULL DEFAULT 0,
  fields      TEXT,                               -- the #Fields layout in force at `offset`
  log_date    TEXT,                               -- the #Date in force at `offset`
  updated_at  INTEGER NOT NULL
);

CREATE TABLE rejects (
  id      INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files (id),
  line_no INTEGER NOT NULL,
  reason  TEXT    NOT NULL,
  sample  TEXT    NOT NULL                        -- first 200 bytes, control bytes escaped
);

-- Rollups kept up to date by ingest, so that the dashboard never scans `requests`.
CREATE TABLE minute_stats (
  minute         INTEGER NOT NULL,                -- ts / 60
  server_id      INTEGER NOT NULL,
  class          INTEGER NOT NULL,
  device_type_id INTEGER NOT NULL,
  requests       INTEGER NOT NULL,
  failures       INTEGER NOT NULL,                -- outcomes.failure = 1
  PRIMARY KEY (minute, server_id, class, device_type_id)
) WITHOUT ROWID;

CREATE TABLE device_stats (
  device_id   INTEGER PRIMARY KEY,
  requests    INTEGER NOT NULL,                   -- client-facing only (hop = 0)
  direct      INTEGER NOT NULL,
  proxy       INTEGER NOT NULL,
  redirect    INTEGER NOT NULL,
  ok          INTEGER NOT NULL,                   -- 2xx
  failures    INTEGER NOT NULL,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  last_ok_ts  INTEGER,
  last_server_id INTEGER
);

-- Verdicts as last computed, for the dashboard (the report recomputes them).
CREATE TABLE device_verdicts (
  device_id      INTEGER PRIMARY KEY,
  verdict        TEXT    NOT NULL,
  failing        INTEGER NOT NULL,
  severity       INTEGER NOT NULL,
  reason         TEXT    NOT NULL,
  recommendation TEXT    NOT NULL,
  requests_seen  INTEGER NOT NULL,                -- device_stats.requests when computed: differs = stale
  computed_at    INTEGER NOT NULL
);

-- Hits per device per day (hop = 0), for runaway devices and top talkers.
CREATE TABLE device_days (
  device_id INTEGER NOT NULL,
  day       INTEGER NOT NULL,                     -- ts / 86400
  requests  INTEGER NOT NULL,
  pings     INTEGER NOT NULL,
  syncs     INTEGER NOT NULL,
  failures  INTEGER NOT NULL,
  PRIMARY KEY (device_id, day)
) WITHOUT ROWID;

-- Client-facing requests per device and everything the diagnosis groups by, so that an
-- unfiltered report reads ~1% as many rows as `requests` holds. 0 stands for "none" in the
-- id columns (a primary key cannot hold NULL).
CREATE TABLE device_breakdown (
  device_id          INTEGER NOT NULL,
  server_id          INTEGER NOT NULL,
  class              INTEGER NOT NULL,
  outcome            INTEGER NOT NULL,
  status             INTEGER NOT NULL,
  proxy_target_id    INTEGER NOT NULL,
  redirect_target_id INTEGER NOT NULL,
  error_id           INTEGER NOT NULL,
  requests           INTEGER NOT NULL,
  first_ts           INTEGER NOT NULL,
  last_ts            INTEGER NOT NULL,
  protocol           INTEGER,
  PRIMARY KEY (device_id, server_id, class, outcome, status, proxy_target_id, redirect_target_id, error_id)
) WITHOUT ROWID;
