-- EIA permits (环评审批/备案). 登记表 = 备案; 报告书 / 报告表 = 审批.
-- Statutory limit (环评法 第二十二条): 报告书 60 days, 报告表 30 days, minus 不计时天数.

-- name: permits_approved
-- label: 环评审批
-- unit: 件
-- panel: permits
-- value: count(*)
-- needs: decided_on
-- doc: 该年度批复的报告书、报告表项目。
SELECT * FROM permits
WHERE year(decided_on) = $year AND decided_on <= $as_of AND doc_type IN ('报告书', '报告表')
ORDER BY decided_on, permit_no

-- name: permits_filed
-- label: 备案登记
-- unit: 件
-- panel: permits
-- value: count(*)
-- needs: decided_on
-- doc: 该年度备案的登记表项目。
SELECT * FROM permits
WHERE year(decided_on) = $year AND decided_on <= $as_of AND doc_type = '登记表'
ORDER BY decided_on, permit_no

-- name: permits_avg_days
-- label: 审批平均用时
-- unit: 天
-- panel: permits
-- value: round(avg(用时天数), 1)
-- needs: decided_on
-- doc: 该年度批复的审批项目，从受理到批复扣除不计时天数后的平均天数。
SELECT *, decided_on - received_on - coalesce(paused_days, 0) AS 用时天数,
       CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END AS 法定时限
FROM permits
WHERE year(decided_on) = $year AND decided_on <= $as_of AND doc_type IN ('报告书', '报告表')
ORDER BY 用时天数 DESC

-- name: permits_over_limit
-- label: 审批超法定时限
-- unit: 件
-- panel: permits
-- alert: yes
-- due: 审批期限
-- settled: decided_on
-- what: permit_no, project_name
-- value: count(*)
-- needs: decided_on
-- doc: 该年度批复但用时超过法定时限的项目，以及截至判断日未批复且已超过时限的项目。审批期限为受理日加法定时限（报告书60日、报告表30日）和不计时天数。
SELECT *, received_on + coalesce(paused_days, 0)
          + CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END AS 审批期限,
       coalesce(least(decided_on, $as_of), $as_of) - received_on - coalesce(paused_days, 0) AS 用时天数,
       CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END AS 法定时限,
       coalesce(least(decided_on, $as_of), $as_of) - received_on - coalesce(paused_days, 0)
       - CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END AS 超期天数
FROM permits
WHERE doc_type IN ('报告书', '报告表') AND received_on <= $as_of
  AND (year(decided_on) = $year OR decided_on IS NULL OR decided_on > $as_of)
  AND coalesce(least(decided_on, $as_of), $as_of) - received_on - coalesce(paused_days, 0)
      > CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END
ORDER BY 超期天数 DESC, permit_no

-- name: permits_pending_near_limit
-- label: 审批临近法定时限
-- unit: 件
-- panel: permits
-- alert: yes
-- due: 审批期限
-- what: permit_no, project_name
-- value: count(*)
-- needs: decided_on
-- doc: 截至判断日未批复、距审批期限（受理日加法定时限和不计时天数）不足5天的审批项目。
SELECT *, received_on + coalesce(paused_days, 0)
          + CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END AS 审批期限,
       (CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END)
          - ($as_of - received_on - coalesce(paused_days, 0)) AS 剩余天数
FROM permits
WHERE doc_type IN ('报告书', '报告表') AND received_on <= $as_of AND (decided_on IS NULL OR decided_on > $as_of)
  AND (CASE doc_type WHEN '报告书' THEN $permit_report_book_days ELSE $permit_report_form_days END)
      - ($as_of - received_on - coalesce(paused_days, 0)) BETWEEN 0 AND 5
ORDER BY 剩余天数, permit_no

-- name: permits_by_type
-- label: 按环评文件类型
-- panel: permits
-- sums_to: permits_approved + permits_filed
-- doc: 该年度批复/备案项目按环评文件类型分布。
SELECT doc_type AS 环评文件类型, count(*) AS 件数,
       round(avg(decided_on - received_on - coalesce(paused_days, 0)), 1) AS 平均用时天数
FROM permits WHERE year(decided_on) = $year
GROUP BY 1 ORDER BY 2 DESC

-- name: permits_by_month
-- label: 按月批复/备案数
-- panel: permits
-- sums_to: permits_approved + permits_filed
-- doc: 该年度每月批复或备案的项目数。
SELECT m AS 月份, count(p.permit_no) AS 件数
FROM range(1, 13) AS months(m)
LEFT JOIN permits p ON year(p.decided_on) = $year AND month(p.decided_on) = m
GROUP BY m ORDER BY m
