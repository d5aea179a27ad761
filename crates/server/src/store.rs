//! The domain's storage operations, written once over [`Conn`] for both dialects. Each
//! function is one unit of work that the caller runs inside [`crate::db::Db::write`] (in a
//! batch transaction) or [`crate::db::Db::read`]. Nothing here logs bound values.

use crate::db::{Conn, DbError, Dialect, Row};
use crate::outbox;

/// An application's status (contract.md, "Intake API").
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Approved,
    Rejected,
    Issued,
    Repaid,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::Approved,
        Status::Rejected,
        Status::Issued,
        Status::Repaid,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Issued => "issued",
            Status::Repaid => "repaid",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The MFO's decisions move an application forward only along the loan's life.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Received, Approved | Rejected) | (Approved, Issued | Rejected) | (Issued, Repaid)
        )
    }
}

fn status_of(row: &Row, i: usize) -> Result<Status, DbError> {
    let s = row.text(i)?;
    Status::parse(&s).ok_or_else(|| DbError::other(format!("unknown status in the database: {s}")))
}

// ---------------------------------------------------------------------------------------------
// Partners and secrets

#[derive(Clone, Debug)]
pub struct PartnerRow {
    pub id: String,
    pub test: bool,
    pub enabled: bool,
    pub allowed_origins: Vec<String>,
    pub config_json: String,
    pub config_version: String,
    pub postback_url: Option<String>,
}

const PARTNER_COLUMNS: &str =
    "id, test, enabled, allowed_origins, config_json, config_version, postback_url";

fn partner_row(row: &Row) -> Result<PartnerRow, DbError> {
    Ok(PartnerRow {
        id: row.text(0)?,
        test: row.int(1)? != 0,
        enabled: row.int(2)? != 0,
        allowed_origins: serde_json::from_str(&row.text(3)?)
            .map_err(|e| DbError::other(format!("partners.allowed_origins: {e}")))?,
        config_json: row.text(4)?,
        config_version: row.text(5)?,
        postback_url: row.opt_text(6)?,
    })
}

pub fn upsert_partner(
    c: &mut dyn Conn,
    p: &PartnerRow,
    key_hash: &str,
    now: i64,
) -> Result<(), DbError> {
    let origins =
        serde_json::to_string(&p.allowed_origins).map_err(|e| DbError::other(e.to_string()))?;
    c.execute(
        "INSERT INTO partners (id, key_hash, test, enabled, allowed_origins, config_json, config_version, postback_url, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, test = excluded.test,
           enabled = excluded.enabled, allowed_origins = excluded.allowed_origins,
           config_json = excluded.config_json, config_version = excluded.config_version,
           postback_url = excluded.postback_url, updated_at = excluded.updated_at",
        &[
            p.id.as_str().into(),
            key_hash.into(),
            p.test.into(),
            p.enabled.into(),
            origins.into(),
            p.config_json.as_str().into(),
            p.config_version.as_str().into(),
            p.postback_url.clone().into(),
            now.into(),
        ],
    )?;
    Ok(())
}

pub fn partner_by_key_hash(
    c: &mut dyn Conn,
    key_hash: &str,
) -> Result<Option<PartnerRow>, DbError> {
    let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE key_hash = $1");
    c.query_one(&sql, &[key_hash.into()])?
        .as_ref()
        .map(partner_row)
        .transpose()
}

pub fn partner_by_id(c: &mut dyn Conn, id: &str) -> Result<Option<PartnerRow>, DbError> {
    let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1");
    c.query_one(&sql, &[id.into()])?
        .as_ref()
        .map(partner_row)
        .transpose()
}

/// Every origin some enabled partner allows (answers CORS preflights, which carry no key).
pub fn enabled_origins(c: &mut dyn Conn) -> Result<Vec<String>, DbError> {
    let mut out = Vec::new();
    for row in c.query(
        "SELECT allowed_origins FROM partners WHERE enabled = 1",
        &[],
    )? {
        let list: Vec<String> = serde_json::from_str(&row.text(0)?)
            .map_err(|e| DbError::other(format!("partners.allowed_origins: {e}")))?;
        out.extend(list);
    }
    Ok(out)
}

