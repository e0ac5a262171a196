-- Consistency checks between ledgers (核对): rows where two ledgers disagree.
-- A draft never settles such a disagreement itself: `dash draft --explain` and the
-- draft screen list each one, for the clerk to look into.

-- name: check_signed_before_filing
-- label: 审签日期早于立案日期
-- unit: 件
-- panel: checks
-- value: count(*)
-- doc: 该年度主要负责人履职纪实台账中“审签重大案件”的记录，其事项写明的案号在行政处罚案件台账中立案日期晚于审签日期。
WITH signed AS (
    SELECT *, regexp_extract(subject, '[〔\[［(（][0-9]{4}[〕\]］)）]第?[0-9]+号') AS 案号尾
    FROM leadership_duties WHERE year(done_on) = $year AND duty_type = '审签重大案件'
)
SELECT s.done_on AS 审签日期, s.subject AS 事项, e.case_no AS 案号, e.filed_on AS 立案日期
FROM signed s
JOIN enforcement_cases e
  ON s.案号尾 <> '' AND regexp_extract(e.case_no, '[〔\[［(（][0-9]{4}[〕\]］)）]第?[0-9]+号') = s.案号尾
 AND contains(s.subject, e.case_no)
WHERE s.done_on < e.filed_on
ORDER BY s.done_on

-- name: check_court_without_hearing
-- label: 出庭应诉与诉讼台账不符
-- unit: 条
-- panel: checks
-- value: count(*)
-- needs: litigation.hearing_on, litigation.head_appeared
-- doc: 该年度履职纪实台账记有“出庭应诉”、但行政复议及诉讼台账当天没有开庭的记录；以及诉讼台账记负责人出庭、却没有开庭日期的案件。
SELECT '履职纪实记有出庭应诉，诉讼台账当天无开庭' AS 问题, d.done_on AS 日期, d.subject AS 事项
FROM leadership_duties d
WHERE year(d.done_on) = $year AND d.duty_type = '出庭应诉'
  AND NOT EXISTS (SELECT 1 FROM litigation l WHERE l.hearing_on = d.done_on)
UNION ALL
SELECT '诉讼台账记负责人出庭，没有开庭日期', l.received_on, l.case_no
FROM litigation l
WHERE year(l.received_on) = $year AND l.head_appeared AND l.hearing_on IS NULL
ORDER BY 2

-- name: major_decisions_reviewed
-- label: 合法性审查台账中的重大执法决定
-- unit: 件
-- panel: checks
-- value: count(*)
-- doc: 该年度合法性审查台账中类型为“重大执法决定”的审查，与行政处罚案件台账的重大案件数核对。
SELECT * FROM legal_reviews WHERE year(reviewed_on) = $year AND item_type = '重大执法决定' ORDER BY reviewed_on
