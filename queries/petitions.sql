-- Petitions (信访投诉): received, closed, on time, by channel and category.
-- Deadline: 办理时限 when given, else 受理日期 + 60 days (信访工作条例 第三十四条).

-- name: petitions_received
-- label: 处置县级信访投诉
-- unit: 件
-- panel: petitions
-- value: count(*)
-- needs: level
-- doc: 该年度受理、级别为“县级”的信访投诉件（报告口径）。
SELECT * FROM petitions
WHERE year(received_on) = $year AND level = '县级'
ORDER BY received_on, petition_no

-- name: petitions_all
-- label: 受理信访投诉（全部级别）
-- unit: 件
-- panel: petitions
-- value: count(*)
-- doc: 该年度受理的全部信访投诉件，不分级别。
SELECT * FROM petitions
WHERE year(received_on) = $year AND received_on <= $as_of
ORDER BY received_on, petition_no

-- name: petitions_closed
-- label: 办结
-- unit: 件
-- panel: petitions
-- value: count(*)
-- needs: closed_on
-- doc: 该年度受理、截至判断日已办结的信访投诉件。
SELECT * FROM petitions
WHERE year(received_on) = $year AND closed_on IS NOT NULL AND closed_on <= $as_of
ORDER BY closed_on, petition_no

-- name: petitions_on_time_rate
-- label: 按期办结率
-- unit: %
-- panel: petitions
-- value: round(100.0 * count(*) FILTER (WHERE closed_on <= 办理期限) / nullif(count(*), 0), 1)
-- needs: closed_on
-- doc: 该年度受理且已办结的件中，在办理时限内办结的比例。
SELECT *, coalesce(due_on, received_on + $petition_days) AS 办理期限 FROM petitions
WHERE year(received_on) = $year AND closed_on IS NOT NULL AND closed_on <= $as_of
ORDER BY closed_on - coalesce(due_on, received_on + $petition_days) DESC, petition_no

-- name: petitions_closed_late
-- label: 超期办结
-- unit: 件
-- panel: petitions
-- value: count(*)
-- needs: closed_on
-- doc: 该年度受理、办结日期晚于办理时限的件。
SELECT *, closed_on - coalesce(due_on, received_on + $petition_days) AS 超期天数 FROM petitions
WHERE year(received_on) = $year AND closed_on IS NOT NULL AND closed_on <= $as_of
  AND closed_on > coalesce(due_on, received_on + $petition_days)
ORDER BY 超期天数 DESC

-- name: petitions_overdue
-- label: 超期未办结
-- unit: 件
-- panel: petitions
-- alert: yes
-- due: 办理期限
-- what: petition_no, subject
-- whose: handler_unit
-- who: handler
-- value: count(*)
-- needs: closed_on
-- doc: 截至判断日仍未办结且已过办理期限的件（不限受理年度）。办理期限取台账的办理时限，未填的按受理日期加60日（默认）。
SELECT *, coalesce(due_on, received_on + $petition_days) AS 办理期限,
       $as_of - coalesce(due_on, received_on + $petition_days) AS 超期天数
FROM petitions
WHERE received_on <= $as_of AND (closed_on IS NULL OR closed_on > $as_of)
  AND coalesce(due_on, received_on + $petition_days) < $as_of
ORDER BY 超期天数 DESC, petition_no

-- name: petitions_overdue_by_unit
-- label: 超期未办结（按承办股室）
-- panel: petitions
-- sums_to: petitions_overdue
-- doc: 截至判断日超期未办结的件，按承办股室分组；台账没有承办股室的记为“未填承办股室”。
SELECT coalesce(handler_unit, '未填承办股室') AS 承办股室, count(*) AS 件数,
       max($as_of - coalesce(due_on, received_on + $petition_days)) AS 最长超期天数
FROM petitions
WHERE received_on <= $as_of AND (closed_on IS NULL OR closed_on > $as_of)
  AND coalesce(due_on, received_on + $petition_days) < $as_of
GROUP BY 1
ORDER BY 件数 DESC, 1

-- name: petitions_due_soon
-- label: 临近办理期限
-- unit: 件
-- panel: petitions
-- alert: yes
-- due: 办理期限
-- what: petition_no, subject
-- whose: handler_unit
-- who: handler
-- value: count(*)
-- needs: closed_on
-- doc: 截至判断日未办结、办理期限在今后7日内（默认，含当日）的件。
SELECT *, coalesce(due_on, received_on + $petition_days) AS 办理期限,
       coalesce(due_on, received_on + $petition_days) - $as_of AS 剩余天数
FROM petitions
WHERE received_on <= $as_of AND (closed_on IS NULL OR closed_on > $as_of)
  AND coalesce(due_on, received_on + $petition_days) BETWEEN $as_of AND $as_of + $petition_due_soon_days
ORDER BY 剩余天数, petition_no

-- name: petitions_five_star
-- label: 五星好评
-- unit: 件
-- panel: petitions
-- value: count(*)
-- needs: satisfaction
-- doc: 该年度受理、满意度为五星（五星 / 5 / 5星 / ★★★★★）的件。
SELECT * FROM petitions
WHERE year(received_on) = $year
  AND replace(replace(coalesce(satisfaction, ''), ' ', ''), '☆', '') IN ('五星', '5', '5星', '五星好评', '★★★★★')
ORDER BY received_on

-- name: petitions_satisfaction_rate
-- label: 满意率
-- unit: %
-- panel: petitions
-- value: round(100.0 * count(*) FILTER (WHERE 满意) / nullif(count(*), 0), 1)
-- needs: satisfaction
-- doc: 该年度受理、有满意度评价的件中，评价为满意（非常满意、满意、基本满意或三星及以上）的比例。
SELECT *, (satisfaction IN ('非常满意', '满意', '基本满意', '五星', '四星', '三星', '5', '4', '3', '5星', '4星', '3星',
                            '五星好评', '★★★★★', '★★★★', '★★★')) AS 满意
FROM petitions
WHERE year(received_on) = $year AND satisfaction IS NOT NULL
ORDER BY 满意, received_on

-- name: petitions_by_month
-- label: 按月受理数
-- panel: petitions
-- sums_to: petitions_all
-- doc: 该年度每月受理的信访投诉件数（全部级别）。
SELECT m AS 月份, count(p.petition_no) AS 件数
FROM range(1, 13) AS months(m)
LEFT JOIN petitions p ON year(p.received_on) = $year AND month(p.received_on) = m
GROUP BY m ORDER BY m

-- name: petitions_by_channel
-- label: 按来源渠道
-- panel: petitions
-- sums_to: petitions_all
-- doc: 该年度受理件按来源渠道分布。
SELECT coalesce(channel, '未填') AS 来源渠道, count(*) AS 件数
FROM petitions WHERE year(received_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: petitions_by_category
-- label: 按污染类型
-- panel: petitions
-- sums_to: petitions_all
-- doc: 该年度受理件按污染类型分布。
SELECT coalesce(category, '未填') AS 污染类型, count(*) AS 件数
FROM petitions WHERE year(received_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1
