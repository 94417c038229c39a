-- @name: dashboard-servers
-- @title: Requests per CAS server (dashboard)
-- @description: every CAS server with its client-facing requests, how many it served directly, proxied and redirected, how many failed and the error rate, from the device_breakdown rollup; a server that logged only inner hops is listed with 0
-- @internal: true
--
-- Stateless: sums the whole rollup on every read (~1% as many rows as `requests`: 57,000
-- rows, ~18 ms at 10M requests in bench/dashboard-refresh.ts). One GROUP BY server_id with
-- filtered sums: grouping by (server_id, class, outcome) first and joining outcomes
-- afterwards measured ~1.3x slower. `outcome IN (SELECT ...)` is evaluated once, as a
-- lookup table. Classes other than proxy (1) and redirect (2) count as direct, so that
-- direct + proxy + redirect = requests.
WITH per_server AS (
  SELECT b.server_id,
    sum(b.requests) AS requests,
    sum(b.requests) FILTER (WHERE b.class = 1) AS proxy,
    sum(b.requests) FILTER (WHERE b.class = 2) AS redirect,
    sum(b.requests) FILTER (WHERE b.outcome IN (SELECT id FROM outcomes WHERE failure = 1)) AS failures
  FROM device_breakdown b
  GROUP BY b.server_id
)
SELECT s.name AS server,
  coalesce(t.requests, 0) AS requests,
  coalesce(t.requests, 0) - coalesce(t.proxy, 0) - coalesce(t.redirect, 0) AS direct,
  coalesce(t.proxy, 0) AS proxy,
  coalesce(t.redirect, 0) AS redirect,
  coalesce(t.failures, 0) AS failures,
  coalesce(t.failures, 0) * 1.0 / max(1, coalesce(t.requests, 0)) AS error_rate
FROM servers s
LEFT JOIN per_server t ON t.server_id = s.id
ORDER BY requests DESC, s.name
