-- staff sign-in throttle per client address
-- Failed sign-ins are counted per account and client address, so a stranger cannot lock an account out.
ALTER TABLE staff_login_attempts ADD COLUMN client text NOT NULL DEFAULT '';
CREATE INDEX ix_staff_login_attempts_client ON staff_login_attempts (name, client, attempted_at_ms);
