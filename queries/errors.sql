-- @name: errors
-- @title: Exchange errors
-- @description: Exchange Error: tokens from the Log= field by count, with the devices and users that got them
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
--
-- `requests` are client-facing (hop = 0); `inner_hops` are lines of the inner hop of a
-- CAS-to-CAS proxy, where the legacy CAS that did the work often logs the error.
SELECT e.name AS error,
       sum(r.hop = 0) AS requests,
       sum(r.hop = 1) AS inner_hops,
       count(DISTINCT r.device_id) AS devices,
       count(DISTINCT d.user_id) AS users,
       strftime('%Y-%m-%d %H:%M', min(r.ts), 'unixepoch') AS first_seen,
       strftime('%Y-%m-%d %H:%M', max(r.ts), 'unixepoch') AS last_seen
FROM requests AS r NOT INDEXED
JOIN errors AS e ON e.id = r.error_id
JOIN devices AS d ON d.id = r.device_id
WHERE (:since IS NULL OR r.ts >= :since)
  AND (:until IS NULL OR r.ts <= :until)
GROUP BY r.error_id
ORDER BY requests DESC, inner_hops DESC, error;
