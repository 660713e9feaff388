-- Trial variant for apply-cost.sh --compare-sql (session 19): the installed bank_apply, storing an
-- empty reply instead of each command's reply, to bound what storing the replies costs.
DO $$
DECLARE
    definition text := pg_get_functiondef('bank_apply'::regproc);
BEGIN
    IF position('e.reason, e.reply' IN definition) = 0 THEN
        RAISE EXCEPTION 'bank_apply no longer inserts e.reply: this variant needs updating';
    END IF;
    EXECUTE replace(definition, 'e.reason, e.reply', 'e.reason, ''{}''');
END
$$;
