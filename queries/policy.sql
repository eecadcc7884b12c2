-- policy.sql: the tool's own settings (data/policy.csv), each with its reason and source, so
-- every page uses the same freshness threshold and small-sample rule.
-- Returns: setting, value, unit, reason, source_url, confidence. Parameters: none.
SELECT
    setting,
    value,
    unit,
    reason,
    source_url,
    confidence
FROM policy
ORDER BY setting;
