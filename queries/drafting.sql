-- Figures the drafts need besides the panels' own (parts one to four).

-- name: litigation_ledger_rows
-- label: 行政复议及诉讼台账记录（全部年度）
-- unit: 条
-- panel: drafting
-- value: count(*)
-- doc: 行政复议及诉讼台账中的全部记录，不分年度。为0时说明没有导入该台账，草稿不据此断言“没有出庭应诉”。
SELECT * FROM litigation ORDER BY received_on


-- name: study_xi_thought
-- label: 专题学习习近平法治思想
-- unit: 次
-- panel: drafting
-- value: count(*)
-- needs: law_topic
-- doc: 该年度学法内容为习近平法治思想（含学习纲要等读本）的党组会议、中心组学习和例会。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND law_topic LIKE '%习近平法治思想%' AND meeting_type <> '学法考试'
ORDER BY held_on

-- name: law_exam_takers
-- label: 参加学法考试人数
-- unit: 人
-- panel: drafting
-- value: coalesce(sum(attendees), 0)
-- needs: attendees
-- doc: 该年度学法考试的参加人数之和（学法及会议台账“参加人数”）。
SELECT * FROM study_sessions
WHERE year(held_on) = $year AND meeting_type = '学法考试'
ORDER BY held_on

-- name: trainings_organized
-- label: 我局组织的培训
-- unit: 次
-- panel: drafting
-- value: count(*)
-- needs: organizer
-- doc: 该年度主办单位为本局的培训（报告写“组织”）；上级等其他单位主办的写“参加”。
SELECT * FROM trainings
WHERE year(held_on) = $year AND organizer IN ('本局', '我局')
ORDER BY held_on

-- name: trainings_organized_attendance
-- label: 我局组织的培训参训人次
-- unit: 人次
-- panel: drafting
-- value: coalesce(sum(attendees), 0)
-- needs: organizer, attendees
-- doc: 该年度本局主办的培训参训人数之和。
SELECT * FROM trainings
WHERE year(held_on) = $year AND organizer IN ('本局', '我局')
ORDER BY held_on

-- name: trainings_joined
-- label: 参加其他单位举办的培训
-- unit: 次
-- panel: drafting
-- value: count(*)
-- needs: organizer
-- doc: 该年度主办单位不是本局（上级或未填）的培训：报告写“参加”。
SELECT * FROM trainings
WHERE year(held_on) = $year AND coalesce(organizer, '') NOT IN ('本局', '我局')
ORDER BY held_on

-- name: legal_reviews_of_decisions
-- label: 重大行政决策合法性审查
-- unit: 件
-- panel: drafting
-- value: count(*)
-- doc: 该年度对重大行政决策进行的合法性审查。
SELECT * FROM legal_reviews WHERE year(reviewed_on) = $year AND item_type = '重大行政决策' ORDER BY reviewed_on

-- name: legal_reviews_of_documents
-- label: 规范性文件合法性审查
-- unit: 件
-- panel: drafting
-- value: count(*)
-- doc: 该年度对规范性文件进行的合法性审查。
SELECT * FROM legal_reviews WHERE year(reviewed_on) = $year AND item_type = '规范性文件' ORDER BY reviewed_on

-- name: legal_reviews_of_contracts
-- label: 合同合法性审查
-- unit: 件
-- panel: drafting
-- value: count(*)
-- doc: 该年度对合同进行的合法性审查。
SELECT * FROM legal_reviews WHERE year(reviewed_on) = $year AND item_type = '合同' ORDER BY reviewed_on

-- name: legal_reviews_by_adviser
-- label: 法律顾问参与合法性审查
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: reviewer
-- doc: 该年度审查人为法律顾问的合法性审查（不含法制股审核的重大执法决定）。
SELECT * FROM legal_reviews WHERE year(reviewed_on) = $year AND reviewer = '法律顾问' ORDER BY reviewed_on

-- name: cases_major
-- label: 重大行政处罚案件
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: is_major
-- doc: 该年度立案、行政处罚案件台账标为重大案件的案件（报告中重大案件的口径）。
SELECT * FROM enforcement_cases WHERE year(filed_on) = $year AND is_major ORDER BY filed_on, case_no

