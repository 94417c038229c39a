-- @name: failing-devices
-- @title: Failing devices
-- @description: devices whose client-facing failures since their last successful (2xx) request reach min_failures, with the failure that dominates
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param min_failures: failures since the last success that make a device failing (default: 3)
--
-- Works from `requests` alone (no rollups, no stored verdicts). A device that never
-- succeeded in the window counts all its failures. The 401 challenge of the normal
-- handshake is not a failure (outcomes.failure = 0). device_ref is devices.id, for
-- `query device-timeline --param device_id=N`.
WITH windowed AS (
  SELECT r.device_id, r.ts, r.outcome
  FROM requests AS r NOT INDEXED
  WHERE r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
),
device_totals AS (
  SELECT w.device_id,
         count(*) AS requests,
         max(w.ts) AS last_seen,
         max(CASE WHEN o.name = 'ok' THEN w.ts END) AS last_success
  FROM windowed AS w
  JOIN outcomes AS o ON o.id = w.outcome
  GROUP BY w.device_id
),
failures_by_outcome AS (
  SELECT w.device_id, w.outcome, count(*) AS failures, min(w.ts) AS first_ts, max(w.ts) AS last_ts
  FROM windowed AS w
  JOIN outcomes AS o ON o.id = w.outcome
  JOIN device_totals AS t ON t.device_id = w.device_id
  WHERE o.failure = 1
    AND (t.last_success IS NULL OR w.ts > t.last_success)
  GROUP BY w.device_id, w.outcome
),
ranked AS (
  SELECT f.device_id, f.outcome, f.failures,
         sum(f.failures) OVER per_device AS total_failures,
         min(f.first_ts) OVER per_device AS first_failure,
         max(f.last_ts) OVER per_device AS last_failure,
         row_number() OVER (PARTITION BY f.device_id ORDER BY f.failures DESC, f.last_ts DESC, f.outcome) AS rank
  FROM failures_by_outcome AS f
  WINDOW per_device AS (PARTITION BY f.device_id)
)
SELECT u.name AS user,
       d.device_key AS device_id,
       dt.name AS device_type,
       o.name AS dominant_failure,
       k.failures AS dominant_count,
       k.total_failures AS failures_since_success,
       t.requests,
       strftime('%Y-%m-%d %H:%M', k.first_failure, 'unixepoch') AS first_failure,
       strftime('%Y-%m-%d %H:%M', k.last_failure, 'unixepoch') AS last_failure,
       strftime('%Y-%m-%d %H:%M', t.last_success, 'unixepoch') AS last_success,
       strftime('%Y-%m-%d %H:%M', t.last_seen, 'unixepoch') AS last_seen,
       d.id AS device_ref
FROM ranked AS k
JOIN device_totals AS t ON t.device_id = k.device_id
JOIN devices AS d ON d.id = k.device_id
JOIN users AS u ON u.id = d.user_id
JOIN outcomes AS o ON o.id = k.outcome
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
WHERE k.rank = 1
  AND k.total_failures >= :min_failures
ORDER BY k.total_failures DESC, t.last_seen DESC, u.name, d.device_key;
