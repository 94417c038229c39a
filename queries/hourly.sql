-- @name: hourly
-- @title: Requests per hour
-- @description: client-facing requests per UTC hour and CAS server, split into direct, proxy and redirect, with failures
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param server: only this CAS, as logged, case-insensitive (default: all)
WITH counts AS (
  SELECT r.ts / 3600 AS hour, r.server_id, r.class, r.outcome, count(*) AS requests
  FROM requests AS r NOT INDEXED
  WHERE r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
    AND (:server IS NULL OR r.server_id IN (SELECT id FROM servers WHERE name = :server COLLATE NOCASE))
  GROUP BY 1, 2, 3, 4
)
SELECT strftime('%Y-%m-%d %H:00', k.hour * 3600, 'unixepoch') AS hour,
       s.name AS server,
       sum(k.requests) AS requests,
       sum(CASE WHEN c.name = 'direct' THEN k.requests ELSE 0 END) AS direct,
       sum(CASE WHEN c.name = 'proxy' THEN k.requests ELSE 0 END) AS proxy,
       sum(CASE WHEN c.name = 'redirect' THEN k.requests ELSE 0 END) AS redirect,
       sum(CASE WHEN o.failure = 1 THEN k.requests ELSE 0 END) AS failures
FROM counts AS k
JOIN servers AS s ON s.id = k.server_id
JOIN classes AS c ON c.id = k.class
JOIN outcomes AS o ON o.id = k.outcome
GROUP BY k.hour, k.server_id
ORDER BY hour, server;