-- name: cases_major_collective
-- label: 重大案件经集体讨论
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: is_major, collective_decision
-- doc: 该年度立案的重大案件中，经集体讨论决定的案件。
SELECT * FROM enforcement_cases WHERE year(filed_on) = $year AND is_major AND collective_decision
ORDER BY filed_on, case_no

-- name: cases_in_campaigns
-- label: 专项行动中查处的案件
-- unit: 起
-- panel: drafting
-- value: count(*)
-- needs: campaign
-- doc: 该年度立案、属于某个专项行动的案件。
SELECT * FROM enforcement_cases WHERE year(filed_on) = $year AND campaign IS NOT NULL ORDER BY filed_on, case_no

-- name: cert_exams_taken
-- label: 参加执法资格考试
-- unit: 名
-- panel: drafting
-- value: count(*)
-- needs: exam_on, exam_type
-- doc: 该年度参加换证或新申领考试的人员（不论结果）。
SELECT * FROM certificates WHERE year(exam_on) = $year AND exam_type IN ('换证', '新申领') ORDER BY exam_on, staff_name

-- name: cert_exams_passed
-- label: 执法资格考试合格
-- unit: 名
-- panel: drafting
-- value: count(*)
-- needs: exam_on, exam_type, exam_result
-- doc: 该年度换证或新申领考试结果为“合格”的人员。
SELECT * FROM certificates
WHERE year(exam_on) = $year AND exam_type IN ('换证', '新申领') AND exam_result = '合格'
ORDER BY exam_on, staff_name

-- name: npc_suggestions
-- label: 办理人大代表建议
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: assigned_on
-- doc: 该年度交办的人大代表建议。
SELECT * FROM supervision_items WHERE year(assigned_on) = $year AND kind = '人大建议' ORDER BY assigned_on, item_no

-- name: cppcc_proposals
-- label: 办理政协提案
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: assigned_on
-- doc: 该年度交办的政协提案。
SELECT * FROM supervision_items WHERE year(assigned_on) = $year AND kind = '政协提案' ORDER BY assigned_on, item_no

-- name: supervision_replied_on_time
-- label: 建议提案按期答复
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: assigned_on, replied_on
-- doc: 该年度交办、截至判断日已在答复期限内答复的人大建议和政协提案（期限未填的按交办日期加3个月）。
SELECT * FROM supervision_items
WHERE year(assigned_on) = $year AND replied_on <= $as_of
  AND replied_on <= coalesce(due_on, CAST(assigned_on + to_months($supervision_reply_months) AS DATE))
ORDER BY assigned_on, item_no

-- name: supervision_satisfied
-- label: 代表委员满意或基本满意
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: assigned_on, satisfaction
-- doc: 该年度交办的建议提案中，代表委员评价为非常满意、满意或基本满意的件。
SELECT * FROM supervision_items
WHERE year(assigned_on) = $year AND satisfaction IN ('非常满意', '满意', '基本满意')
ORDER BY assigned_on, item_no

-- name: supervision_basically_satisfied
-- label: 代表委员基本满意
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: assigned_on, satisfaction
-- doc: 该年度交办的建议提案中，评价为基本满意的件（措辞用：有基本满意时不写“均表示满意”）。
SELECT * FROM supervision_items WHERE year(assigned_on) = $year AND satisfaction = '基本满意'
ORDER BY assigned_on, item_no

-- name: reconsiderations
-- label: 行政复议案件
-- unit: 件
-- panel: drafting
-- value: count(*)
-- doc: 该年度收到的行政复议案件，明细含复议结果。
SELECT * FROM litigation WHERE year(received_on) = $year AND kind = '行政复议' ORDER BY received_on, case_no

-- name: lawsuits
-- label: 行政诉讼案件
-- unit: 件
-- panel: drafting
-- value: count(*)
-- doc: 该年度收到的行政诉讼案件（一审、二审），明细含审理结果。
SELECT * FROM litigation WHERE year(received_on) = $year AND kind LIKE '行政诉讼%' ORDER BY received_on, case_no

-- name: petitions_from_above
-- label: 办理上级交办信访件
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: level
-- doc: 该年度受理、级别不是县级（市级及以上交办）的信访投诉件。
SELECT * FROM petitions
WHERE year(received_on) = $year AND level IS NOT NULL AND level <> '县级'
ORDER BY received_on, petition_no

