-- @name: server-load
-- @title: Load per CAS server
-- @description: client-facing ActiveSync requests per CAS by class, with failures (from the per-minute rollup)
-- @internal: true
-- @param since: start of the window, Unix seconds or ISO date (default: all)
-- @param until: end of the window, Unix seconds or ISO date (default: all)
SELECT s.name,
  sum(m.requests) AS requests,
  sum(CASE WHEN m.class = 0 THEN m.requests ELSE 0 END) AS direct,
  sum(CASE WHEN m.class = 1 THEN m.requests ELSE 0 END) AS proxy,
  sum(CASE WHEN m.class = 2 THEN m.requests ELSE 0 END) AS redirect,
  sum(m.failures) AS failures
FROM minute_stats m JOIN servers s ON s.id = m.server_id
WHERE (:since IS NULL OR m.minute >= :since / 60) AND (:until IS NULL OR m.minute <= :until / 60)
GROUP BY s.name
ORDER BY requests DESC, s.name
