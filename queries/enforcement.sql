-- Enforcement (执法): cases filed in the year and the 三项制度 figures.

-- name: cases_filed
-- label: 查处环境违法行为
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- doc: 立案日期在该年度内的全部案件（含报请关闭、不予处罚）。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND filed_on <= $as_of
ORDER BY filed_on, case_no

-- name: cases_penalised
-- label: 行政处罚
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- needs: outcome
-- doc: 该年度立案、处理结果为“行政处罚”的案件。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND filed_on <= $as_of AND outcome = '行政处罚'
ORDER BY filed_on, case_no

-- name: fines_total
-- label: 罚款金额
-- unit: 元
-- panel: enforcement
-- value: coalesce(sum(fine_yuan), 0)
-- needs: outcome, fine_yuan
-- doc: 该年度立案、作出行政处罚的案件罚款金额合计（元）。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND filed_on <= $as_of AND outcome = '行政处罚'
ORDER BY fine_yuan DESC NULLS LAST, case_no

-- name: cases_closure_requested
-- label: 申请政府关闭违法企业
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- needs: outcome
-- doc: 该年度立案、处理结果为“报请政府关闭”的案件。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND outcome = '报请政府关闭'
ORDER BY filed_on, case_no

-- name: cases_not_penalised
-- label: 免罚
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- needs: outcome
-- doc: 该年度立案、处理结果为“不予处罚”的案件（首违不罚等）。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND outcome = '不予处罚'
ORDER BY filed_on, case_no

-- name: cases_closed
-- label: 结案
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- needs: closed_on
-- doc: 该年度立案、截至判断日已结案的案件。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND closed_on IS NOT NULL AND closed_on <= $as_of
ORDER BY closed_on, case_no

-- name: decisions_published
-- label: 公示执法信息
-- unit: 条
-- panel: enforcement
-- value: count(*)
-- needs: published_on
-- doc: 该年度立案、已公示（有公示日期）的案件。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND published_on IS NOT NULL AND published_on <= $as_of
ORDER BY published_on, case_no

-- name: publish_rate
-- label: 执法决定公示率
-- unit: %
-- panel: enforcement
-- value: round(100.0 * count(*) FILTER (WHERE published_on <= $as_of) / nullif(count(*), 0), 1)
-- needs: published_on, decided_on, outcome
-- doc: 该年度立案、截至判断日已作出须公示的决定（行政处罚、不予处罚、报请政府关闭）的案件中，已公示的比例；撤销立案、移送的案件没有决定可公示，不计入。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND decided_on IS NOT NULL AND decided_on <= $as_of
  AND coalesce(outcome, '') IN ('行政处罚', '不予处罚', '报请政府关闭')
ORDER BY published_on NULLS FIRST, decided_on, case_no

-- name: legal_reviews_done
-- label: 审核重大执法决定
-- unit: 件
-- panel: enforcement
-- value: count(*)
-- needs: legal_review_on
-- doc: 该年度立案、经过法制审核（有法制审核日期）的执法决定，即报告所称“审核重大执法决定”；其中标为重大案件的另见“重大案件”列，合法性审查台账中的“重大执法决定”是另一本账。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND legal_review_on IS NOT NULL
ORDER BY legal_review_on, case_no

-- name: fully_recorded_rate
-- label: 执法过程记录完整率
-- unit: %
-- panel: enforcement
-- value: round(100.0 * count(*) FILTER (WHERE fully_recorded) / nullif(count(*), 0), 1)
-- needs: fully_recorded
-- doc: 该年度立案的案件中，执法全过程记录完整的比例。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year
ORDER BY fully_recorded NULLS FIRST, filed_on, case_no

-- name: cases_open_overdue
-- label: 立案超期未作决定
-- unit: 起
-- panel: enforcement
-- alert: yes
-- due: 决定期限
-- what: case_no, party
-- who: officers
-- value: count(*)
-- needs: decided_on
-- doc: 截至判断日，立案已超过法定期限（默认90日，行政处罚法第六十条）仍未作出决定的案件（不限立案年度）。决定期限为立案日加法定天数，超期天数为判断日距决定期限的天数。
SELECT *, filed_on + $case_decision_days AS 决定期限, $as_of - (filed_on + $case_decision_days) AS 超期天数
FROM enforcement_cases
WHERE $as_of - filed_on > $case_decision_days
  AND (decided_on IS NULL OR decided_on > $as_of)
  AND coalesce(outcome, '') NOT IN ('撤销立案', '移送')
ORDER BY filed_on

-- name: cases_decided_late
-- label: 超期作出决定
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- needs: decided_on
-- doc: 该年度作出决定、但距立案超过法定期限（默认90日）的案件。
SELECT *, (decided_on - filed_on) AS 办理天数 FROM enforcement_cases
WHERE year(decided_on) = $year AND decided_on - filed_on > $case_decision_days
ORDER BY decided_on

