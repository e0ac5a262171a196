-- Enforcement certificates (执法证) and exams. The ledger keeps history (a renewal
-- is a new row): who holds what on a day comes from certificates_at(day), each
-- officer's certificate on that day; validity is judged at the as-of date.

-- name: cert_renewal_exams
-- label: 执法证换证考试
-- unit: 名
-- panel: training
-- value: count(*)
-- needs: exam_on, exam_type
-- doc: 该年度参加换证考试的执法人员。
SELECT * FROM certificates
WHERE year(exam_on) = $year AND exam_type = '换证'
ORDER BY exam_on, staff_name

-- name: cert_new_exams
-- label: 执法证新考
-- unit: 名
-- panel: training
-- value: count(*)
-- needs: exam_on, exam_type
-- doc: 该年度参加新申领考试的人员。
SELECT * FROM certificates
WHERE year(exam_on) = $year AND exam_type = '新申领'
ORDER BY exam_on, staff_name

-- name: cert_holding_rate
-- label: 执法人员持证率
-- unit: %
-- panel: training
-- value: round(100.0 * count(*) FILTER (WHERE 持有效证件) / nullif(count(*), 0), 1)
-- needs: on_duty, cert_no, valid_until
-- doc: 在执法岗位的人员中，判断日持有有效执法证的比例。
SELECT *, (cert_no IS NOT NULL AND valid_until >= $as_of) AS 持有效证件 FROM certificates_at($as_of)
WHERE on_duty
ORDER BY 持有效证件, staff_name

-- name: cert_on_duty
-- label: 在执法岗位人员
-- unit: 名
-- value: count(*)
-- needs: on_duty
-- doc: 判断日在执法岗位的人员（持证率的分母）。
SELECT * FROM certificates_at($as_of)
WHERE on_duty
ORDER BY staff_name

-- name: cert_valid_holders
-- label: 在岗持有效执法证人员
-- unit: 名
-- value: count(*)
-- needs: on_duty, cert_no, valid_until
-- doc: 在执法岗位、判断日持有有效执法证的人员（持证率的分子）。
SELECT * FROM certificates_at($as_of)
WHERE on_duty AND cert_no IS NOT NULL AND valid_until >= $as_of
ORDER BY staff_name

-- name: cert_expiring_soon
-- label: 执法证即将到期
-- unit: 名
-- panel: training
-- alert: yes
-- due: valid_until
-- what: staff_name, cert_no
-- whose: unit
-- who: staff_name
-- value: count(*)
-- needs: valid_until
-- doc: 执法证在判断日至其后180日（默认）内到期的人员。
SELECT *, valid_until - $as_of AS 剩余天数 FROM certificates_at($as_of)
WHERE valid_until BETWEEN $as_of AND $as_of + $certificate_due_soon_days
ORDER BY valid_until, staff_name

-- name: cert_on_duty_without_valid
-- label: 在岗无有效执法证
-- unit: 名
-- panel: training
-- alert: yes
-- due: valid_until
-- what: staff_name, cert_no
-- whose: unit
-- who: staff_name
-- value: count(*)
-- needs: on_duty, cert_no, valid_until
-- doc: 在执法岗位、但判断日没有有效执法证（无证号或已过期）的人员；超期天数为证件过期至判断日的天数。
SELECT *, $as_of - valid_until AS 超期天数 FROM certificates_at($as_of)
WHERE on_duty AND (cert_no IS NULL OR valid_until IS NULL OR valid_until < $as_of)
ORDER BY valid_until NULLS FIRST, staff_name

-- name: cert_expiring_next_year
-- label: 次年到期须换证
-- unit: 名
-- panel: training
-- value: count(*)
-- needs: valid_until
-- doc: 执法证有效期在下一年度内届满、须参加换证考试的人员。
SELECT * FROM certificates_at($as_of)
WHERE year(valid_until) = $year + 1
ORDER BY valid_until, staff_name

-- name: cert_expired_in_year
-- label: 年内到期未换证
-- unit: 名
-- panel: training
-- value: count(*)
-- needs: valid_until
-- doc: 执法证在该年度内届满、截至判断日尚未换发新证的人员（台账保留历次证件时可按年度追溯）。
SELECT * FROM certificates_at($as_of)
WHERE year(valid_until) = $year AND valid_until < $as_of
ORDER BY valid_until, staff_name
