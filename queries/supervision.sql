-- Supervision (监督): NPC suggestions / CPPCC proposals, reconsideration and
-- litigation, legality reviews.

-- name: supervision_items_handled
-- label: 办理人大建议、政协提案
-- unit: 件
-- panel: supervision
-- value: count(*)
-- needs: assigned_on
-- doc: 该年度交办的人大代表建议和政协提案。
SELECT * FROM supervision_items WHERE year(assigned_on) = $year AND assigned_on <= $as_of ORDER BY assigned_on, item_no

-- name: supervision_replies_overdue
-- label: 建议提案答复超期
-- unit: 件
-- panel: supervision
-- alert: yes
-- due: 应答复日期
-- settled: replied_on
-- what: item_no, title
-- value: count(*)
-- needs: assigned_on, replied_on
-- doc: 截至判断日已过答复期限（默认交办后3个月）仍未答复，或该年度答复晚于期限的件；“应答复日期”取台账的答复期限，未填的按交办日期加3个月推算。
SELECT *, coalesce(due_on, CAST(assigned_on + to_months($supervision_reply_months) AS DATE)) AS 应答复日期,
       coalesce(least(replied_on, $as_of), $as_of)
       - coalesce(due_on, CAST(assigned_on + to_months($supervision_reply_months) AS DATE)) AS 超期天数
FROM supervision_items
WHERE assigned_on <= $as_of
  AND ((replied_on IS NULL OR replied_on > $as_of)
        AND coalesce(due_on, CAST(assigned_on + to_months($supervision_reply_months) AS DATE)) < $as_of
       OR year(replied_on) = $year
        AND replied_on > coalesce(due_on, CAST(assigned_on + to_months($supervision_reply_months) AS DATE)))
ORDER BY assigned_on, item_no

-- name: supervision_by_kind
-- label: 建议提案按类型
-- panel: supervision
-- sums_to: supervision_items_handled
-- doc: 该年度交办件按类型分布，含已答复数。
SELECT kind AS 类型, count(*) AS 件数, count(replied_on) AS 已答复
FROM supervision_items WHERE year(assigned_on) = $year
GROUP BY 1 ORDER BY 1

-- name: litigation_cases
-- label: 行政复议和行政诉讼
-- unit: 件
-- panel: supervision
-- value: count(*)
-- doc: 该年度收到的行政复议和行政诉讼案件。
SELECT * FROM litigation WHERE year(received_on) = $year AND received_on <= $as_of ORDER BY received_on

-- name: head_appeared_in_court
-- label: 负责人出庭应诉
-- unit: 次
-- panel: supervision
-- value: count(*)
-- needs: head_appeared
-- doc: 该年度开庭、负责人出庭应诉的行政诉讼案件。
SELECT * FROM litigation
WHERE year(coalesce(hearing_on, received_on)) = $year AND head_appeared
ORDER BY hearing_on

-- name: lawsuits_heard
-- label: 开庭审理的行政诉讼
-- unit: 件
-- panel: supervision
-- value: count(*)
-- needs: hearing_on
-- doc: 该年度开庭审理的行政诉讼案件（负责人出庭应诉率的分母）。
SELECT * FROM litigation
WHERE kind LIKE '行政诉讼%' AND year(hearing_on) = $year
ORDER BY hearing_on

-- name: litigation_by_kind
-- label: 复议诉讼按类型
-- panel: supervision
-- sums_to: litigation_cases
-- doc: 该年度收到的复议、诉讼案件按类型和结果分布。
SELECT kind AS 类型, coalesce(result, '未填') AS 结果, count(*) AS 件数
FROM litigation WHERE year(received_on) = $year
GROUP BY 1, 2 ORDER BY 1, 2

-- name: legal_reviews_held
-- label: 合法性审查
-- unit: 件
-- panel: supervision
-- value: count(*)
-- doc: 该年度完成的合法性审查（重大行政决策、规范性文件、合同、重大执法决定）。
SELECT * FROM legal_reviews WHERE year(reviewed_on) = $year AND reviewed_on <= $as_of ORDER BY reviewed_on

-- name: legal_reviews_by_type
-- label: 合法性审查按类型
-- panel: supervision
-- sums_to: legal_reviews_held
-- doc: 该年度合法性审查按类型分布。
SELECT item_type AS 类型, count(*) AS 件数
FROM legal_reviews WHERE year(reviewed_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: supervision_by_month
-- label: 按月监督事项
-- panel: supervision
-- sums_to: supervision_items_handled + litigation_cases + legal_reviews_held
-- doc: 该年度每月新增的监督事项：交办的人大建议、政协提案，收到的复议诉讼案件，完成的合法性审查，合计件数。
SELECT m AS 月份, count(d) AS 件数
FROM range(1, 13) AS months(m)
LEFT JOIN (SELECT assigned_on AS d FROM supervision_items
           UNION ALL SELECT received_on FROM litigation
           UNION ALL SELECT reviewed_on FROM legal_reviews) AS s
  ON year(s.d) = $year AND month(s.d) = m
GROUP BY m ORDER BY m
