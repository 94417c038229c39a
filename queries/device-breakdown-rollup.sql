-- @name: device-breakdown-rollup
-- @title: Device breakdown from the rollup (diagnosis input)
-- @description: the same groups as device-breakdown for the whole history, read from the device_breakdown rollup (in_total), plus each device's requests since its last success read through the per-device index (since_success); only devices whose last request was not a success have any
-- @internal: true
-- @param user: only this user (normalised: lowercase, no DOMAIN\) (default: all)
-- @param device_type: only this DeviceType (default: all)
-- @param device_id: only this DeviceId (default: all)
-- @param device_ids: JSON array of internal device ids (default: all)
WITH chosen AS (
  SELECT d.id FROM devices d
  WHERE (:user IS NULL OR d.user_id IN (SELECT id FROM users WHERE name = lower(:user)))
    AND (:device_type IS NULL OR d.device_type_id IN (SELECT id FROM device_types WHERE name = :device_type COLLATE NOCASE))
    AND (:device_id IS NULL OR d.device_key = :device_id COLLATE NOCASE)
    AND (:device_ids IS NULL OR d.id IN (SELECT value FROM json_each(:device_ids)))
)
SELECT b.device_id, b.server_id, b.class, b.outcome, b.status,
  nullif(b.proxy_target_id, 0) AS proxy_target_id, nullif(b.redirect_target_id, 0) AS redirect_target_id, nullif(b.error_id, 0) AS error_id,
  1 AS in_total, 0 AS since_success, b.requests, b.first_ts, b.last_ts, b.protocol
FROM device_breakdown b
WHERE b.device_id IN chosen
UNION ALL
SELECT r.device_id, r.server_id, r.class, r.outcome, r.status, r.proxy_target_id, r.redirect_target_id, r.error_id,
  0, 1, count(*), min(r.ts), max(r.ts), max(r.protocol)
FROM device_stats s
JOIN requests r ON r.device_id = s.device_id AND r.ts > coalesce(s.last_ok_ts, -1)
WHERE s.last_ts > coalesce(s.last_ok_ts, -1) AND r.hop = 0 AND s.device_id IN chosen
GROUP BY r.device_id, r.server_id, r.class, r.outcome, r.status, r.proxy_target_id, r.redirect_target_id, r.error_id
