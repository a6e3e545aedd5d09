//! Stores accepted submissions, several in one transaction when they arrive together (group
//! commit). A submission's rows are prepared by [`super::submission`]; here they are written.
//!
//! Why: a durable commit waits for the disk (SQLite's WAL fsync; PostgreSQL's WAL flush) and each
//! statement costs the database its parse, plan and index descents. Submissions that queue while
//! one transaction is being written share the next one: one `BEGIN`, one multi-row statement per
//! kind of row for all of them, one `COMMIT`. Nobody is answered before their rows are committed,
//! so an acknowledged application is as durable as before; alone, a submission is written at
//! once, as before.
//!
//! The writers are tasks of their own: a request whose client went away cannot cut a transaction
//! short, and the transaction always ends (commit, or rollback on error).

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex, Notify};

use crate::db::{Db, Kind};
use crate::repo;

/// Everything one accepted submission stores, prepared and sealed, ready to be written.
pub struct NewSubmission {
    pub application: repo::NewApplication,
    /// One per item, each to its department.
    pub parts: Vec<repo::NewPart>,
    /// Outbox entries `(delivery id, part id, department)`.
    pub deliveries: Vec<(String, String, String)>,
    /// Each part's first history entry, with its id.
    pub events: Vec<(String, repo::PartEvent)>,
    /// The draft it came from, removed with it.
    pub draft_token: String,
    /// For the audit log: who submitted, and what.
    pub submitted_by: String,
    pub audit_detail: String,
}

/// What became of a submission given to [`Intake::store`].
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    Written,
    /// Its idempotency key was taken already (a retry or a second tap): nothing of it was written;
    /// the application stored under the key is the answer.
    KeyTaken,
}

struct Job {
    submission: NewSubmission,
    reply: oneshot::Sender<Result<Stored, sqlx::Error>>,
}

/// At most this many submissions share a transaction…
const MOST_SUBMISSIONS: usize = 64;
/// …and at most about this many parts (12 values each: far below either database's limit on a
/// statement's parameters, SQLite's 32,766 and PostgreSQL's 65,535).
const MOST_PARTS: usize = 512;

/// The intake desk: hands submissions to the writer tasks and waits for their commit.
#[derive(Clone)]
pub struct Intake {
    jobs: mpsc::Sender<Job>,
    committed: Arc<AtomicU64>,
}