-- The publication clock counts working days: the n-th working day after the decision is
-- its 公示期限. Working days follow the State Council's holidays and 调休, bound as the list
-- parameters $holidays (weekdays off) and $adjusted_workdays (weekend days worked).

-- name: decisions_unpublished
-- label: 决定逾期未公示
-- unit: 起
-- panel: enforcement
-- alert: yes
-- due: 公示期限
-- what: case_no, party
-- who: officers
-- value: count(*)
-- needs: published_on, decided_on, outcome
-- doc: 截至判断日已作出须公示的决定、过了公示期限仍未公示的案件（不限决定年度）。公示期限为决定日后第7个工作日（默认），工作日按国务院节假日和调休安排计算；与“决定超时限公示”（已公示、但晚于期限）不同。
SELECT *, $as_of - 公示期限 AS 超期天数
FROM (
  SELECT e.*, coalesce(
           (SELECT list(CAST(t.d AS DATE) ORDER BY t.d)[$publish_working_days]
            FROM range(e.decided_on + 1, e.decided_on + 31 + 2 * $publish_working_days, INTERVAL 1 DAY) AS t(d)
            WHERE list_contains($adjusted_workdays, CAST(t.d AS DATE))
               OR isodow(t.d) <= 5 AND NOT list_contains($holidays, CAST(t.d AS DATE))),
           e.decided_on) AS 公示期限
  FROM enforcement_cases e
  WHERE e.decided_on IS NOT NULL AND e.decided_on <= $as_of
    AND coalesce(e.outcome, '') IN ('行政处罚', '不予处罚', '报请政府关闭')
    AND (e.published_on IS NULL OR e.published_on > $as_of)
) AS decided
WHERE 公示期限 < $as_of
ORDER BY 公示期限, case_no

-- name: decisions_published_late
-- label: 决定超时限公示
-- unit: 起
-- panel: enforcement
-- value: count(*)
-- needs: published_on, decided_on, outcome
-- doc: 该年度作出决定、已公示、但公示日晚于公示期限（决定日后第7个工作日，默认；工作日按国务院节假日和调休安排计算）的案件；与“决定逾期未公示”（至今未公示）不同。
SELECT *, published_on - 公示期限 AS 超期天数,
       (SELECT count(*) FROM range(decided_on + 1, published_on + 1, INTERVAL 1 DAY) AS t(d)
        WHERE list_contains($adjusted_workdays, CAST(t.d AS DATE))
           OR isodow(t.d) <= 5 AND NOT list_contains($holidays, CAST(t.d AS DATE))) AS 公示用工作日数
FROM (
  SELECT e.*, coalesce(
           (SELECT list(CAST(t.d AS DATE) ORDER BY t.d)[$publish_working_days]
            FROM range(e.decided_on + 1, e.decided_on + 31 + 2 * $publish_working_days, INTERVAL 1 DAY) AS t(d)
            WHERE list_contains($adjusted_workdays, CAST(t.d AS DATE))
               OR isodow(t.d) <= 5 AND NOT list_contains($holidays, CAST(t.d AS DATE))),
           e.decided_on) AS 公示期限
  FROM enforcement_cases e
  WHERE year(e.decided_on) = $year AND e.decided_on <= $as_of
    AND coalesce(e.outcome, '') IN ('行政处罚', '不予处罚', '报请政府关闭')
    AND e.published_on IS NOT NULL AND e.published_on <= $as_of
) AS decided
WHERE published_on > 公示期限
ORDER BY decided_on, case_no

-- name: cases_by_month
-- label: 按月立案数
-- panel: enforcement
-- sums_to: cases_filed
-- doc: 该年度每月立案的案件数（1–12月，无案件的月份为0）。
SELECT m AS 月份, count(e.case_no) AS 案件数
FROM range(1, 13) AS months(m)
LEFT JOIN enforcement_cases e ON year(e.filed_on) = $year AND month(e.filed_on) = m
GROUP BY m ORDER BY m

-- name: cases_by_type
-- label: 按违法类型
-- panel: enforcement
-- sums_to: cases_filed
-- doc: 该年度立案案件按违法类型分布，含罚款合计（元）。
SELECT coalesce(violation_type, '未填') AS 违法类型, count(*) AS 案件数, coalesce(sum(fine_yuan), 0) AS 罚款元
FROM enforcement_cases WHERE year(filed_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: cases_by_source
-- label: 按案件来源
-- panel: enforcement
-- sums_to: cases_filed
-- doc: 该年度立案案件按来源分布。
SELECT coalesce(case_source, '未填') AS 案件来源, count(*) AS 案件数
FROM enforcement_cases WHERE year(filed_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: cases_by_campaign
-- label: 专项行动案件
-- panel: enforcement
-- sums_to: none
-- doc: 该年度立案案件中属于各专项行动的数量（只是立案案件的一部分，合计不等于立案数）。
SELECT campaign AS 专项行动, count(*) AS 案件数
FROM enforcement_cases WHERE year(filed_on) = $year AND campaign IS NOT NULL
GROUP BY 1 ORDER BY 2 DESC, 1
