-- Shortcomings (不足) and their rectification (整改).

-- name: shortcomings_found
-- label: 查找存在的不足
-- unit: 条
-- panel: shortcomings
-- value: count(*)
-- doc: 年度为该年的问题整改台账条目。
SELECT * FROM shortcomings WHERE year = $year ORDER BY item_no

-- name: shortcomings_open
-- label: 未完成整改
-- unit: 条
-- panel: shortcomings
-- value: count(*)
-- needs: status
-- doc: 该年度及以前查找、截至判断日尚未完成整改的条目（含整改中、未启动）。
SELECT * FROM shortcomings
WHERE year <= $year AND NOT (coalesce(status, '') = '已完成' AND coalesce(completed_on, $as_of) <= $as_of)
ORDER BY due_on NULLS LAST, item_no

-- name: shortcomings_in_progress
-- label: 整改中
-- unit: 条
-- panel: shortcomings
-- value: count(*)
-- needs: status
-- doc: 该年度及以前查找、截至判断日正在整改的条目：状态为整改中，或判断日之后才完成的（往年按年底时的状态）。
SELECT * FROM shortcomings
WHERE year <= $year
  AND (status = '整改中' OR (status = '已完成' AND completed_on > $as_of))
ORDER BY due_on NULLS LAST, item_no

-- name: shortcomings_done
-- label: 已完成整改
-- unit: 条
-- panel: shortcomings
-- value: count(*)
-- needs: status
-- doc: 该年度查找、截至判断日已完成整改的条目。
SELECT * FROM shortcomings
WHERE year = $year AND status = '已完成' AND coalesce(completed_on, $as_of) <= $as_of
ORDER BY completed_on, item_no

-- name: shortcomings_overdue
-- label: 超整改时限未完成
-- unit: 条
-- panel: shortcomings
-- alert: yes
-- due: due_on
-- what: item_no, problem
-- whose: owner
-- value: count(*)
-- needs: due_on, status
-- doc: 截至判断日已过整改时限（时限早于判断日）、仍未完成的条目；时限当天到期的不算超期。
SELECT *, $as_of - due_on AS 超期天数 FROM shortcomings
WHERE due_on < $as_of
  AND NOT (coalesce(status, '') = '已完成' AND coalesce(completed_on, $as_of) <= $as_of)
ORDER BY due_on, item_no

-- name: shortcomings_by_status
-- label: 本年查找按整改状态
-- panel: shortcomings
-- sums_to: shortcomings_found
-- doc: 该年度查找的条目截至判断日的整改状态（判断日之后才完成的记为整改中），三种状态都列出，合计等于查找的条数。
SELECT 状态, count(item_no) AS 条数
FROM (SELECT * FROM (VALUES ('已完成', 1), ('整改中', 2), ('未启动', 3)) AS s(状态, 序)
      UNION ALL
      SELECT DISTINCT coalesce(status, '未填'), 4 FROM shortcomings
      WHERE year = $year AND coalesce(status, '未填') NOT IN ('已完成', '整改中', '未启动')) AS states
LEFT JOIN (SELECT item_no,
                  CASE WHEN status = '已完成' AND coalesce(completed_on, $as_of) <= $as_of THEN '已完成'
                       WHEN status = '已完成' THEN '整改中'
                       ELSE coalesce(status, '未填') END AS 截至判断日状态
           FROM shortcomings WHERE year = $year) AS items ON items.截至判断日状态 = states.状态
GROUP BY 状态, 序 ORDER BY 序, 状态

-- name: shortcomings_open_by_status
-- label: 未完成整改按状态
-- panel: shortcomings
-- sums_to: shortcomings_open
-- doc: 截至判断日尚未完成整改的条目（含往年查找结转的）按状态分布，合计等于“未完成整改”，其中“整改中”一行等于“整改中”的条数；“往年结转”为该年度以前查找的条目。
SELECT 状态, count(item_no) AS 条数, count(item_no) FILTER (WHERE year < $year) AS 往年结转
FROM (SELECT * FROM (VALUES ('整改中', 1), ('未启动', 2)) AS s(状态, 序)
      UNION ALL
      SELECT DISTINCT coalesce(status, '未填'), 3 FROM shortcomings
      WHERE year <= $year AND coalesce(status, '未填') NOT IN ('已完成', '整改中', '未启动')) AS states
LEFT JOIN (SELECT item_no, year,
                  CASE WHEN status = '已完成' THEN '整改中' ELSE coalesce(status, '未填') END AS 截至判断日状态
           FROM shortcomings
           WHERE year <= $year
             AND NOT (coalesce(status, '') = '已完成' AND coalesce(completed_on, $as_of) <= $as_of)) AS items
  ON items.截至判断日状态 = states.状态
GROUP BY 状态, 序 ORDER BY 序, 状态