impl Intake {
    /// Starts the writers: one on SQLite (one writer at a time anyway), four on PostgreSQL (each
    /// its own connection, so one group is written while the next one gathers).
    pub fn start(db: Db, dispatch_wake: Arc<Notify>) -> Intake {
        let writers = match db.kind {
            Kind::Sqlite => 1,
            Kind::Postgres => std::env::var("YIJIAN_INTAKE_WRITERS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(4),
        };
        Intake::start_with(db, dispatch_wake, writers)
    }

    /// As [`Intake::start`], with `writers` writer tasks.
    pub fn start_with(db: Db, dispatch_wake: Arc<Notify>, writers: usize) -> Intake {
        let (jobs, queue) = mpsc::channel(1024);
        let queue = Arc::new(Mutex::new(queue));
        let committed = Arc::new(AtomicU64::new(0));
        for _ in 0..writers {
            tokio::spawn(write_groups(
                db.clone(),
                queue.clone(),
                dispatch_wake.clone(),
                committed.clone(),
            ));
        }
        Intake { jobs, committed }
    }

    /// Transactions committed so far (each holding one submission or several).
    pub fn transactions(&self) -> u64 {
        self.committed.load(Ordering::Relaxed)
    }

    /// Stores one submission and answers once it is committed (or failed, with nothing of it
    /// stored). The write goes on if the caller stops waiting.
    pub async fn store(&self, submission: NewSubmission) -> Result<Stored, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        let closed = || sqlx::Error::Io(std::io::Error::other("the intake has stopped"));
        self.jobs
            .send(Job { submission, reply })
            .await
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

/// A writer: takes the first waiting submission and every other already waiting (up to the
/// limits), writes them in one transaction, answers each, and goes again.
async fn write_groups(
    db: Db,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    dispatch_wake: Arc<Notify>,
    committed: Arc<AtomicU64>,
) {
    loop {
        let group = {
            let mut queue = queue.lock().await;
            let Some(first) = queue.recv().await else {
                return;
            };
            let mut parts = first.submission.parts.len();
            let mut group = vec![first];
            while group.len() < MOST_SUBMISSIONS && parts < MOST_PARTS {
                match queue.try_recv() {
                    Ok(job) => {
                        parts += job.submission.parts.len();
                        group.push(job);
                    }
                    Err(_) => break,
                }
            }
            group
        };
        let submissions: Vec<&NewSubmission> = group.iter().map(|j| &j.submission).collect();
        match write(&db, &submissions, &committed).await {
            Ok((stored, waits)) => {
                if waits {
                    dispatch_wake.notify_one();
                }
                for (job, stored) in group.into_iter().zip(stored) {
                    let _ = job.reply.send(Ok(stored));
                }
            }
            Err(e) if group.len() == 1 => {
                let _ = group.into_iter().next().map(|job| job.reply.send(Err(e)));
            }
            Err(e) => {
                // One bad submission must not fail the others: each is tried again on its own.
                tracing::warn!(error = %e, size = group.len(), "a group failed; writing its submissions one by one");
                for job in group {
                    let alone = write(&db, &[&job.submission], &committed).await;
                    let answer = alone.map(|(mut stored, waits)| {
                        if waits {
                            dispatch_wake.notify_one();
                        }
                        stored.remove(0)
                    });
                    let _ = job.reply.send(answer);
                }
            }
        }
    }
}

/// Writes a group in one transaction: each kind of row in one statement for all of them. Says
/// what became of each, and whether any part waits for a department's own system.
async fn write(
    db: &Db,
    group: &[&NewSubmission],
    committed: &AtomicU64,
) -> Result<(Vec<Stored>, bool), sqlx::Error> {
    let mut tx = db.begin().await?;
    let applications: Vec<&repo::NewApplication> = group.iter().map(|s| &s.application).collect();
    let written: HashSet<String> = repo::insert_applications(&mut tx, &applications)
        .await?
        .into_iter()
        .collect();
    let kept: Vec<&NewSubmission> = group
        .iter()
        .copied()
        .filter(|s| written.contains(&s.application.number))
        .collect();
    let parts: Vec<&repo::NewPart> = kept.iter().flat_map(|s| &s.parts).collect();
    repo::insert_parts(&mut tx, &parts).await?;
    let deliveries: Vec<(&str, &str, &str)> = kept
        .iter()
        .flat_map(|s| &s.deliveries)
        .map(|(id, part, department)| (id.as_str(), part.as_str(), department.as_str()))
        .collect();
    let now = kept.first().map_or(0, |s| s.application.created_at);
    let waits = crate::dispatch::store::insert_many(&mut tx, &deliveries, now).await?;
    let events: Vec<(String, &repo::PartEvent)> = kept
        .iter()
        .flat_map(|s| &s.events)
        .map(|(id, event)| (id.clone(), event))
        .collect();
    repo::insert_part_events(&mut tx, &events).await?;
    let drafts: Vec<&str> = kept.iter().map(|s| s.draft_token.as_str()).collect();
    repo::delete_drafts(&mut tx, &drafts).await?;
    let audit_ids: Vec<String> = kept
        .iter()
        .map(|s| format!("{}-submitted", s.application.number))
        .collect();
    let audits: Vec<repo::AuditEntry> = kept
        .iter()
        .zip(&audit_ids)
        .map(|(s, id)| repo::AuditEntry {
            id,
            at: s.application.created_at,
            actor: &s.submitted_by,
            role: None,
            client: None,
            action: "submit",
            subject: &s.application.number,
            detail: &s.audit_detail,
        })
        .collect();
    repo::insert_audits(&mut tx, &audits).await?;
    tx.commit().await?;
    committed.fetch_add(1, Ordering::Relaxed);
    let stored = group
        .iter()
        .map(|s| {
            if written.contains(&s.application.number) {
                Stored::Written
            } else {
                Stored::KeyTaken
            }
        })
        .collect();
    Ok((stored, waits))
}
