-- A successful command's stored reply repeated its own event: the command id, slot and seq are
-- columns of the row, the accounts' ids and balances after are in the payload, their status
-- follows from the event's type and their currency from the account, which never changes (an id is
-- never reused). As text it was about 280 of the 580 bytes of a transfer's row, which made the
-- events table the largest thing every node writes (BENCHMARKS.md, session 21).
--
-- From now on an event whose reply is exactly the one its row rebuilds stores no reply (NULL),
-- and the node rebuilds it when a retry or a restart reads it (DerivedReplies in bank-node, which
-- also checks, before storing NULL, that the rebuilt reply equals the one it sent). Rejections,
-- whose replies carry a detail and the accounts as they were, keep theirs whole. The rows written
-- before stay as they are. The view command_outcomes shows every reply whole, rebuilt the same way,
-- byte for byte what the node sends (ReplyCodec's canonical JSON).

ALTER TABLE events ALTER COLUMN reply DROP NOT NULL;
-- Only a success can rebuild its reply.
ALTER TABLE events ADD CONSTRAINT events_reply_check CHECK (reply IS NOT NULL OR status = 'OK');

-- An account as a reply shows it (AccountView): ids and currencies never need escaping (V15's
-- CHECKs on accounts, and the ledger's own validation), balances are plain integers.
CREATE FUNCTION bank_reply_account(account_id text, currency text, balance_minor bigint, status text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '{"accountId":"' || account_id || '","currency":"' || currency || '","balanceMinor":' || balance_minor
           || ',"status":"' || status || '"}'
$$;

-- The OK reply of an event, given the currency of its account (for a transfer, of both: the ledger
-- rejects a transfer between currencies); NULL for any other type.
CREATE FUNCTION bank_rebuilt_reply(command_id uuid, slot bigint, seq bigint, type text, payload jsonb, currency text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '{"commandId":"' || command_id || '","status":"OK","slot":' || slot || ',"seq":' || seq || ',"account":'
           || CASE type
                  WHEN 'TransferCompleted' THEN
                      bank_reply_account(payload ->> 'fromAccountId', currency,
                                         (payload ->> 'fromBalanceAfterMinor')::bigint, 'OPEN')
                      || ',"toAccount":'
                      || bank_reply_account(payload ->> 'toAccountId', currency,
                                            (payload ->> 'toBalanceAfterMinor')::bigint, 'OPEN')
                  WHEN 'Deposited' THEN
                      bank_reply_account(payload ->> 'accountId', currency, (payload ->> 'balanceAfterMinor')::bigint, 'OPEN')
                  WHEN 'Withdrawn' THEN
                      bank_reply_account(payload ->> 'accountId', currency, (payload ->> 'balanceAfterMinor')::bigint, 'OPEN')
                  WHEN 'AccountOpened' THEN
                      bank_reply_account(payload ->> 'accountId', payload ->> 'currency', 0, 'OPEN')
                  WHEN 'AccountClosed' THEN
                      bank_reply_account(payload ->> 'accountId', currency, 0, 'CLOSED')
              END
           || '}'
$$;

CREATE OR REPLACE VIEW command_outcomes AS
SELECT e.command_id, e.seq, e.slot, e.status, e.reason,
       COALESCE(e.reply, bank_rebuilt_reply(e.command_id, e.slot, e.seq, e.type, e.payload_canonical::jsonb,
                                             a.currency)) AS reply
FROM events e
LEFT JOIN accounts a
       ON e.reply IS NULL
      AND a.account_id = COALESCE(e.payload_canonical::jsonb ->> 'fromAccountId',
                                  e.payload_canonical::jsonb ->> 'accountId');
