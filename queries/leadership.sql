-- The head's own duties (主要负责人履职纪实): what part three of the report rests on.

-- name: head_duties
-- label: 主要负责人履职事项
-- unit: 项
-- panel: leadership
-- value: count(*)
-- doc: 该年度主要负责人履职纪实台账记录的事项。
SELECT * FROM leadership_duties WHERE year(done_on) = $year ORDER BY done_on

-- name: head_deployments
-- label: 亲自部署、过问、协调、督办
-- unit: 项
-- panel: leadership
-- value: count(*)
-- doc: 该年度主要负责人亲自部署、亲自过问、亲自协调、亲自督办的事项。
SELECT * FROM leadership_duties
WHERE year(done_on) = $year AND duty_type IN ('亲自部署', '亲自过问', '亲自协调', '亲自督办')
ORDER BY done_on

-- name: head_inspections
-- label: 督导检查
-- unit: 次
-- panel: leadership
-- value: count(*)
-- doc: 该年度主要负责人对股室、局属单位开展的法治建设督导检查。
SELECT * FROM leadership_duties WHERE year(done_on) = $year AND duty_type = '督导检查' ORDER BY done_on

-- name: head_year_end_report
-- label: 年终述法
-- unit: 次
-- panel: leadership
-- value: count(*)
-- doc: 该年度主要负责人年终述法的记录。
SELECT * FROM leadership_duties WHERE year(done_on) = $year AND duty_type = '年终述法' ORDER BY done_on

-- name: head_major_cases_signed
-- label: 审签重大案件
-- unit: 件
-- panel: leadership
-- value: count(*)
-- doc: 该年度主要负责人审签的重大执法案件。
SELECT * FROM leadership_duties WHERE year(done_on) = $year AND duty_type = '审签重大案件' ORDER BY done_on

-- name: head_petition_visits
-- label: 接访下访
-- unit: 次
-- panel: leadership
-- value: count(*)
-- doc: 该年度主要负责人接访、下访的记录。
SELECT * FROM leadership_duties WHERE year(done_on) = $year AND duty_type = '接访下访' ORDER BY done_on

-- name: head_duties_by_type
-- label: 履职按类型
-- panel: leadership
-- sums_to: head_duties
-- doc: 该年度主要负责人履职事项按类型分布。
SELECT duty_type AS 履职类型, count(*) AS 次数
FROM leadership_duties WHERE year(done_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1
