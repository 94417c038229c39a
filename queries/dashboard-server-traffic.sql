-- @name: dashboard-server-traffic
-- @title: Requests per CAS server and class (dashboard)
-- @description: client-facing requests and failures per server and class from minute_stats, for minutes from from_minute on, split into minutes before settle_minute (settled = 1) and newer ones; the dashboard sums the settled part once and re-reads only the newer minutes (a primary-key range)
-- @internal: true
-- @param from_minute=0: first minute to read (ts / 60)
-- @param settle_minute=0: minutes before this one are reported as settled
--
-- Grouped twice: first by (minute, server_id, class), a prefix of the primary key, which
-- SQLite does as it scans, without sorting; then the much smaller result by server and
-- class. Grouping minute_stats by server and class directly sorts every row: 3x slower
-- (0.74 s against 0.23 s over 1.3M rows, bench/dashboard-refresh.ts).
SELECT server_id, class, minute < :settle_minute AS settled,
  sum(requests) AS requests, sum(failures) AS failures
FROM (
  SELECT m.minute, m.server_id, m.class, sum(m.requests) AS requests, sum(m.failures) AS failures
  FROM minute_stats m
  WHERE m.minute >= :from_minute
  GROUP BY m.minute, m.server_id, m.class
)
GROUP BY server_id, class, settled
