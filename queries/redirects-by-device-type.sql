-- @name: redirects-by-device-type
-- @title: Redirects (451) by device type
-- @description: per DeviceType and redirect target (RdirTo), the devices and users sent a 451 and how many followed it (succeeded afterwards) or are still stuck
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
--
-- "Followed" means the device had a successful (2xx) request after its last 451 in the
-- window, on any server; "stuck" means it did not.
WITH windowed AS (
  SELECT r.device_id, r.ts, c.name AS class, o.name AS outcome, r.redirect_target_id
  FROM requests AS r NOT INDEXED
  JOIN classes AS c ON c.id = r.class
  JOIN outcomes AS o ON o.id = r.outcome
  WHERE r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
),
redirects AS (
  SELECT device_id, redirect_target_id, count(*) AS redirects, min(ts) AS first_ts, max(ts) AS last_ts
  FROM windowed
  WHERE class = 'redirect'
  GROUP BY device_id, redirect_target_id
),
device_state AS (
  SELECT device_id,
         max(CASE WHEN class = 'redirect' THEN ts END) AS last_redirect,
         max(CASE WHEN outcome = 'ok' THEN ts END) AS last_success
  FROM windowed
  WHERE device_id IN (SELECT device_id FROM redirects)
  GROUP BY device_id
)
SELECT coalesce(dt.name, '(unknown)') AS device_type,
       coalesce(rt.name, '(not logged)') AS redirect_target,
       count(DISTINCT r.device_id) AS devices,
       count(DISTINCT d.user_id) AS users,
       sum(r.redirects) AS redirects,
       count(DISTINCT CASE WHEN s.last_success > s.last_redirect THEN r.device_id END) AS devices_followed,
       count(DISTINCT CASE WHEN s.last_success IS NULL OR s.last_success <= s.last_redirect THEN r.device_id END) AS devices_stuck,
       strftime('%Y-%m-%d %H:%M', min(r.first_ts), 'unixepoch') AS first_redirect,
       strftime('%Y-%m-%d %H:%M', max(r.last_ts), 'unixepoch') AS last_redirect
FROM redirects AS r
JOIN device_state AS s ON s.device_id = r.device_id
JOIN devices AS d ON d.id = r.device_id
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
LEFT JOIN redirect_targets AS rt ON rt.id = r.redirect_target_id
GROUP BY d.device_type_id, r.redirect_target_id
ORDER BY redirects DESC, device_type, redirect_target;
