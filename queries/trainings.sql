-- Trainings (培训).

-- name: trainings_held
-- label: 组织和参加培训
-- unit: 次
-- panel: training
-- value: count(*)
-- doc: 该年度的培训（本局举办及参加上级举办）。
SELECT * FROM trainings WHERE year(held_on) = $year AND held_on <= $as_of ORDER BY held_on

-- name: training_attendance
-- label: 参训人次
-- unit: 人次
-- panel: training
-- value: coalesce(sum(attendees), 0)
-- needs: attendees
-- doc: 该年度各次培训参训人数之和。
SELECT * FROM trainings WHERE year(held_on) = $year AND held_on <= $as_of ORDER BY attendees DESC NULLS LAST

-- name: trainings_head_attended
-- label: 主要负责人参加培训
-- unit: 次
-- panel: training
-- value: count(*)
-- needs: head_attended
-- doc: 该年度主要负责人参加的培训。
SELECT * FROM trainings WHERE year(held_on) = $year AND head_attended ORDER BY held_on

-- name: trainings_by_form
-- label: 按培训形式
-- panel: training
-- sums_to: trainings_held
-- doc: 该年度培训按形式分布，含参训人次和学时。
SELECT coalesce(form, '未填') AS 形式, count(*) AS 次数, coalesce(sum(attendees), 0) AS 参训人次,
       coalesce(sum(hours), 0) AS 学时
FROM trainings WHERE year(held_on) = $year
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: trainings_by_month
-- label: 按月培训次数
-- panel: training
-- sums_to: trainings_held
-- doc: 该年度每月的培训次数（本局举办及参加上级举办）。
SELECT m AS 月份, count(t.held_on) AS 培训次数
FROM range(1, 13) AS months(m)
LEFT JOIN trainings t ON year(t.held_on) = $year AND month(t.held_on) = m
GROUP BY m ORDER BY m