/// Replaces an owner's sealed secrets (slot 0 the current one).
pub fn replace_secrets(
    c: &mut dyn Conn,
    owner: &str,
    sealed: &[(String, Vec<u8>)],
    now: i64,
) -> Result<(), DbError> {
    c.execute("DELETE FROM secrets WHERE owner = $1", &[owner.into()])?;
    for (slot, (key_id, blob)) in sealed.iter().enumerate() {
        c.execute(
            "INSERT INTO secrets (owner, slot, key_id, sealed, updated_at) VALUES ($1, $2, $3, $4, $5)",
            &[owner.into(), (slot as i64).into(), key_id.as_str().into(), blob.clone().into(), now.into()],
        )?;
    }
    Ok(())
}

pub fn load_secrets(c: &mut dyn Conn, owner: &str) -> Result<Vec<(String, Vec<u8>)>, DbError> {
    c.query(
        "SELECT key_id, sealed FROM secrets WHERE owner = $1 ORDER BY slot",
        &[owner.into()],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.opt_blob(1)?.unwrap_or_default())))
    .collect()
}

// ---------------------------------------------------------------------------------------------
// Rate limits: fixed windows counted in the database, so that every instance sees the same
// counts. A hit that goes over the limit is counted too (a client hammering stays limited).

#[derive(Clone, Debug)]
pub struct Bucket {
    pub name: String,
    pub limit: i64,
}

/// Counts one request in every bucket; `Some(seconds to wait)` when any is over its limit.
pub fn hit_rate_limits(
    c: &mut dyn Conn,
    buckets: &[Bucket],
    window_ms: i64,
    now: i64,
) -> Result<Option<i64>, DbError> {
    let window_ms = window_ms.max(1000);
    let start = now - now.rem_euclid(window_ms);
    let mut retry: Option<i64> = None;
    for b in buckets.iter().filter(|b| b.limit > 0) {
        let row = c.query_one(
            "INSERT INTO rate_limits (bucket, window_start, count) VALUES ($1, $2, 1)
             ON CONFLICT (bucket) DO UPDATE SET
               count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
               window_start = excluded.window_start
             RETURNING count",
            &[b.name.as_str().into(), start.into()],
        )?;
        let count = row.map(|r| r.int(0)).transpose()?.unwrap_or(1);
        if count > b.limit {
            let wait = ((start + window_ms - now) + 999) / 1000;
            retry = Some(retry.unwrap_or(0).max(wait.max(1)));
        }
    }
    Ok(retry)
}

/// Forgets windows that ended long ago (addresses come and go).
pub fn prune_rate_limits(c: &mut dyn Conn, before: i64) -> Result<u64, DbError> {
    c.execute(
        "DELETE FROM rate_limits WHERE window_start < $1",
        &[before.into()],
    )
}

// ---------------------------------------------------------------------------------------------
// Accepting an application, exactly once

#[derive(Clone, Debug)]
pub struct ConsentRow {
    pub kind: String,
    pub text_version: String,
    pub given_at: String,
}

/// A checked, qualified application ready to store.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub application_id: String,
    pub partner_id: String,
    pub test: bool,
    pub offer_id: String,
    pub amount_kop: Option<i64>,
    pub term_days: Option<i64>,
    pub click_id: Option<String>,
    pub subs: [Option<String>; 5],
    pub request_hash: String,
    pub response_json: String,
    pub rules_version: String,
    pub config_version: String,
    pub warning_codes: String,
    pub key_id: String,
    pub payload: Vec<u8>,
    pub passport_hash: Option<String>,
    pub consents: Vec<ConsentRow>,
    pub client_addr: String,
    pub user_agent: Option<String>,
    /// The partner's postback template; `None` for test keys (they never trigger postbacks).
    pub postback_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Accepted {
    /// Stored now; `repeat_of` is an earlier application with the same passport.
    Created { repeat_of: Option<String> },
    /// The same key and body were stored before: the saved response.
    Replayed(String),
    /// The key was used with another body (or by another partner).
    Mismatch,
}

