-- @name: dashboard-traffic-delta
-- @title: Requests added in a row-id range (dashboard)
-- @description: requests with after_id < id <= upto_id grouped by server, class, hop, proxy target and failure; the dashboard adds these up incrementally (a rowid range, never a full scan per refresh)
-- @param after_id=0: last requests.id already counted
-- @param upto_id=0: last requests.id to count now
SELECT r.server_id, r.class, r.hop, r.proxy_target_id, o.failure,
  count(*) AS requests
FROM requests r
JOIN outcomes o ON o.id = r.outcome
WHERE r.id > :after_id AND r.id <= :upto_id
GROUP BY r.server_id, r.class, r.hop, r.proxy_target_id, o.failure
