-- @name: dashboard-reject-recent
-- @title: Latest rejected lines (dashboard)
-- @description: the most recently stored rejected lines, newest first, with their file, line number, reason and the start of the line
-- @internal: true
-- @param limit=200: most lines returned
SELECT f.path, r.line_no, r.reason, r.sample
FROM rejects r
JOIN files f ON f.id = r.file_id
ORDER BY r.id DESC
LIMIT :limit