/// What an application id already stands for: nothing yet; the saved response, for the same
/// partner's same request; or a mismatch (another body or another partner).
pub fn saved(
    c: &mut dyn Conn,
    application_id: &str,
    partner_id: &str,
    request_hash: &str,
) -> Result<Option<Accepted>, DbError> {
    let row = c.query_one(
        "SELECT partner_id, request_hash, response_json FROM applications WHERE application_id = $1",
        &[application_id.into()],
    )?;
    Ok(match row {
        None => None,
        Some(r) if r.text(0)? == partner_id && r.text(1)? == request_hash => {
            Some(Accepted::Replayed(r.text(2)?))
        }
        Some(_) => Some(Accepted::Mismatch),
    })
}

fn existing(c: &mut dyn Conn, app: &NewApplication) -> Result<Option<Accepted>, DbError> {
    saved(c, &app.application_id, &app.partner_id, &app.request_hash)
}

pub fn accept(
    c: &mut dyn Conn,
    app: &NewApplication,
    repeat_since: i64,
    now: i64,
) -> Result<Accepted, DbError> {
    if let Some(done) = existing(c, app)? {
        return Ok(done);
    }
    let repeat_of = match &app.passport_hash {
        None => None,
        Some(h) => c
            .query_one(
                "SELECT application_id FROM applications
                 WHERE passport_hash = $1 AND test = $2 AND created_at >= $3
                 ORDER BY created_at LIMIT 1",
                &[h.as_str().into(), app.test.into(), repeat_since.into()],
            )?
            .map(|r| r.text(0))
            .transpose()?,
    };
    let [s1, s2, s3, s4, s5] = app.subs.clone();
    // ON CONFLICT DO NOTHING: a concurrent insert of the same id (another instance) makes this
    // wait for it to commit and then insert nothing; the saved response is read back below.
    let inserted = c.query(
        "INSERT INTO applications (application_id, partner_id, test, status, offer_id, amount_kop, term_days,
            click_id, sub1, sub2, sub3, sub4, sub5, request_hash, response_json, rules_version,
            config_version, warning_codes, key_id, payload, passport_hash, repeat_of, payout_kop,
            created_at, updated_at)
         VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            $18, $19, $20, $21, 0, $22, $22)
         ON CONFLICT (application_id) DO NOTHING
         RETURNING application_id",
        &[
            app.application_id.as_str().into(),
            app.partner_id.as_str().into(),
            app.test.into(),
            app.offer_id.as_str().into(),
            app.amount_kop.into(),
            app.term_days.into(),
            app.click_id.clone().into(),
            s1.into(),
            s2.into(),
            s3.into(),
            s4.into(),
            s5.into(),
            app.request_hash.as_str().into(),
            app.response_json.as_str().into(),
            app.rules_version.as_str().into(),
            app.config_version.as_str().into(),
            app.warning_codes.as_str().into(),
            app.key_id.as_str().into(),
            app.payload.clone().into(),
            app.passport_hash.clone().into(),
            repeat_of.clone().into(),
            now.into(),
        ],
    )?;
    if inserted.is_empty() {
        return Ok(existing(c, app)?.unwrap_or(Accepted::Mismatch));
    }
    for consent in &app.consents {
        c.execute(
            "INSERT INTO consents (application_id, kind, text_version, given_at, received_at, client_addr, user_agent)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (application_id, kind) DO NOTHING",
            &[
                app.application_id.as_str().into(),
                consent.kind.as_str().into(),
                consent.text_version.as_str().into(),
                consent.given_at.as_str().into(),
                now.into(),
                app.client_addr.as_str().into(),
                app.user_agent.clone().into(),
            ],
        )?;
    }
    let event = add_event(c, &app.application_id, "received", Status::Received, 0, now)?;
    if let Some(template) = &app.postback_url {
        let fields = outbox::Fields {
            application_id: &app.application_id,
            offer_id: &app.offer_id,
            click_id: app.click_id.as_deref(),
            subs: [
                app.subs[0].as_deref(),
                app.subs[1].as_deref(),
                app.subs[2].as_deref(),
                app.subs[3].as_deref(),
                app.subs[4].as_deref(),
            ],
            status: Status::Received,
            payout_kop: 0,
        };
        enqueue(
            c,
            &app.application_id,
            &app.partner_id,
            event,
            &outbox::render(template, &fields),
            now,
        )?;
    }
    Ok(Accepted::Created { repeat_of })
}

