-- @name: status-codes
-- @title: Status codes by server
-- @description: per CAS server, each HTTP status, sub-status and win32 status it logged, with client-facing requests, inner proxy hops and devices
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param server: only this CAS, as logged, case-insensitive (default: all)
--
-- Counts every line a server logged: `requests` are client-facing (hop = 0), `inner_hops`
-- the second hop of a CAS-to-CAS proxy as logged by the receiving (legacy) CAS.
SELECT s.name AS server,
       r.status,
       r.substatus,
       r.win32,
       sum(r.hop = 0) AS requests,
       sum(r.hop = 1) AS inner_hops,
       count(DISTINCT r.device_id) AS devices
FROM requests AS r NOT INDEXED
JOIN servers AS s ON s.id = r.server_id
WHERE (:since IS NULL OR r.ts >= :since)
  AND (:until IS NULL OR r.ts <= :until)
  AND (:server IS NULL OR s.name = :server COLLATE NOCASE)
GROUP BY r.server_id, r.status, r.substatus, r.win32
ORDER BY s.name, r.status, r.substatus, r.win32;
