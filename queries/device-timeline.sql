-- @name: device-timeline
-- @title: One device's requests in time order
-- @description: every logged request of one device (devices.id), oldest first: server, class, command, status, error, proxy and redirect targets
-- @param device_id: the device's devices.id (device_ref in failing-devices and users)
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param client_facing: 1 = leave out the inner hop of CAS-to-CAS proxies (hop = 1) (default: 0)
--
-- status_code is "status.substatus" for reading; status and ts are the raw values for code.
SELECT strftime('%Y-%m-%d %H:%M:%S', r.ts, 'unixepoch') AS time,
       s.name AS server,
       c.name AS class,
       r.hop,
       cm.name AS command,
       printf('%d.%d', r.status, r.substatus) AS status_code,
       r.win32,
       o.name AS outcome,
       e.name AS error,
       pt.name AS proxy_target,
       rt.name AS redirect_target,
       r.time_taken,
       r.ts,
       r.status
FROM requests AS r
JOIN servers AS s ON s.id = r.server_id
JOIN classes AS c ON c.id = r.class
JOIN outcomes AS o ON o.id = r.outcome
LEFT JOIN commands AS cm ON cm.id = r.command_id
LEFT JOIN errors AS e ON e.id = r.error_id
LEFT JOIN proxy_targets AS pt ON pt.id = r.proxy_target_id
LEFT JOIN redirect_targets AS rt ON rt.id = r.redirect_target_id
WHERE r.device_id = :device_id
  AND (:since IS NULL OR r.ts >= :since)
  AND (:until IS NULL OR r.ts <= :until)
  AND (:client_facing = 0 OR r.hop = 0)
ORDER BY r.ts, r.id;