fn add_event(
    c: &mut dyn Conn,
    id: &str,
    kind: &str,
    status: Status,
    payout_kop: i64,
    now: i64,
) -> Result<i64, DbError> {
    let row = c.query_one(
        "INSERT INTO events (application_id, kind, status, payout_kop, at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[id.into(), kind.into(), status.as_str().into(), payout_kop.into(), now.into()],
    )?;
    row.ok_or_else(|| DbError::other("INSERT … RETURNING gave no row"))?
        .int(0)
}

fn enqueue(
    c: &mut dyn Conn,
    id: &str,
    partner: &str,
    event: i64,
    url: &str,
    now: i64,
) -> Result<(), DbError> {
    c.execute(
        "INSERT INTO outbox (application_id, partner_id, event_id, url, state, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5)",
        &[id.into(), partner.into(), event.into(), url.into(), now.into()],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading statuses

#[derive(Clone, Debug, PartialEq)]
pub struct StatusRow {
    pub partner_id: String,
    pub status: Status,
    pub updated_at: i64,
}

pub fn status(c: &mut dyn Conn, id: &str) -> Result<Option<StatusRow>, DbError> {
    c.query_one(
        "SELECT partner_id, status, updated_at FROM applications WHERE application_id = $1",
        &[id.into()],
    )?
    .map(|r| {
        Ok(StatusRow {
            partner_id: r.text(0)?,
            status: status_of(&r, 1)?,
            updated_at: r.int(2)?,
        })
    })
    .transpose()
}

/// What the MFO needs to know about an application to decide on it and pay the partner.
#[derive(Clone, Debug)]
pub struct LeadRef {
    pub partner_id: String,
    pub test: bool,
    pub offer_id: String,
    pub click_id: Option<String>,
    pub subs: [Option<String>; 5],
}

pub fn lead_ref(c: &mut dyn Conn, id: &str) -> Result<Option<LeadRef>, DbError> {
    c.query_one(
        "SELECT partner_id, test, offer_id, click_id, sub1, sub2, sub3, sub4, sub5 FROM applications WHERE application_id = $1",
        &[id.into()],
    )?
    .map(|r| {
        Ok(LeadRef {
            partner_id: r.text(0)?,
            test: r.int(1)? != 0,
            offer_id: r.text(2)?,
            click_id: r.opt_text(3)?,
            subs: [r.opt_text(4)?, r.opt_text(5)?, r.opt_text(6)?, r.opt_text(7)?, r.opt_text(8)?],
        })
    })
    .transpose()
}

// ---------------------------------------------------------------------------------------------
// Decisions

#[derive(Clone, Debug, PartialEq)]
pub enum Decided {
    Changed {
        status: Status,
        payout_kop: i64,
        updated_at: i64,
    },
    /// Already in that status: nothing recorded (a retried call).
    Unchanged {
        status: Status,
        updated_at: i64,
    },
    NotFound,
    Invalid {
        from: Status,
    },
}

/// Records the MFO's decision: the status, an event, the payout, and a postback in the outbox.
pub fn decide(
    c: &mut dyn Conn,
    id: &str,
    to: Status,
    payout_kop: i64,
    postback: Option<(&str, &LeadRef)>,
    now: i64,
) -> Result<Decided, DbError> {
    let Some(current) = status(c, id)? else {
        return Ok(Decided::NotFound);
    };
    if current.status == to {
        return Ok(Decided::Unchanged {
            status: to,
            updated_at: current.updated_at,
        });
    }
    if !current.status.can_become(to) {
        return Ok(Decided::Invalid {
            from: current.status,
        });
    }
    // The status in the WHERE clause makes the change atomic against a concurrent decision.
    let n = c.execute(
        "UPDATE applications SET status = $1, updated_at = $2, payout_kop = payout_kop + $3
         WHERE application_id = $4 AND status = $5",
        &[
            to.as_str().into(),
            now.into(),
            payout_kop.into(),
            id.into(),
            current.status.as_str().into(),
        ],
    )?;
    if n == 0 {
        return Err(DbError::other(
            "the application changed during the decision",
        ));
    }
    let event = add_event(c, id, to.as_str(), to, payout_kop, now)?;
    if let Some((template, lead)) = postback {
        let fields = outbox::Fields {
            application_id: id,
            offer_id: &lead.offer_id,
            click_id: lead.click_id.as_deref(),
            subs: [
                lead.subs[0].as_deref(),
                lead.subs[1].as_deref(),
                lead.subs[2].as_deref(),
                lead.subs[3].as_deref(),
                lead.subs[4].as_deref(),
            ],
            status: to,
            payout_kop,
        };
        enqueue(
            c,
            id,
            &lead.partner_id,
            event,
            &outbox::render(template, &fields),
            now,
        )?;
    }
    Ok(Decided::Changed {
        status: to,
        payout_kop,
        updated_at: now,
    })
}

// ---------------------------------------------------------------------------------------------
// Erasing personal data (152-FZ art. 9 and 21; the retention job)

#[derive(Clone, Debug, PartialEq)]
pub enum Erased {
    Done { status: Status },
    AlreadyErased { status: Status },
    NotFound,
}

/// Erases the application's personal data; its counts, status and events stay. `withdraw`
/// (consent withdrawn) also moves an undecided application to `withdrawn`.
pub fn erase(c: &mut dyn Conn, id: &str, withdraw: bool, now: i64) -> Result<Erased, DbError> {
    let Some(row) = c.query_one(
        "SELECT status, erased_at FROM applications WHERE application_id = $1",
        &[id.into()],
    )?
    else {
        return Ok(Erased::NotFound);
    };
    let status = status_of(&row, 0)?;
    if row.opt_int(1)?.is_some() {
        return Ok(Erased::AlreadyErased { status });
    }
    let new_status = if withdraw && status == Status::Received {
        Status::Withdrawn
    } else {
        status
    };
    c.execute(
        "UPDATE applications SET payload = NULL, key_id = NULL, passport_hash = NULL, erased_at = $1,
           status = $2, updated_at = CASE WHEN status = $2 THEN updated_at ELSE $1 END
         WHERE application_id = $3",
        &[now.into(), new_status.as_str().into(), id.into()],
    )?;
    c.execute(
        "UPDATE consents SET client_addr = NULL, user_agent = NULL WHERE application_id = $1",
        &[id.into()],
    )?;
    if new_status != status {
        add_event(c, id, new_status.as_str(), new_status, 0, now)?;
    }
    add_event(c, id, "erased", new_status, 0, now)?;
    Ok(Erased::Done { status: new_status })
}

/// The retention job's step: erases up to `limit` applications created before `cutoff` that
/// went nowhere (never issued). Returns how many it erased.
pub fn erase_expired(c: &mut dyn Conn, cutoff: i64, limit: i64, now: i64) -> Result<u64, DbError> {
    let ids: Vec<String> = c
        .query(
            "SELECT application_id FROM applications
             WHERE erased_at IS NULL AND created_at < $1
               AND status IN ('received', 'approved', 'rejected', 'withdrawn')
             ORDER BY created_at LIMIT $2",
            &[cutoff.into(), limit.into()],
        )?
        .iter()
        .map(|r| r.text(0))
        .collect::<Result<_, _>>()?;
    let mut n = 0;
    for id in ids {
        if matches!(erase(c, &id, false, now)?, Erased::Done { .. }) {
            n += 1;
        }
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// The outbox

#[derive(Clone, Debug, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub url: String,
    pub attempts: i64,
}

/// Claims due postbacks for `lease_ms`; several instances never claim the same row.
pub fn claim_outbox(
    c: &mut dyn Conn,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<OutboxItem>, DbError> {
    let lock = match c.dialect() {
        Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = $1 WHERE id IN (
            SELECT id FROM outbox
            WHERE state = 'pending' AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until <= $2)
            ORDER BY next_attempt_at, id LIMIT $3 {lock})
         RETURNING id, url, attempts"
    );
    c.query(&sql, &[(now + lease_ms).into(), now.into(), limit.into()])?
        .iter()
        .map(|r| {
            Ok(OutboxItem {
                id: r.int(0)?,
                url: r.text(1)?,
                attempts: r.int(2)?,
            })
        })
        .collect()
}

pub fn outbox_done(c: &mut dyn Conn, id: i64, now: i64) -> Result<(), DbError> {
    c.execute(
        "UPDATE outbox SET state = 'done', attempts = attempts + 1, done_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2",
        &[now.into(), id.into()],
    )?;
    Ok(())
}

/// Records a failed attempt: retried at `next_at`, or given up (`dead`).
pub fn outbox_failed(
    c: &mut dyn Conn,
    id: i64,
    next_at: i64,
    dead: bool,
    error: &str,
) -> Result<(), DbError> {
    let state = if dead { "dead" } else { "pending" };
    c.execute(
        "UPDATE outbox SET state = $1, attempts = attempts + 1, next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $4",
        &[state.into(), next_at.into(), error.into(), id.into()],
    )?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub done: i64,
    pub dead: i64,
}

pub fn outbox_counts(c: &mut dyn Conn) -> Result<OutboxCounts, DbError> {
    let mut out = OutboxCounts {
        pending: 0,
        done: 0,
        dead: 0,
    };
    for r in c.query("SELECT state, COUNT(*) FROM outbox GROUP BY state", &[])? {
        let n = r.int(1)?;
        match r.text(0)?.as_str() {
            "pending" => out.pending = n,
            "done" => out.done = n,
            _ => out.dead += n,
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The partner's view: its leads and its funnel

#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Lead {
    pub application_id: String,
    pub status: Status,
    pub offer_id: String,
    pub test: bool,
    pub click_id: Option<String>,
    pub sub1: Option<String>,
    pub sub2: Option<String>,
    pub sub3: Option<String>,
    pub sub4: Option<String>,
    pub sub5: Option<String>,
    /// What this lead has earned the partner so far, in kopecks.
    pub payout_kop: i64,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    /// Opaque: pass it back as `after` for the next page.
    pub cursor: String,
}

/// The partner's leads changed after `after` (`<updated_at ms>:<application id>`), oldest
/// change first.
pub fn leads(
    c: &mut dyn Conn,
    partner: &str,
    after: (i64, &str),
    limit: i64,
) -> Result<Vec<Lead>, DbError> {
    c.query(
        "SELECT application_id, status, offer_id, test, click_id, sub1, sub2, sub3, sub4, sub5, payout_kop, created_at, updated_at
         FROM applications
         WHERE partner_id = $1 AND (updated_at > $2 OR (updated_at = $2 AND application_id > $3))
         ORDER BY updated_at, application_id LIMIT $4",
        &[partner.into(), after.0.into(), after.1.into(), limit.into()],
    )?
    .iter()
    .map(|r| {
        let id = r.text(0)?;
        let updated = r.int(12)?;
        Ok(Lead {
            cursor: format!("{updated}:{id}"),
            application_id: id,
            status: status_of(r, 1)?,
            offer_id: r.text(2)?,
            test: r.int(3)? != 0,
            click_id: r.opt_text(4)?,
            sub1: r.opt_text(5)?,
            sub2: r.opt_text(6)?,
            sub3: r.opt_text(7)?,
            sub4: r.opt_text(8)?,
            sub5: r.opt_text(9)?,
            payout_kop: r.int(10)?,
            created_at: crate::clock::rfc3339(r.int(11)?),
            updated_at: crate::clock::rfc3339(updated),
        })
    })
    .collect()
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Funnel {
    /// Applications whose current status is each status.
    pub by_status: std::collections::BTreeMap<String, i64>,
    /// Applications that ever reached each stage (received ≥ approved ≥ issued ≥ repaid).
    pub reached: std::collections::BTreeMap<String, i64>,
    pub total: i64,
    /// Earned by the partner, in kopecks.
    pub payout_kop: i64,
    /// Whether these are the test key's applications.
    pub test: bool,
}

pub fn funnel(c: &mut dyn Conn, partner: &str, test: bool) -> Result<Funnel, DbError> {
    let mut f = Funnel {
        test,
        ..Funnel::default()
    };
    for s in Status::ALL {
        f.by_status.insert(s.as_str().into(), 0);
        f.reached.insert(s.as_str().into(), 0);
    }
    for r in c.query(
        "SELECT status, COUNT(*), CAST(COALESCE(SUM(payout_kop), 0) AS BIGINT) FROM applications
         WHERE partner_id = $1 AND test = $2 GROUP BY status",
        &[partner.into(), test.into()],
    )? {
        let n = r.int(1)?;
        f.total += n;
        f.payout_kop += r.int(2)?;
        f.by_status.insert(r.text(0)?, n);
    }
    for r in c.query(
        "SELECT e.kind, COUNT(DISTINCT e.application_id) FROM events e
         JOIN applications a ON a.application_id = e.application_id
         WHERE a.partner_id = $1 AND a.test = $2 AND e.kind <> 'erased' GROUP BY e.kind",
        &[partner.into(), test.into()],
    )? {
        f.reached.insert(r.text(0)?, r.int(1)?);
    }
    Ok(f)
}

// ---------------------------------------------------------------------------------------------
// The MFO's view of one application

/// kind, text version, given at (browser), received at (server, ms), client address, user agent.
pub type StoredConsent = (String, String, String, i64, Option<String>, Option<String>);

#[derive(Clone, Debug)]
pub struct Record {
    pub application_id: String,
    pub partner_id: String,
    pub test: bool,
    pub status: Status,
    pub offer_id: String,
    pub rules_version: String,
    pub config_version: String,
    pub warning_codes: String,
    pub key_id: Option<String>,
    pub payload: Option<Vec<u8>>,
    pub repeat_of: Option<String>,
    pub payout_kop: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub erased_at: Option<i64>,
    pub consents: Vec<StoredConsent>,
    pub events: Vec<(String, String, i64, i64)>,
}

pub fn record(c: &mut dyn Conn, id: &str) -> Result<Option<Record>, DbError> {
    let Some(r) = c.query_one(
        "SELECT application_id, partner_id, test, status, offer_id, rules_version, config_version, warning_codes,
                key_id, payload, repeat_of, payout_kop, created_at, updated_at, erased_at
         FROM applications WHERE application_id = $1",
        &[id.into()],
    )?
    else {
        return Ok(None);
    };
    let consents = c
        .query(
            "SELECT kind, text_version, given_at, received_at, client_addr, user_agent FROM consents
             WHERE application_id = $1 ORDER BY kind",
            &[id.into()],
        )?
        .iter()
        .map(|c| Ok((c.text(0)?, c.text(1)?, c.text(2)?, c.int(3)?, c.opt_text(4)?, c.opt_text(5)?)))
        .collect::<Result<_, DbError>>()?;
    let events = c
        .query(
            "SELECT kind, status, payout_kop, at FROM events WHERE application_id = $1 ORDER BY id",
            &[id.into()],
        )?
        .iter()
        .map(|e| Ok((e.text(0)?, e.text(1)?, e.int(2)?, e.int(3)?)))
        .collect::<Result<_, DbError>>()?;
    Ok(Some(Record {
        application_id: r.text(0)?,
        partner_id: r.text(1)?,
        test: r.int(2)? != 0,
        status: status_of(&r, 3)?,
        offer_id: r.text(4)?,
        rules_version: r.text(5)?,
        config_version: r.text(6)?,
        warning_codes: r.text(7)?,
        key_id: r.opt_text(8)?,
        payload: r.opt_blob(9)?,
        repeat_of: r.opt_text(10)?,
        payout_kop: r.int(11)?,
        created_at: r.int(12)?,
        updated_at: r.int(13)?,
        erased_at: r.opt_int(14)?,
        consents,
        events,
    }))
}

/// How many applications are stored (tests and the crash test's check).
pub fn count_applications(c: &mut dyn Conn) -> Result<i64, DbError> {
    c.query_one("SELECT COUNT(*) FROM applications", &[])?
        .map(|r| r.int(0))
        .transpose()
        .map(|n| n.unwrap_or(0))
}
