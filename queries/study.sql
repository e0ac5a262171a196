-- Study meetings (学法及会议): 党组（扩大）会议、中心组、例会, and 学法考试.

-- name: study_meetings
-- label: 召开党组（扩大）会议、中心组会议、干部职工例会
-- unit: 次
-- panel: study
-- value: count(*)
-- doc: 该年度召开的党组会议、党组扩大会议、理论学习中心组会议和干部职工例会。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND held_on <= $as_of AND meeting_type IN ('党组会议', '党组扩大会议', '理论学习中心组', '干部职工例会')
ORDER BY held_on

-- name: law_exams
-- label: 学法考试
-- unit: 次
-- panel: study
-- value: count(*)
-- doc: 该年度参加的学法考试。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND held_on <= $as_of AND meeting_type = '学法考试'
ORDER BY held_on

-- name: laws_studied
-- label: 学习法律法规
-- unit: 部
-- panel: study
-- value: count(DISTINCT law_topic)
-- needs: law_topic
-- doc: 该年度会议学法内容中不同的法律法规篇目数。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND law_topic IS NOT NULL AND meeting_type <> '学法考试'
ORDER BY held_on

-- name: study_with_law_rate
-- label: 每会一学法
-- unit: %
-- panel: study
-- value: round(100.0 * count(law_topic) / nullif(count(*), 0), 1)
-- needs: law_topic
-- doc: 该年度党组会议、中心组和例会中有学法内容的比例。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND held_on <= $as_of AND meeting_type IN ('党组会议', '党组扩大会议', '理论学习中心组', '干部职工例会')
ORDER BY law_topic NULLS FIRST, held_on

-- name: study_head_chaired
-- label: 主要负责人主持
-- unit: 次
-- panel: study
-- value: count(*)
-- needs: chaired_by_head
-- doc: 该年度由主要负责人主持的会议。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND chaired_by_head AND meeting_type <> '学法考试'
ORDER BY held_on

-- name: study_rule_of_law_agenda
-- label: 研究部署法治建设
-- unit: 次
-- panel: study
-- value: count(*)
-- needs: rule_of_law_agenda
-- doc: 该年度会议中研究法治议题的次数。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND rule_of_law_agenda
ORDER BY held_on

-- name: study_behind_target
-- label: 集体学法进度落后
-- unit: 次
-- panel: study
-- alert: yes
-- value: greatest(0, CAST(floor($study_sessions_per_year * dayofyear($as_of) / dayofyear(make_date(year($as_of), 12, 31)) + 1e-9) AS INT) - count(*))
-- needs: law_topic
-- doc: 按年度目标（默认每年4次）和判断日的时间进度，应召开而尚未召开的集体学法会议次数；明细为已召开的会议。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND held_on <= $as_of
  AND meeting_type IN ('党组会议', '党组扩大会议', '理论学习中心组', '干部职工例会') AND law_topic IS NOT NULL
ORDER BY held_on

-- name: study_by_type
-- label: 按会议类型
-- panel: study
-- sums_to: study_meetings
-- doc: 该年度党组会议、党组扩大会议、理论学习中心组会议和干部职工例会按类型分布（与“召开会议”同一口径，学法考试另计），含有学法内容的次数。
SELECT meeting_type AS 会议类型, count(*) AS 次数, count(law_topic) AS 有学法内容
FROM study_sessions
WHERE year(held_on) = $year AND meeting_type IN ('党组会议', '党组扩大会议', '理论学习中心组', '干部职工例会')
GROUP BY 1 ORDER BY 2 DESC, 1

-- name: study_topics
-- label: 学法篇目
-- panel: study
-- sums_to: none
-- doc: 该年度学习的法律法规篇目及次数。
SELECT law_topic AS 学法内容, count(*) AS 次数, min(held_on) AS 首次学习
FROM study_sessions WHERE year(held_on) = $year AND law_topic IS NOT NULL AND meeting_type <> '学法考试'
GROUP BY 1 ORDER BY 3

-- name: study_by_month
-- label: 按月学法会议数
-- panel: study
-- sums_to: study_meetings
-- doc: 该年度每月召开的党组会议、党组扩大会议、理论学习中心组会议和干部职工例会次数（与“召开会议”同一口径）。
SELECT m AS 月份, count(s.held_on) AS 会议数
FROM range(1, 13) AS months(m)
LEFT JOIN study_sessions s ON year(s.held_on) = $year AND month(s.held_on) = m
  AND s.meeting_type IN ('党组会议', '党组扩大会议', '理论学习中心组', '干部职工例会')
GROUP BY m ORDER BY m
