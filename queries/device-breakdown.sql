-- @name: device-breakdown
-- @title: Device breakdown (diagnosis input)
-- @description: per device, client-facing requests grouped by server, class, outcome, status, proxy/redirect target and Exchange error, split at the device's last success (since_success); the diagnosis reads its facts from these groups. Scans requests: used when a time or server filter rules out the device_breakdown rollup
-- @internal: true
-- @param since: start of the window, Unix seconds or ISO date (default: all)
-- @param until: end of the window, Unix seconds or ISO date (default: all)
-- @param server: only requests logged by this CAS (default: all)
-- @param user: only this user (normalised: lowercase, no DOMAIN\) (default: all)
-- @param device_type: only this DeviceType (default: all)
-- @param device_id: only this DeviceId (default: all)
-- @param device_ids: JSON array of internal device ids (default: all)
WITH scope AS NOT MATERIALIZED (
  -- Whole-table questions scan the table: walking requests_by_device and fetching every row
  -- is 2-3x slower (performance.md trap 4). A list of devices (the dashboard's refresh)
  -- takes the second branch, which seeks each device through that index instead.
  SELECT device_id, ts, server_id, class, outcome, status, proxy_target_id, redirect_target_id, error_id, protocol
  FROM requests NOT INDEXED
  WHERE :device_ids IS NULL AND hop = 0
    AND (:since IS NULL OR ts >= :since)
    AND (:until IS NULL OR ts <= :until)
    AND (:server IS NULL OR server_id IN (SELECT id FROM servers WHERE name = :server COLLATE NOCASE))
    AND (:user IS NULL AND :device_type IS NULL AND :device_id IS NULL OR device_id IN (
      SELECT d.id FROM devices d
      WHERE (:user IS NULL OR d.user_id IN (SELECT id FROM users WHERE name = lower(:user)))
        AND (:device_type IS NULL OR d.device_type_id IN (SELECT id FROM device_types WHERE name = :device_type COLLATE NOCASE))
        AND (:device_id IS NULL OR d.device_key = :device_id COLLATE NOCASE)))
  UNION ALL
  SELECT r.device_id, r.ts, r.server_id, r.class, r.outcome, r.status, r.proxy_target_id, r.redirect_target_id, r.error_id, r.protocol
  FROM json_each(:device_ids) j JOIN requests r ON r.device_id = j.value
  WHERE :device_ids IS NOT NULL AND r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
    AND (:server IS NULL OR r.server_id IN (SELECT id FROM servers WHERE name = :server COLLATE NOCASE))
),
-- Without a time or server filter the rollup already knows each device's last success: one scan instead of two.
last_success AS (
  SELECT device_id, last_ok_ts AS ts FROM device_stats
  WHERE :since IS NULL AND :until IS NULL AND :server IS NULL
  UNION ALL
  SELECT device_id, max(ts) AS ts FROM scope
  WHERE outcome = 0 AND NOT (:since IS NULL AND :until IS NULL AND :server IS NULL)
  GROUP BY device_id
)
SELECT s.device_id, s.server_id, s.class, s.outcome, s.status, s.proxy_target_id, s.redirect_target_id, s.error_id,
  1 AS in_total, s.ts > coalesce(l.ts, -1) AS since_success,
  count(*) AS requests, min(s.ts) AS first_ts, max(s.ts) AS last_ts, max(s.protocol) AS protocol
FROM scope s LEFT JOIN last_success l ON l.device_id = s.device_id
GROUP BY s.device_id, s.server_id, s.class, s.outcome, s.status, s.proxy_target_id, s.redirect_target_id, s.error_id, since_success