-- name: petitions_led_to_cases
-- label: 信访线索立案查处
-- unit: 件
-- panel: drafting
-- value: count(*)
-- needs: related_case_no
-- doc: 该年度受理、关联了行政处罚案号（据此立案查处）的信访投诉件。
SELECT * FROM petitions
WHERE year(received_on) = $year AND related_case_no IS NOT NULL
ORDER BY received_on, petition_no

-- name: publicity_onsite
-- label: 开展现场普法活动
-- unit: 场
-- panel: drafting
-- value: count(*)
-- needs: form
-- doc: 该年度的普法活动中，形式不是“新媒体”的（现场宣传、送法入企、进校园、进社区等）。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND coalesce(form, '') <> '新媒体' ORDER BY held_on

-- name: publicity_onsite_audience
-- label: 现场普法覆盖人数
-- unit: 人次
-- panel: drafting
-- value: coalesce(sum(audience), 0)
-- needs: form, audience
-- doc: 该年度现场普法活动（非新媒体）覆盖人数之和。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND coalesce(form, '') <> '新媒体'
ORDER BY audience DESC NULLS LAST

-- name: publicity_onsite_materials
-- label: 现场普法发放资料
-- unit: 份
-- panel: drafting
-- value: coalesce(sum(materials), 0)
-- needs: form, materials
-- doc: 该年度现场普法活动（非新媒体）发放资料份数之和。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND coalesce(form, '') <> '新媒体'
ORDER BY materials DESC NULLS LAST

-- name: publicity_to_enterprises
-- label: 送法入企
-- unit: 次
-- panel: drafting
-- value: count(*)
-- needs: form
-- doc: 该年度形式为“送法入企”的普法活动。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND form = '送法入企' ORDER BY held_on

-- name: publicity_online
-- label: 新媒体普法推送
-- unit: 期
-- panel: drafting
-- value: count(*)
-- needs: form
-- doc: 该年度形式为“新媒体”的普法内容（公众号推送等）。
SELECT * FROM publicity_events WHERE year(held_on) = $year AND form = '新媒体' ORDER BY held_on


-- name: shortcomings_earlier_done
-- label: 以前年度问题本年完成整改
-- unit: 条
-- panel: drafting
-- value: count(*)
-- needs: status, completed_on
-- doc: 以前年度查找、在该年度内（截至判断日）完成整改的条目：报告作为成效写。
SELECT * FROM shortcomings
WHERE year < $year AND status = '已完成' AND year(completed_on) = $year AND completed_on <= $as_of
ORDER BY completed_on, item_no

-- name: shortcomings_due_later
-- label: 本年查找、整改时限在以后年度
-- unit: 条
-- panel: drafting
-- value: count(*)
-- needs: due_on, status
-- doc: 该年度查找、截至判断日未完成、整改时限在该年度之后的条目：按计划推进，不算该年度未完成。
SELECT * FROM shortcomings
WHERE year = $year AND due_on > make_date($year, 12, 31)
  AND NOT (coalesce(status, '') = '已完成' AND coalesce(completed_on, $as_of) <= $as_of)
ORDER BY due_on, item_no

-- name: cases_transferred
-- label: 移送
-- unit: 起
-- panel: drafting
-- value: count(*)
-- needs: outcome
-- doc: 该年度立案、处理结果为“移送”的案件。
SELECT * FROM enforcement_cases WHERE year(filed_on) = $year AND outcome = '移送' ORDER BY filed_on, case_no

-- name: cases_withdrawn
-- label: 撤销立案
-- unit: 起
-- panel: drafting
-- value: count(*)
-- needs: outcome
-- doc: 该年度立案、处理结果为“撤销立案”的案件。
SELECT * FROM enforcement_cases WHERE year(filed_on) = $year AND outcome = '撤销立案' ORDER BY filed_on, case_no

-- name: cases_pending
-- label: 尚在办理
-- unit: 起
-- panel: drafting
-- value: count(*)
-- needs: decided_on, outcome
-- doc: 该年度立案、截至判断日尚未作出决定的案件（撤销立案、移送的除外）。
SELECT * FROM enforcement_cases
WHERE year(filed_on) = $year AND (decided_on IS NULL OR decided_on > $as_of)
  AND coalesce(outcome, '') NOT IN ('撤销立案', '移送')
ORDER BY filed_on, case_no
