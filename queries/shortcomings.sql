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
-- doc: 该年度及以前查找、截至判断日尚未完成整改的条目（含整改中、未启动）。
SELECT * FROM shortcomings
WHERE year <= $year AND NOT (coalesce(status, '') = '已完成' AND coalesce(completed_on, $as_of) <= $as_of)
ORDER BY due_on NULLS LAST, item_no

-- name: shortcomings_in_progress
-- label: 整改中
-- unit: 条
-- panel: shortcomings
-- value: count(*)
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
-- doc: 该年度查找、截至判断日已完成整改的条目。
SELECT * FROM shortcomings
WHERE year = $year AND status = '已完成' AND coalesce(completed_on, $as_of) <= $as_of
ORDER BY completed_on, item_no

-- name: shortcomings_overdue
-- label: 超整改时限未完成
-- unit: 条
-- panel: shortcomings
-- alert: yes
-- value: count(*)
-- doc: 截至判断日已过整改时限、仍未完成的条目；按年底判断时，时限为12月31日当天仍未完成的也算超期。
SELECT *, $as_of - due_on AS 超期天数 FROM shortcomings
WHERE (due_on < $as_of OR due_on = $as_of AND $as_of = make_date(year($as_of), 12, 31))
  AND NOT (coalesce(status, '') = '已完成' AND coalesce(completed_on, $as_of) <= $as_of)
ORDER BY due_on

-- name: shortcomings_by_status
-- label: 按整改状态
-- panel: shortcomings
-- doc: 该年度查找的条目截至判断日的整改状态（判断日之后才完成的记为整改中），合计等于查找的条数。
SELECT CASE WHEN status = '已完成' AND coalesce(completed_on, $as_of) <= $as_of THEN '已完成'
            WHEN status = '已完成' THEN '整改中'
            ELSE coalesce(status, '未填') END AS 状态,
       count(*) AS 条数
FROM shortcomings WHERE year = $year
GROUP BY 1 ORDER BY 2 DESC, 1
