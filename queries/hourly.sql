-- @name: hourly
-- @title: Requests per hour
-- @description: client-facing requests per UTC hour and CAS server, split into direct, proxy and redirect, with failures
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param server: only this CAS, as logged, case-insensitive (default: all)
SELECT strftime('%Y-%m-%d %H:00', (r.ts / 3600) * 3600, 'unixepoch') AS hour,
       s.name AS server,
       count(*) AS requests,
       sum(c.name = 'direct') AS direct,
       sum(c.name = 'proxy') AS proxy,
       sum(c.name = 'redirect') AS redirect,
       sum(o.failure) AS failures
FROM requests AS r
JOIN servers AS s ON s.id = r.server_id
JOIN classes AS c ON c.id = r.class
JOIN outcomes AS o ON o.id = r.outcome
WHERE r.hop = 0
  AND (:since IS NULL OR r.ts >= :since)
  AND (:until IS NULL OR r.ts <= :until)
  AND (:server IS NULL OR s.name = :server COLLATE NOCASE)
GROUP BY r.ts / 3600, r.server_id
ORDER BY hour, server;
