-- @name: dashboard-reject-files
-- @title: Files with rejected lines (dashboard)
-- @description: every file with lines the parser could not read, most rejects first, with its data-line count
-- @internal: true
-- @param limit=100: most files returned
SELECT path, lines, rejected
FROM files
WHERE rejected > 0
ORDER BY rejected DESC, path
LIMIT :limit
