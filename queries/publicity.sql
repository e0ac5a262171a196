-- Publicity (普法) events.

-- name: publicity_events_held
-- label: 开展普法宣传活动
-- unit: 次
-- panel: publicity
-- value: count(*)
-- doc: 该年度开展的普法宣传活动。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND held_on <= $as_of ORDER BY held_on

-- name: publicity_audience
-- label: 普法覆盖人数
-- unit: 人次
-- panel: publicity
-- value: coalesce(sum(audience), 0)
-- needs: audience
-- doc: 该年度普法活动覆盖人数之和。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND held_on <= $as_of ORDER BY audience DESC NULLS LAST

-- name: publicity_materials
-- label: 发放宣传资料
-- unit: 份
-- panel: publicity
-- value: coalesce(sum(materials), 0)
-- needs: materials
-- doc: 该年度普法活动发放资料份数之和。
SELECT * FROM publicity_events WHERE year(held_on) = $year ORDER BY materials DESC NULLS LAST

-- name: publicity_occasions
-- label: 重要节点宣传
-- unit: 个
-- panel: publicity
-- value: count(DISTINCT occasion)
-- needs: occasion
-- doc: 该年度开展了宣传活动的重要节点（不含“其他”）。
SELECT * FROM publicity_events
WHERE year(held_on) = $year AND occasion IS NOT NULL AND occasion <> '其他'
ORDER BY held_on

-- name: publicity_by_occasion
-- label: 按宣传节点
-- panel: publicity
-- sums_to: publicity_events_held
-- doc: 该年度普法活动按节点分布。
SELECT coalesce(occasion, '未填') AS 节点, count(*) AS 次数, coalesce(sum(audience), 0) AS 覆盖人数,
       min(held_on) AS 日期
FROM publicity_events WHERE year(held_on) = $year
GROUP BY 1 ORDER BY 4

-- name: publicity_by_form
-- label: 按活动形式
-- panel: publicity
-- sums_to: publicity_events_held
-- doc: 该年度普法活动按形式分布。
SELECT coalesce(form, '未填') AS 形式, count(*) AS 次数, coalesce(sum(audience), 0) AS 覆盖人数
FROM publicity_events WHERE year(held_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: publicity_by_month
-- label: 按月普法活动数
-- panel: publicity
-- sums_to: publicity_events_held
-- doc: 该年度每月开展的普法宣传活动次数。
SELECT m AS 月份, count(p.held_on) AS 活动数
FROM range(1, 13) AS months(m)
LEFT JOIN publicity_events p ON year(p.held_on) = $year AND month(p.held_on) = m
GROUP BY m ORDER BY m
