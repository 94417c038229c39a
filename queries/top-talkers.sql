-- @name: top-talkers
-- @title: Top talkers (hits per device per day)
-- @description: devices with at least min_hits client-facing requests in one UTC day, like the Exchange team's ActiveSync report script: runaway devices that load a CAS
-- @param since: start of the window, Unix seconds or ISO date; days that overlap it count (default: all)
-- @param until: end of the window, Unix seconds or ISO date; days that overlap it count (default: all)
-- @param min_hits: requests in one day from which a device is listed (default: 1000)
--
-- Reads the device_days rollup (hop = 0), so it stays fast on large databases.
SELECT date(dd.day * 86400, 'unixepoch') AS day,
       u.name AS user,
       d.device_key AS device_id,
       dt.name AS device_type,
       ua.name AS user_agent,
       dd.requests AS hits,
       dd.pings,
       dd.syncs,
       dd.failures
FROM device_days AS dd
JOIN devices AS d ON d.id = dd.device_id
JOIN users AS u ON u.id = d.user_id
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
LEFT JOIN user_agents AS ua ON ua.id = d.user_agent_id
WHERE dd.requests >= :min_hits
  AND (:since IS NULL OR dd.day * 86400 + 86399 >= :since)
  AND (:until IS NULL OR dd.day * 86400 <= :until)
ORDER BY dd.requests DESC, dd.day, u.name, d.device_key;
