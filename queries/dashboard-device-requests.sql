-- @name: dashboard-device-requests
-- @title: One device's latest requests (dashboard)
-- @description: the newest client-facing requests of one device (devices.id), newest first, with server, class, command, status, Exchange error and proxy or redirect target
-- @internal: true
-- @param device=0: devices.id of the device
-- @param limit=200: most requests returned
SELECT r.ts,
  coalesce(sv.name, '') AS server,
  r.class,
  coalesce(c.name, '') AS command,
  r.status,
  e.name AS error,
  p.name AS proxy_target,
  rt.name AS redirect_target
FROM requests r
LEFT JOIN servers sv ON sv.id = r.server_id
LEFT JOIN commands c ON c.id = r.command_id
LEFT JOIN errors e ON e.id = r.error_id
LEFT JOIN proxy_targets p ON p.id = r.proxy_target_id
LEFT JOIN redirect_targets rt ON rt.id = r.redirect_target_id
WHERE r.device_id = :device AND r.hop = 0
ORDER BY r.ts DESC
LIMIT :limit
