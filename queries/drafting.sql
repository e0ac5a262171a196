-- Figures the drafts of parts three and four need besides the panels' own.

-- name: litigation_ledger_rows
-- label: 行政复议及诉讼台账记录（全部年度）
-- unit: 条
-- panel: drafting
-- value: count(*)
-- doc: 行政复议及诉讼台账中的全部记录，不分年度。为0时说明没有导入该台账，草稿不据此断言“没有出庭应诉”。
SELECT * FROM litigation ORDER BY received_on
