-- @name: dashboard-device
-- @title: One device's verdict and counts (dashboard)
-- @description: identity, last verdict (reason and recommendation) and rollup counts of one device by its internal id (devices.id)
-- @internal: true
-- @param device=0: devices.id of the device
SELECT d.id AS key,
  u.name AS user,
  d.device_key AS device_id,
  coalesce(t.name, '') AS device_type,
  coalesce(ua.name, '') AS user_agent,
  coalesce(v.verdict, 'unknown') AS verdict,
  coalesce(v.failing, 0) AS failing,
  coalesce(v.reason, 'not diagnosed yet') AS reason,
  coalesce(v.recommendation, '') AS recommendation,
  coalesce(s.requests, 0) AS requests,
  coalesce(s.redirect, 0) AS redirect,
  coalesce(s.proxy, 0) AS proxy,
  coalesce(s.direct, 0) AS direct,
  coalesce(s.first_ts, 0) AS first_seen,
  coalesce(s.last_ts, 0) AS last_seen,
  s.last_ok_ts AS last_success,
  coalesce(sv.name, '') AS last_server
FROM devices d
JOIN users u ON u.id = d.user_id
LEFT JOIN device_types t ON t.id = d.device_type_id
LEFT JOIN user_agents ua ON ua.id = d.user_agent_id
LEFT JOIN device_verdicts v ON v.device_id = d.id
LEFT JOIN device_stats s ON s.device_id = d.id
LEFT JOIN servers sv ON sv.id = s.last_server_id
WHERE d.id = :device
