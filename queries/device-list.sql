-- @name: device-list
-- @title: Devices
-- @description: every device with its user, DeviceId, DeviceType and latest user agent
-- @internal: true
-- @param user: only this user (default: all)
-- @param device_type: only this DeviceType (default: all)
-- @param device_id: only this DeviceId (default: all)
SELECT d.id, u.name AS user, d.device_key, t.name AS device_type, a.name AS user_agent
FROM devices d
JOIN users u ON u.id = d.user_id
LEFT JOIN device_types t ON t.id = d.device_type_id
LEFT JOIN user_agents a ON a.id = d.user_agent_id
WHERE (:user IS NULL OR u.name = lower(:user))
  AND (:device_type IS NULL OR t.name = :device_type COLLATE NOCASE)
  AND (:device_id IS NULL OR d.device_key = :device_id COLLATE NOCASE)
ORDER BY u.name, d.device_key
