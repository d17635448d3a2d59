//! Work in a background thread (loading a file, rendering an export) with a progress bar's
//! worth of state and a Cancel button: the window polls it every frame and never waits on it.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

/// How far a job has come, shared with the thread doing it; also its Cancel button.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    /// Estimated amount of work (features in a file, steps of an export).
    total: AtomicUsize,
    cancel: AtomicBool,
    /// What the job is doing now ("Waiting for tiles"), for the progress line.
    stage: Mutex<&'static str>,
}

impl Progress {
    /// Count one unit of work done; returns true when the job should stop.
    pub fn tick(&self) -> bool {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.cancelled()
    }

    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// 0..1
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed).max(1);
        (self.done.load(Ordering::Relaxed) as f32 / total as f32).min(1.0)
    }

    /// Ask the job to stop as soon as it can.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn set_stage(&self, stage: &'static str) {
        if let Ok(mut s) = self.stage.lock() {
            *s = stage;
        }
    }

    pub fn stage(&self) -> &'static str {
        self.stage.lock().map(|s| *s).unwrap_or("")
    }
}

/// What a poll of a job found.
pub enum Polled<T> {
    Running,
    Done(T),
    /// The thread ended without an answer (it panicked).
    Lost,
}

/// A job running in its own thread.
pub struct Job<T> {
    pub progress: Arc<Progress>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Run `work` in a thread named `name`; `wake` is called when it has finished (the window
    /// asks for a frame, so an idle window takes the result at once).
    pub fn spawn(
        name: &str,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let shared = progress.clone();
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _ = tx.send(work(&shared));
                wake();
            })?;
        Ok(Self { progress, rx })
    }

    /// The result, once there is one.
    pub fn poll(&self) -> Polled<T> {
        match self.rx.try_recv() {
            Ok(t) => Polled::Done(t),
            Err(TryRecvError::Empty) => Polled::Running,
            Err(TryRecvError::Disconnected) => Polled::Lost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait<T: Send + 'static>(job: &Job<T>) -> Polled<T> {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            match job.poll() {
                Polled::Running if Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                other => return other,
            }
        }
    }

    #[test]
    fn a_job_hands_back_its_result_and_wakes_the_window() {
        let woken = Arc::new(AtomicBool::new(false));
        let w = woken.clone();
        let job =
            Job::spawn("t", move || w.store(true, Ordering::SeqCst), |_| 6 * 7).expect("spawn");
        assert!(matches!(wait(&job), Polled::Done(42)));
        // The result is sent before the wake-up.
        let until = Instant::now() + Duration::from_secs(5);
        while !woken.load(Ordering::SeqCst) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(woken.load(Ordering::SeqCst));
    }

    #[test]
    fn a_cancelled_job_sees_it_and_a_dead_one_is_lost() {
        let job = Job::spawn(
            "t",
            || {},
            |p| {
                while !p.cancelled() {
                    std::thread::sleep(Duration::from_millis(1));
                }
                "stopped"
            },
        )
        .expect("spawn");
        assert!(matches!(job.poll(), Polled::Running));
        job.progress.cancel();
        assert!(matches!(wait(&job), Polled::Done("stopped")));

        let dead: Job<()> = Job::spawn("t", || {}, |_| panic!("boom")).expect("spawn");
        assert!(matches!(wait(&dead), Polled::Lost));
    }

    #[test]
    fn progress_is_a_fraction_of_the_estimate() {
        let p = Progress::default();
        p.set_total(4);
        assert!(!p.tick());
        p.tick();
        assert_eq!(p.fraction(), 0.5);
        p.set_done(9);
        assert_eq!(p.fraction(), 1.0);
        p.set_stage("Writing PNG");
        assert_eq!(p.stage(), "Writing PNG");
    }
}
